import { describe, expect, it } from 'vitest';
import type { AssessmentTemplate } from '@/api/assessment';
import { ApiError } from '@/api/client';
import { mapFormErrors } from '@/utils/form-errors';
import {
  addMonths,
  closedMonthOf,
  contentKey,
  currentMonth,
  nextChange,
  shareSum,
  templateBody,
  templateFields,
  templateFor,
  templateFrom,
  templateModel,
  templateProblems,
  templateState,
  weightSum,
} from '@/views/assessment/assessment-template';

/** The seed's table as GET /assessment-templates answers it in `default` (DOMAIN.md §7). */
function seed(): AssessmentTemplate {
  const criterion = (code: string, name: string, share: number, source: 'timeliness' | 'accuracy' | 'registrations' | 'reviewer', guide = '') => ({
    code,
    name,
    share,
    source,
    guide,
  });
  return {
    id: null,
    effective_month: null,
    note: null,
    created_by_name: null,
    created_at: null,
    updated_at: null,
    version: null,
    deduction_per_day: 20,
    empty_registrations: 'excluded',
    performance_pay_share: 30,
    items: [
      { code: 'split', name: '目标分解', weight: 5, assessed: 'managers', criteria: [criterion('timeliness', '及时性', 50, 'timeliness'), criterion('rationality', '合理性', 50, 'reviewer')] },
      { code: 'monthly_stats', name: '大客户统计表', weight: 5, assessed: 'dealer_people', criteria: [criterion('timeliness', '及时性', 50, 'timeliness'), criterion('accuracy', '准确性', 50, 'accuracy')] },
      { code: 'registrations', name: '信息报备', weight: 30, assessed: 'dealer_people', criteria: [criterion('quality', '真实性、准确性', 100, 'registrations')] },
      { code: 'weekly_tracking', name: '重点大客户关系维系跟踪表', weight: 30, assessed: 'dealer_people', criteria: [criterion('timeliness', '及时性', 50, 'timeliness'), criterion('authenticity', '真实性', 50, 'reviewer', '判断有依据')] },
      { code: 'monthly_summary', name: '月度工作总结表', weight: 30, assessed: 'dealer_people', criteria: [criterion('timeliness', '及时性', 30, 'timeliness'), criterion('quality', '质量、真实性', 70, 'reviewer')] },
    ],
  };
}

function stored(month: string, version = 1): AssessmentTemplate {
  return { ...seed(), id: Number(month.replace('-', '')), effective_month: month, version, created_by_name: '李振华' };
}

describe('assessment template months', () => {
  it('takes this month in China time, across a midnight and a year', () => {
    expect(currentMonth(new Date('2026-03-15T04:00:00Z'))).toBe('2026-03');
    // 2026-02-28 17:00 UTC is March 1st 01:00 in China
    expect(currentMonth(new Date('2026-02-28T17:00:00Z'))).toBe('2026-03');
    expect(currentMonth(new Date('2025-12-31T16:30:00Z'))).toBe('2026-01');
  });

  it('moves a month forward and back across years', () => {
    expect(addMonths('2026-11', 1)).toBe('2026-12');
    expect(addMonths('2026-12', 1)).toBe('2027-01');
    expect(addMonths('2026-12', 2)).toBe('2027-02');
    expect(addMonths('2027-01', -1)).toBe('2026-12');
    expect(addMonths('2026-05', -17)).toBe('2024-12');
  });

  it('scores a month with the newest template effective at or before it, else the seed’s', () => {
    const fallback = seed();
    const list = [stored('2026-09'), stored('2026-03')]; // newest first, as the server lists them
    expect(templateFor(list, '2026-02', fallback)).toBe(fallback);
    expect(templateFor(list, '2026-03', fallback)).toBe(list[1]);
    expect(templateFor(list, '2026-08', fallback)).toBe(list[1]);
    expect(templateFor(list, '2026-09', fallback)).toBe(list[0]);
    expect(templateFor(list, '2027-05', fallback)).toBe(list[0]);
    // the order of the list does not matter
    expect(templateFor([...list].reverse(), '2026-10', fallback)).toBe(list[0]);
    expect(templateFor([], '2026-10', fallback)).toBe(fallback);
  });

  it('finds the template set from a month (whose version a change sends) and where a change stops', () => {
    const list = [stored('2027-02', 3), stored('2026-09')];
    expect(templateFrom(list, '2027-02')?.version).toBe(3);
    expect(templateFrom(list, '2027-01')).toBeUndefined();
    expect(nextChange(list, '2026-12')).toBe('2027-02');
    expect(nextChange(list, '2026-05')).toBe('2026-09');
    expect(nextChange(list, '2027-02')).toBeNull();
  });

  it('says which template is in force, which waits for its month and which was replaced', () => {
    const fallback = seed();
    const list = [stored('2027-02'), stored('2026-09')];
    expect(templateState(list, list[0]!, fallback, '2026-12')).toBe('upcoming');
    expect(templateState(list, list[1]!, fallback, '2026-12')).toBe('current');
    expect(templateState(list, fallback, fallback, '2026-12')).toBe('past');
    expect(templateState([], fallback, fallback, '2026-12')).toBe('current');
  });
});

