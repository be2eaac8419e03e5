// The tender calendar page: the month's deadlines and openings on the calendar, the deadlines
// within 14 days soonest first with their days left (red at 3 days or fewer), each linked to
// its opportunity.
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { nextTick } from 'vue';
import TenderCalendarView from '@/views/tenders/tender-calendar-view.vue';
import { eventually, mockFetch, when } from './helpers';
import { mountWithApp, stub } from './mount-with-app';
import { tenderFixture } from './tenders-fixtures';

const NOW = new Date('2026-05-05T10:00:00+08:00');

const soon = tenderFixture({ id: 21, opportunity_id: 7, opportunity_title: '巡逻车采购', bid_deadline: '2026-05-08T09:00:00+08:00' });
const later = tenderFixture({ id: 22, opportunity_id: 9, opportunity_title: '执法车采购', bid_deadline: '2026-05-15T17:00:00+08:00', opening_at: '2026-05-16T09:00:00+08:00' });
const today = tenderFixture({ id: 23, opportunity_id: 11, opportunity_title: '通勤车采购', bid_deadline: '2026-05-05T17:00:00+08:00' });

describe('tender calendar', { timeout: 30_000 }, () => {
  beforeEach(() => {
    vi.useFakeTimers({ now: NOW, toFake: ['Date'] });
    document.body.innerHTML = '';
  });
  afterEach(() => vi.useRealTimers());

  it('lists the deadlines within 14 days soonest first, red at 3 days or fewer, and marks the month', async () => {
    const { requests } = mockFetch(
      when('GET', '/api/v1/tenders', (request) => {
        const query = new URL(request.url, 'http://localhost').searchParams;
        if (query.get('due_within_days') === '14') return { status: 200, body: { items: [later, soon, today] } };
        return { status: 200, body: { items: [soon, later, today] } };
      }),
    );
    const { wrapper } = await mountWithApp(TenderCalendarView, {
      routes: [
        { path: '/', component: stub },
        { path: '/opportunities/:id', component: stub },
      ],
      attach: true,
    });

    await eventually(() => expect(wrapper.findAll('[data-testid^="tender-due-"]').length).toBe(3));
    const urls = requests.map((r) => new URL(r.url, 'http://localhost'));
    expect(urls.some((u) => u.searchParams.get('due_within_days') === '14')).toBe(true);
    expect(urls.some((u) => u.searchParams.get('from') === '2026-04-24' && u.searchParams.get('to') === '2026-06-14')).toBe(true);

    const due = wrapper.findAll('[data-testid^="tender-due-"]');
    expect(due.map((item) => item.attributes('data-testid'))).toEqual(['tender-due-23', 'tender-due-21', 'tender-due-22']);
    const tag = (id: number) => wrapper.find(`[data-testid="tender-days-${id}"]`);
    const tagClasses = (id: number) => tag(id).find('.el-tag').classes();
    expect(tag(23).text()).toBe('今天截止');
    expect(tagClasses(23)).toContain('el-tag--danger');
    expect(tag(21).text()).toBe('剩 3 天');
    expect(tagClasses(21)).toContain('el-tag--danger');
    expect(tag(22).text()).toBe('剩 10 天');
    expect(tagClasses(22)).not.toContain('el-tag--danger');
    expect(due[1]!.find('a').attributes('href')).toBe('/opportunities/7');

    // The calendar: deadlines on the 8th and 15th, an opening on the 16th; today's events below.
    await nextTick();
    expect(wrapper.find('[data-testid="tender-day-2026-05-08"]').text()).toContain('截止 1');
    expect(wrapper.find('[data-testid="tender-day-2026-05-16"]').text()).toContain('开标 1');
    expect(wrapper.find('[data-testid="tender-day-2026-05-09"]').text()).not.toContain('截止');
    const todayEvents = wrapper.find('[data-testid="tender-day-events"]');
    expect(todayEvents.text()).toContain('通勤车采购');
    expect(todayEvents.find('a').attributes('href')).toBe('/opportunities/11');
    wrapper.unmount();
  });
});
