// An opportunity's page: the stage tracker with both processes (a lost one ends in a red 输单
// after the stage it was lost from), money in 元, our latest quote against the competitors', and
// the history with who, when and why.
import { beforeEach, describe, expect, it, vi } from 'vitest';
import type { VueWrapper } from '@vue/test-utils';
import { getOpportunity, listTransitions, type OpportunityDetail, type Transition } from '@/api/opportunities';
import type { Quote } from '@/api/quotes';
import OpportunityView from '@/views/opportunities/opportunity-view.vue';
import { mockFetch } from './helpers';
import { flush, mountWithApp, stub } from './mount-with-app';
import { detailFixture } from './opportunities-fixtures';

vi.mock('@/api/opportunities', async (importOriginal) => ({
  ...(await importOriginal<typeof import('@/api/opportunities')>()),
  getOpportunity: vi.fn(),
  listTransitions: vi.fn(),
}));


const $ = <T extends Element = HTMLElement>(selector: string) => document.body.querySelector<T>(selector);
const text = (selector: string) => $(selector)?.textContent?.replace(/\s+/g, ' ').trim() ?? '';
const status = (selector: string) => $(selector)?.getAttribute('data-status');

function transition(id: number, from: Transition['from_stage'], to: Transition['to_stage'], extra: Partial<Transition> = {}): Transition {
  return {
    id,
    from_stage: from,
    to_stage: to,
    from_procurement_stage: null,
    to_procurement_stage: 'deliberation',
    reason: null,
    lost_to: null,
    by_user_id: 6,
    by_user_name: '杨帆',
    at: '2026-03-05T02:00:00Z',
    ...extra,
  };
}

const ourQuote = {
  id: 3,
  model_name: 'JX巡逻车',
  unit_price_fen: 19_000_000,
  status: 'approved',
  created_at: '2026-03-08T02:00:00Z',
  approvals: [],
  approval_level: 'none',
} as unknown as Quote;