describe('assessment template checks', () => {
  it('adds up the weights and the shares, counting a cleared field as 0', () => {
    const model = templateModel(seed(), '2027-01');
    expect(weightSum(model.items)).toBe(100);
    expect(model.items.map((item) => shareSum(item.criteria))).toEqual([100, 100, 100, 100, 100]);
    model.items[2]!.weight = 35;
    expect(weightSum(model.items)).toBe(105);
    (model.items[0] as { weight: number | null }).weight = null;
    expect(weightSum(model.items)).toBe(100);
  });

  it('lets the seed’s table save and blocks weights not making 100, naming the field the server would', () => {
    const model = templateModel(seed(), '2027-01');
    expect(templateProblems(model)).toEqual([]);
    model.items[2]!.weight = 35;
    expect(templateProblems(model)).toEqual([{ field: 'items', problem: 'weights', sum: 105 }]);
    model.items[4]!.weight = 25;
    expect(templateProblems(model)).toEqual([]);
  });

  it('blocks an item whose criteria shares do not make 100, a cleared number and a criterion without a name', () => {
    const model = templateModel(seed(), '2027-01');
    model.items[3]!.criteria[1]!.share = 40;
    expect(templateProblems(model)).toEqual([{ field: 'items[3].criteria', problem: 'shares', sum: 90 }]);
    model.items[3]!.criteria[1]!.share = 50;
    (model.items[1]!.criteria[0] as { share: number | null }).share = null;
    model.items[4]!.criteria[0]!.name = '  ';
    model.deduction_per_day = undefined;
    model.performance_pay_share = 101;
    expect(templateProblems(model)).toEqual([
      { field: 'items[1].criteria[0].share', problem: 'range' },
      { field: 'items[1].criteria', problem: 'shares', sum: 50 },
      { field: 'items[4].criteria[0].name', problem: 'name' },
      { field: 'deduction_per_day', problem: 'range' },
      { field: 'performance_pay_share', problem: 'range' },
    ]);
  });

  it('takes a fraction of a point per day late, but only whole percentages', () => {
    const model = templateModel(seed(), '2027-01');
    model.deduction_per_day = 12.5;
    expect(templateProblems(model)).toEqual([]);
    model.items[0]!.weight = 2.5;
    model.items[1]!.weight = 7.5;
    expect(templateProblems(model).map((p) => p.field)).toEqual(['items[0].weight', 'items[1].weight']);
  });
});

