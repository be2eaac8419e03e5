// The opportunity pages' rules without a page: each sales stage with its procurement stage,
// which moves are allowed and which need a reason (and 输给谁), what a drop on the board does,
// the price band a quote falls in before it is submitted, money in 元 and 万元, deliveries beyond
// the won units, and the form ↔ the API's body.
import { describe, expect, it } from 'vitest';
import type { VehicleModel } from '@/api/catalogue';
import {
  matchingProcurementStage,
  matchingStage,
  OPEN_STAGES,
  PROCUREMENT_STAGES,
  STAGE_PROCUREMENT,
  STAGES,
} from '@/api/opportunities';
import type { Quote } from '@/api/quotes';
import { createAppI18n } from '@/locales';
import {
  defaultProcurementStage,
  emptyForm,
  exceedsWon,
  fieldsFromForm,
  formatBp,
  formatWan,
  formatYuan,
  formFromRegistration,
  latestQuote,
  lineTotals,
  moveRule,
  moveTargets,
  planBoardMove,
  previewQuote,
  priceGap,
  procurementMismatch,
  withoutNulls,
  yuanToFen,
} from '@/views/opportunities/opportunity-format';
import { registrationFixture } from './registrations-fixtures';

describe('stages and the procurement stages they match', () => {
  it('pairs the six sales stages with the six procurement stages in order; lost keeps the customer’s', () => {
    expect(STAGES).toEqual(['discover', 'contact', 'analyze', 'position', 'bid', 'won', 'lost']);
    expect(OPEN_STAGES).toEqual(['discover', 'contact', 'analyze', 'position', 'bid']);
    expect(STAGE_PROCUREMENT).toEqual({
      discover: 'deliberation',
      contact: 'planning',
      analyze: 'requirements',
      position: 'evaluation',
      bid: 'tender',
      won: 'commitment',
    });
    expect(matchingProcurementStage('lost')).toBeNull();
    for (const procurement of PROCUREMENT_STAGES) expect(matchingProcurementStage(matchingStage(procurement))).toBe(procurement);
    expect(defaultProcurementStage('position', 'planning')).toBe('evaluation');
    expect(defaultProcurementStage('lost', 'tender')).toBe('tender');
  });

  it('names them as DOMAIN.md §4 does in Chinese', () => {
    const { t } = createAppI18n('zh-CN').global;
    expect(STAGES.map((stage) => t(`opportunities.stages.${stage}`))).toEqual([
      '发现需求',
      '接触客户',
      '需求分析',
      '销售定位',
      '跟进投标',
      '赢取订单',
      '输单',
    ]);
    expect(PROCUREMENT_STAGES.map((stage) => t(`opportunities.procurementStages.${stage}`))).toEqual([
      '内部酝酿',
      '计划准备',
      '采购要求',
      '评估比较',
      '实施招标',
      '购车承诺',
    ]);
  });

  it('notices a procurement stage that does not match the sales stage', () => {
    expect(procurementMismatch({ stage: 'contact', procurement_stage: 'planning' })).toBe(false);
    expect(procurementMismatch({ stage: 'contact', procurement_stage: 'evaluation' })).toBe(true);
    expect(procurementMismatch({ stage: 'lost', procurement_stage: 'evaluation' })).toBe(false);
  });
});

describe('which moves need a reason', () => {
  it('moves forward between open stages at once', () => {
    expect(moveRule('discover', 'contact')).toEqual({ allowed: true, kind: 'forward', needsReason: false, needsLostTo: false });
    expect(moveRule('contact', 'bid')).toMatchObject({ allowed: true, needsReason: false });
    expect(planBoardMove('discover', 'position')).toBe('direct');
  });

  it('needs a reason to go back to an earlier stage', () => {
    expect(moveRule('position', 'contact')).toEqual({ allowed: true, kind: 'backward', needsReason: true, needsLostTo: false });
    expect(planBoardMove('bid', 'discover')).toBe('dialog');
  });

  it('needs a reason to win, and a reason and lost_to to lose', () => {
    expect(moveRule('bid', 'won')).toEqual({ allowed: true, kind: 'won', needsReason: true, needsLostTo: false });
    expect(moveRule('discover', 'lost')).toEqual({ allowed: true, kind: 'lost', needsReason: true, needsLostTo: true });
    expect(planBoardMove('analyze', 'won')).toBe('dialog');
    expect(planBoardMove('analyze', 'lost')).toBe('dialog');
  });

  it('allows nothing from won, and from lost only a reopening to an open stage with a reason', () => {
    for (const to of STAGES) expect(moveRule('won', to).allowed).toBe(false);
    expect(moveTargets('won')).toEqual([]);
    expect(planBoardMove('won', 'bid')).toBe('invalid');
    expect(moveRule('lost', 'position')).toEqual({ allowed: true, kind: 'reopen', needsReason: true, needsLostTo: false });
    expect(moveRule('lost', 'won').allowed).toBe(false);
    expect(moveTargets('lost')).toEqual([...OPEN_STAGES]);
    expect(planBoardMove('lost', 'discover')).toBe('dialog');
    expect(planBoardMove('lost', 'won')).toBe('invalid');
  });

  it('does nothing for a drop on the card’s own column; the same stage may only change the procurement stage', () => {
    expect(planBoardMove('analyze', 'analyze')).toBe('none');
    expect(moveRule('analyze', 'analyze')).toMatchObject({ allowed: true, kind: 'procurement', needsReason: false });
    expect(moveTargets('analyze')).toEqual(['discover', 'contact', 'position', 'bid', 'won', 'lost']);
  });
});