describe('opportunity page', { timeout: 30_000 }, () => {
  let wrapper: VueWrapper;

  beforeEach(() => {
    document.body.innerHTML = '';
    vi.mocked(getOpportunity).mockReset();
    vi.mocked(listTransitions).mockReset().mockResolvedValue({ items: [] });
    mockFetch();
  });

  async function show(detail: OpportunityDetail): Promise<VueWrapper> {
    vi.mocked(getOpportunity).mockResolvedValue(detail);
    ({ wrapper } = await mountWithApp(OpportunityView, {
      permissions: ['opportunities.read', 'opportunities.write'],
      routes: [
        { path: '/', component: stub },
        { path: '/opportunities', name: 'opportunities', component: stub },
        { path: '/opportunities/:id', name: 'opportunity', component: stub },
        { path: '/registrations/:id', name: 'registration', component: stub },
        { path: '/accounts/:id', name: 'account', component: stub },
      ],
      path: `/opportunities/${detail.id}`,
      props: { id: detail.id },
      attach: true,
      transitions: true,
    }));
    return wrapper;
  }

  it('tracks the sales stage and, under it, the customer’s procurement stage', async () => {
    await show(detailFixture({ stage: 'analyze', procurement_stage: 'requirements' }));
    expect(text('[data-testid="opp-title"]')).toBe('公安巡逻车更新');
    expect(status('[data-testid="opp-step-contact"]')).toBe('success');
    expect(status('[data-testid="opp-step-analyze"]')).toBe('process');
    expect(status('[data-testid="opp-step-position"]')).toBe('wait');
    expect(text('[data-testid="opp-step-won"]')).toContain('赢取订单');
    expect(status('[data-testid="opp-pstep-planning"]')).toBe('success');
    expect(status('[data-testid="opp-pstep-requirements"]')).toBe('process');
    expect(text('[data-testid="opp-pstep-requirements"]')).toContain('采购要求');
    expect($('[data-testid="opp-tracker-mismatch"]')).toBeNull();
    expect(text('[data-testid="opp-amount"]')).toBe('3,900,000 元');
    expect(text('[data-testid="opp-budget-value"]')).toBe('4,000,000 元');
    expect($('[data-testid="opp-move-open"]')).not.toBeNull();
    expect($('[data-testid="opp-edit-open"]')).not.toBeNull();
    expect($('[data-testid="opp-tender-add"]')).not.toBeNull();
    expect($('[data-testid="opp-reopen-open"]')).toBeNull();
  });

  it('offers nothing to change on a won opportunity: no stage move, no reopening, no new tender', async () => {
    await show(detailFixture({ stage: 'won', procurement_stage: 'commitment', won_units: 20 }));
    expect($('[data-testid="opp-move-open"]')).toBeNull();
    expect($('[data-testid="opp-reopen-open"]')).toBeNull();
    expect($('[data-testid="opp-edit-open"]')).toBeNull();
    expect($('[data-testid="opp-tender-add"]')).toBeNull();
  });

  it('points out a procurement stage that does not match', async () => {
    await show(detailFixture({ stage: 'analyze', procurement_stage: 'tender' }));
    expect(text('[data-testid="opp-tracker-mismatch"]')).toBe('客户采购阶段（实施招标）与销售阶段（需求分析）不对应');
  });

  it('shows a lost opportunity distinctly: reached up to where it was lost, then a red 输单 with the winner', async () => {
    vi.mocked(listTransitions).mockResolvedValue({
      items: [
        transition(1, null, 'discover'),
        transition(2, 'discover', 'position', { from_procurement_stage: 'deliberation', to_procurement_stage: 'evaluation' }),
        transition(3, 'position', 'lost', { reason: '对方价格更低', lost_to: '某品牌', to_procurement_stage: 'evaluation' }),
      ],
    });
    await show(detailFixture({ stage: 'lost', procurement_stage: 'evaluation', lost_to: '某品牌', outcome_reason: '对方价格更低' }));
    expect(status('[data-testid="opp-step-position"]')).toBe('finish');
    expect(status('[data-testid="opp-step-bid"]')).toBe('wait');
    expect(status('[data-testid="opp-step-lost"]')).toBe('error');
    expect($('[data-testid="opp-step-won"]')).toBeNull();
    expect(text('[data-testid="opp-step-lost"]')).toContain('输给：某品牌');
    expect(text('[data-testid="opp-lost"]')).toContain('对方价格更低');
    expect($('[data-testid="opp-edit-open"]')).toBeNull(); // closed
    // closed: no 变更阶段 and no 登记招标; a lost one is reopened
    expect($('[data-testid="opp-move-open"]')).toBeNull();
    expect($('[data-testid="opp-reopen-open"]')).not.toBeNull();
    expect($('[data-testid="opp-tender-add"]')).toBeNull();

    await wrapper.find('#tab-history').trigger('click');
    await flush();
    expect(text('[data-testid="opp-history-3"]')).toContain('销售定位 → 输单');
    expect(text('[data-testid="opp-history-3"]')).toContain('输给：某品牌');
    expect(text('[data-testid="opp-history-3"]')).toContain('原因：对方价格更低');
    expect(text('[data-testid="opp-history-3"]')).toContain('杨帆');
    expect(text('[data-testid="opp-history-1"]')).toContain('创建于发现需求');
  });

  it('shows our latest quote against each competitor’s', async () => {
    await show(
      detailFixture({
        quotes: [ourQuote],
        competitor_quotes: [
          { id: 1, brand: '甲品牌', model: 'A1', unit_price_fen: 20_000_000, quoted_on: null, note: null, created_by_name: '杨帆', created_at: '' },
          { id: 2, brand: '乙品牌', model: 'B2', unit_price_fen: 18_000_000, quoted_on: null, note: null, created_by_name: '杨帆', created_at: '' },
        ],
      }),
    );
    await wrapper.find('#tab-competitors').trigger('click');
    await flush();
    expect(text('[data-testid="opp-our-latest"]')).toBe('我方最新报价：JX巡逻车 190,000 元（已批准）');
    expect(text('[data-testid="opp-competitor-gap-1"]')).toBe('我方低 10,000 元（5%）');
    expect(text('[data-testid="opp-competitor-gap-2"]')).toBe('我方高 10,000 元（5.56%）');
  });
});