describe('assessment template body', () => {
  it('sends the content of the model, the note when there is one, and the version only to replace a month’s template', () => {
    const model = templateModel(seed(), '2027-01');
    model.items[2]!.weight = 35;
    model.items[4]!.weight = 25;
    model.items[3]!.criteria[1]!.guide = '  与拜访记录相符  ';
    model.empty_registrations = 'zero';
    const body = templateBody(model, undefined);
    expect(body.items.map((item) => [item.code, item.weight])).toEqual([
      ['split', 5],
      ['monthly_stats', 5],
      ['registrations', 35],
      ['weekly_tracking', 30],
      ['monthly_summary', 25],
    ]);
    expect(body.items[3]!.criteria[1]).toEqual({ code: 'authenticity', name: '真实性', share: 50, source: 'reviewer', guide: '与拜访记录相符' });
    // an empty guide is left out, as the server stores none
    expect(body.items[0]!.criteria[0]).toEqual({ code: 'timeliness', name: '及时性', share: 50, source: 'timeliness' });
    expect(body.empty_registrations).toBe('zero');
    expect(body.deduction_per_day).toBe(20);
    expect(body.performance_pay_share).toBe(30);
    expect('note' in body).toBe(false);
    expect('version' in body).toBe(false);
    // `assessed` is fixed by the item: never sent
    expect(body.items.every((item) => !('assessed' in item))).toBe(true);

    model.note = '  报备权重上调  ';
    const replacing = templateBody(model, 4);
    expect(replacing.note).toBe('报备权重上调');
    expect(replacing.version).toBe(4);
    expect('version' in templateBody(model, null)).toBe(false);
  });

  it('copies the template, so editing never changes the one shown', () => {
    const template = seed();
    const model = templateModel(template, '2027-01');
    model.items[0]!.weight = 10;
    model.items[0]!.criteria[0]!.name = '改';
    expect(template.items[0]!.weight).toBe(5);
    expect(template.items[0]!.criteria[0]!.name).toBe('及时性');
    expect(contentKey(model)).not.toBe(contentKey(templateModel(template, '2027-01')));
    // the month and the note are not the content
    const later = templateModel(template, '2027-05');
    later.note = 'x';
    expect(contentKey(templateModel(template, '2027-01'))).toBe(contentKey(later));
  });

  it('places the server’s 422 beside the weight, the criterion and the rules, and the rest above the form', () => {
    const fields = templateFields(5, 6);
    const error = new ApiError(422, {
      type: 'about:blank',
      title: 'Unprocessable',
      detail: 'the template is not valid',
      status: 422,
      code: 'validation_failed',
      errors: [
        { field: 'items[2].weight', code: 'invalid_value', message: 'must be 0 to 100' },
        { field: 'items', code: 'invalid_value', message: 'weights must sum to 100 (they sum to 105)' },
        { field: 'items[3].criteria[1].source', code: 'invalid_value', message: 'this item cannot be scored by accuracy' },
        { field: 'deduction_per_day', code: 'invalid_value', message: 'must be 0 to 100' },
      ],
    });
    const translator = { t: (key: string) => key, te: () => false };
    const mapped = mapFormErrors(error, fields, translator);
    expect(mapped.fields).toEqual({
      'items[2].weight': 'must be 0 to 100',
      items: 'weights must sum to 100 (they sum to 105)',
      'items[3].criteria[1].source': 'this item cannot be scored by accuracy',
      deduction_per_day: 'must be 0 to 100',
    });
    expect(mapped.rest).toBeNull();
    const unknown = new ApiError(422, { ...error.problem!, errors: [{ field: 'colour', code: 'unknown_field', message: 'is not a field of this object' }] });
    expect(mapFormErrors(unknown, fields, translator).rest).not.toBeNull();
  });

  it('reads the closed month out of a 409 assessment.month_closed', () => {
    expect(closedMonthOf('the assessment of 2026-11 is compiled: a template change applies from a later month')).toBe('2026-11');
    expect(closedMonthOf('')).toBeNull();
    expect(closedMonthOf(undefined)).toBeNull();
  });
});
