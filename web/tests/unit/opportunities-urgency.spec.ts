// What needs attention (issue 11, defect 5): an open opportunity past its expected date, or with
// a pending tender's bid deadline within two days, is marked on the board's card and in the
// list; a closed one never is. What a closed one offers (defect 6): no 移动到… and no 登记招标.
import { describe, expect, it } from 'vitest';
import { mount } from '@vue/test-utils';
import { createPinia, setActivePinia } from 'pinia';
import { createMemoryHistory, createRouter } from 'vue-router';
import { createAppI18n } from '@/locales';
import OpportunityCard from '@/views/opportunities/opportunity-card.vue';
import { formatDateTime } from '@/kit';
import { isUrgent, nextBidDeadlines, stageActions, urgencyOf, type Urgency } from '@/views/opportunities/opportunity-urgency';
import type { Opportunity } from '@/api/opportunities';
import { opportunityFixture } from './opportunities-fixtures';

// A fixed "now": 2026-03-10 10:00 in Shanghai (02:00 UTC).
const now = new Date('2026-03-10T02:00:00Z');
const hours = (n: number) => new Date(now.getTime() + n * 3600_000).toISOString();

describe('urgency', () => {
  it('marks an open opportunity whose expected date has passed (in Shanghai), not one due today', () => {
    expect(urgencyOf({ stage: 'analyze', expected_date: '2026-03-09' }, null, now)).toEqual({ overdue: true, bidDeadline: null });
    expect(urgencyOf({ stage: 'analyze', expected_date: '2026-03-10' }, null, now).overdue).toBe(false);
    // 23:30 UTC on the 9th is already the 10th in Shanghai: the 9th has passed there
    expect(urgencyOf({ stage: 'bid', expected_date: '2026-03-09' }, null, new Date('2026-03-09T23:30:00Z')).overdue).toBe(true);
  });

  it('marks a bid deadline from now to two days ahead, not one further or already past', () => {
    const open = { stage: 'bid' as const, expected_date: '2026-06-30' };
    expect(urgencyOf(open, hours(47), now)).toEqual({ overdue: false, bidDeadline: hours(47) });
    expect(urgencyOf(open, hours(48), now).bidDeadline).toBe(hours(48));
    expect(urgencyOf(open, hours(49), now).bidDeadline).toBeNull();
    expect(urgencyOf(open, hours(-1), now).bidDeadline).toBeNull();
    expect(isUrgent(urgencyOf(open, hours(49), now))).toBe(false);
    expect(isUrgent(urgencyOf(open, hours(2), now))).toBe(true);
  });

  it('never marks a won or lost opportunity', () => {
    for (const stage of ['won', 'lost'] as const) {
      expect(isUrgent(urgencyOf({ stage, expected_date: '2026-01-01' }, hours(1), now))).toBe(false);
    }
  });

  it('takes each opportunity’s soonest pending deadline still ahead', () => {
    const map = nextBidDeadlines(
      [
        { opportunity_id: 1, result: 'pending', bid_deadline: hours(40) },
        { opportunity_id: 1, result: 'pending', bid_deadline: hours(5) },
        { opportunity_id: 1, result: 'pending', bid_deadline: hours(-3) },
        { opportunity_id: 2, result: 'cancelled', bid_deadline: hours(5) },
        { opportunity_id: 3, result: 'won', bid_deadline: hours(5) },
      ],
      now,
    );
    expect([...map.entries()]).toEqual([[1, hours(5)]]);
  });
});

describe('closed opportunities', () => {
  it('offer no move and no new tender; a lost one can be reopened', () => {
    expect(stageActions('bid')).toEqual({ move: true, reopen: false, addTender: true, edit: true });
    expect(stageActions('won')).toEqual({ move: false, reopen: false, addTender: false, edit: false });
    expect(stageActions('lost')).toEqual({ move: false, reopen: true, addTender: false, edit: false });
  });
});

describe('the board’s card', () => {
  function card(props: { opportunity: Opportunity; movable: boolean; urgency?: Urgency }) {
    const pinia = createPinia();
    setActivePinia(pinia);
    const router = createRouter({
      history: createMemoryHistory(),
      routes: [{ path: '/opportunities/:id', name: 'opportunity', component: { template: '<div />' } }],
    });
    return mount(OpportunityCard, { props, global: { plugins: [pinia, router, createAppI18n('zh-CN')] } });
  }

  it('shows an urgent open card marked, with 移动到…', () => {
    const wrapper = card({
      opportunity: opportunityFixture({ id: 7, stage: 'bid', procurement_stage: 'tender' }),
      movable: true,
      urgency: { overdue: true, bidDeadline: hours(20) },
    });
    expect(wrapper.classes()).toContain('is-urgent');
    expect(wrapper.find('[data-testid="opp-overdue-7"]').text()).toBe('已过预计采购时间');
    expect(wrapper.find('[data-testid="opp-bid-soon-7"]').text()).toBe(`投标截止 ${formatDateTime(hours(20))}`);
    expect(wrapper.find('[data-testid="opp-card-move-7"]').exists()).toBe(true);
    expect(wrapper.attributes('draggable')).toBe('true');
    wrapper.unmount();
  });

  it('offers no 移动到… and no drag on a won or a lost card, and shows no marks', () => {
    for (const stage of ['won', 'lost'] as const) {
      const wrapper = card({ opportunity: opportunityFixture({ id: 8, stage }), movable: true });
      expect(wrapper.find('[data-testid="opp-card-move-8"]').exists()).toBe(false);
      expect(wrapper.attributes('draggable')).toBe('false');
      expect(wrapper.classes()).not.toContain('is-urgent');
      wrapper.unmount();
    }
  });
});