describe('the price band before a quote is submitted', () => {
  // 警用巡逻车: guide ¥200,000.00; HQ's band for tenders 5 % / 10 %, none for agreements.
  const model: Pick<VehicleModel, 'guide_price_fen' | 'bands'> = {
    guide_price_fen: 20_000_000,
    bands: [{ procurement_method: 'tender', max_discount_bp: 500, hq_discount_bp: 1000 }],
  };

  it('is within the band from guide × (1 − max) up to the guide price', () => {
    expect(previewQuote(model, 'tender', 20_000_000)).toMatchObject({ discount_bp: 0, approval_level: 'none', defaultBand: false });
    expect(previewQuote(model, 'tender', 19_000_000)).toMatchObject({ discount_bp: 500, approval_level: 'none' });
  });

  it('needs the regional director below the band, and HQ too below guide × (1 − hq)', () => {
    expect(previewQuote(model, 'tender', 18_999_999)).toMatchObject({ approval_level: 'regional' });
    expect(previewQuote(model, 'tender', 18_000_000)).toMatchObject({ discount_bp: 1000, approval_level: 'regional' });
    expect(previewQuote(model, 'tender', 17_999_999)).toMatchObject({ approval_level: 'hq' });
    expect(previewQuote(model, 'tender', 15_000_000)).toMatchObject({ discount_bp: 2500, approval_level: 'hq' });
  });

  it('needs the regional director above the guide price (a negative discount)', () => {
    expect(previewQuote(model, 'tender', 20_000_100)).toMatchObject({ approval_level: 'regional' });
    expect(previewQuote(model, 'tender', 20_100_000)).toMatchObject({ discount_bp: -50, approval_level: 'regional' });
  });

  it('uses 300 / 800 where HQ set no band for the procurement method', () => {
    const preview = previewQuote(model, 'agreement', 19_400_000);
    expect(preview).toMatchObject({ max_discount_bp: 300, hq_discount_bp: 800, defaultBand: true, discount_bp: 300, approval_level: 'none' });
    expect(previewQuote(model, 'agreement', 19_300_000).approval_level).toBe('regional');
    expect(previewQuote(model, 'agreement', 18_300_000).approval_level).toBe('hq');
  });
});

describe('money', () => {
  it('turns 元 as typed into 分 and back', () => {
    expect(yuanToFen(1234.56)).toBe(123456);
    expect(yuanToFen(0.1 + 0.2)).toBe(30);
    expect(yuanToFen(undefined)).toBeUndefined();
  });

  it('shows 元 with thousands separators', () => {
    expect(formatYuan(125_000_000, 'zh-CN')).toBe('1,250,000 元');
    expect(formatYuan(12_345, 'en')).toBe('¥123.45');
    expect(formatYuan(null, 'zh-CN')).toBe('');
  });

  it('shows 万元 on the board’s cards (compact in English)', () => {
    expect(formatWan(125_000_000, 'zh-CN')).toBe('125 万元');
    expect(formatWan(1_234_567_800, 'zh-CN')).toBe('1,234.57 万元');
    expect(formatWan(0, 'zh-CN')).toBe('0 元');
    expect(formatWan(125_000_000, 'en')).toBe('¥1.25M');
  });

  it('shows basis points as a percentage', () => {
    expect(formatBp(350, 'zh-CN')).toBe('3.5%');
    expect(formatBp(-200, 'en')).toBe('-2%');
  });
});

describe('our latest quote against the competitors', () => {
  const quote = (id: number, created_at: string, status: Quote['status'], unit_price_fen = 19_000_000) =>
    ({ id, created_at, status, unit_price_fen }) as Quote;

  it('takes the newest quote that still stands', () => {
    expect(latestQuote([])).toBeNull();
    const quotes = [quote(1, '2026-03-01T00:00:00Z', 'sent'), quote(3, '2026-03-05T00:00:00Z', 'rejected'), quote(2, '2026-03-03T00:00:00Z', 'pending_regional')];
    expect(latestQuote(quotes)?.id).toBe(2);
  });

  it('says how much cheaper or dearer we are', () => {
    expect(priceGap(19_000_000, 20_000_000)).toEqual({ fen: -1_000_000, bp: -500 });
    expect(priceGap(21_000_000, 20_000_000)).toEqual({ fen: 1_000_000, bp: 500 });
  });
});

describe('deliveries beyond the won units', () => {
  it('asks for a reason when the deliveries would exceed the units won', () => {
    const opportunity = { won_units: 20, delivered_units: 15 };
    expect(exceedsWon(opportunity, 5)).toBe(false);
    expect(exceedsWon(opportunity, 6)).toBe(true);
    expect(exceedsWon({ won_units: 20, delivered_units: 20 }, 1)).toBe(true);
  });
});

describe('the form and the body', () => {
  it('fills the form from an approved registration', () => {
    const form = formFromRegistration(
      registrationFixture({ status: 'approved', model: 'JX5034', budget_fen: 300_000_000, procurement_method: 'agreement' }),
      '成都市公安局 警备车 20 台',
    );
    expect(form.title).toBe('成都市公安局 警备车 20 台');
    expect(form.lines).toEqual([{ vehicle_type: 'police_patrol', model_id: null, model: 'JX5034', quantity: 20, unit_price_yuan: undefined }]);
    expect(form.budget_yuan).toBe(3_000_000);
    expect(form.expected_date).toBe('2026-09-30');
    expect(form.procurement_method).toBe('agreement');
  });

  it('sends prices in 分, emptied fields as null (a create leaves them out), a catalogue model by id', () => {
    const form = emptyForm();
    form.title = '  公安巡逻车更新  ';
    form.expected_date = '2026-10-01';
    form.procurement_method = 'tender';
    form.lines = [
      { vehicle_type: 'police_patrol', model_id: 4, model: 'JX巡逻车', quantity: 10, unit_price_yuan: 195000.5 },
      { vehicle_type: 'suv', model_id: null, model: ' 其他SUV ', quantity: 2, unit_price_yuan: undefined },
    ];
    form.budget_yuan = 2_500_000;
    form.worth_investing = 'yes';
    form.requirements.body = '白色';
    form.probability = 60;
    const fields = fieldsFromForm(form);
    expect(fields).toEqual({
      title: '公安巡逻车更新',
      lines: [
        { vehicle_type: 'police_patrol', model_id: 4, quantity: 10, unit_price_fen: 19_500_050 },
        { vehicle_type: 'suv', model: '其他SUV', quantity: 2 },
      ],
      budget_fen: 250_000_000,
      budget_analysis: null,
      expected_date: '2026-10-01',
      worth_investing: true,
      risks: null,
      requirements: { body: '白色', interior: null, configuration: null, accessories: null },
      procurement_method: 'tender',
      agreement_id: null,
      usage_area: 'in_province',
      probability: 60,
      value: null,
      difficulty: null,
    });
    expect(withoutNulls(fields!)).toEqual({
      title: '公安巡逻车更新',
      lines: fields!.lines,
      budget_fen: 250_000_000,
      expected_date: '2026-10-01',
      worth_investing: true,
      requirements: { body: '白色' },
      procurement_method: 'tender',
      usage_area: 'in_province',
      probability: 60,
    });
    expect(lineTotals(form.lines)).toEqual({ quantity: 12, amount_fen: 195_000_500 });
  });

  it('names a framework agreement under 协议供货 only (another method sends none)', () => {
    const form = emptyForm();
    Object.assign(form, { title: '公安巡逻车', expected_date: '2026-10-01', procurement_method: 'agreement', agreement_id: 7 });
    form.lines = [{ vehicle_type: 'police_patrol', model_id: 4, model: '', quantity: 2, unit_price_yuan: 196_000 }];
    expect(fieldsFromForm(form)?.agreement_id).toBe(7);
    form.procurement_method = 'tender';
    expect(fieldsFromForm(form)?.agreement_id).toBeNull();
    expect(withoutNulls(fieldsFromForm(form)!)).not.toHaveProperty('agreement_id');
  });
});
