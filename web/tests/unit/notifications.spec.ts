// The bell (issue 13): its count polled every minute and on each route change while signed in and
// never while signed out (nor a console error); the dropdown's latest notifications, a click marks
// one read and opens its record; 全部已读; the icon and the relative time of each kind; the badge.
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { setActivePinia, createPinia } from 'pinia';
import type { Notification } from '@/api/notifications';
import NotificationBell from '@/components/notification-bell.vue';
import { useAuthStore } from '@/stores/auth';
import { POLL_INTERVAL_MS, useNotificationStore } from '@/stores/notifications';
import { badgeText, kindIcon, kindKey, KIND_ICONS, relativeTime, targetOf } from '@/views/notifications/notification-format';
import { Bell } from '@element-plus/icons-vue';
import { adminMe, mockFetch, problem, when, type RecordedRequest } from './helpers';
import { flush, mountWithApp, stub } from './mount-with-app';

const item = (id: number, extra: Partial<Notification> = {}): Notification => ({
  id,
  kind: 'quote_to_approve',
  title: `报价待大区审批：第${id}号`,
  body: '江铃 指挥车 × 10 台',
  link: `/opportunities/${id}?tab=quotes`,
  created_at: new Date(Date.now() - 5 * 60_000).toISOString(),
  read_at: null,
  ...extra,
});

const counts = (requests: RecordedRequest[]) => requests.filter((r) => r.url.includes('/notifications/unread-count')).length;

describe('what the bell shows', () => {
  it('has an icon for every kind the server sends, and the bell for others', () => {
    for (const kind of [
      'quote_to_approve',
      'registration_to_review',
      'tender_closing',
      'report_due',
      'report_overdue',
      'next_step_due',
      'rectification_open',
      'rectification_due',
      'rectification_overdue',
      'rectification_responded',
      'satisfaction_due',
      'satisfaction_low',
      'complaint_open',
      'complaint_overdue',
    ]) {
      expect(KIND_ICONS[kind]).toBeDefined();
      expect(kindIcon(kind)).not.toBe(Bell);
      expect(kindKey(kind)).toBe(`notifications.kinds.${kind}`);
    }
    expect(kindIcon('something_new')).toBe(Bell);
    expect(kindKey('something_new')).toBe('notifications.kinds.other');
  });

  it('says how long ago in the largest whole unit, and the date after a week', () => {
    const now = Date.parse('2025-03-10T12:00:00Z');
    expect(relativeTime('2025-03-10T11:59:30Z', now)).toEqual({ unit: 'now', count: 0 });
    expect(relativeTime('2025-03-10T11:57:00Z', now)).toEqual({ unit: 'minutes', count: 3 });
    expect(relativeTime('2025-03-10T09:00:01Z', now)).toEqual({ unit: 'hours', count: 2 });
    expect(relativeTime('2025-03-08T12:00:00+08:00', now)).toEqual({ unit: 'days', count: 2 });
    expect(relativeTime('2025-03-01T12:00:00Z', now)).toEqual({ unit: 'date', count: 0 });
    expect(relativeTime('2025-03-10T12:00:30Z', now)).toEqual({ unit: 'now', count: 0 }); // a clock ahead
    expect(relativeTime('not a time', now)).toEqual({ unit: 'date', count: 0 });
  });

  it('counts on the badge up to 99, and opens only this app’s paths', () => {
    expect(badgeText(0)).toBe('');
    expect(badgeText(-1)).toBe('');
    expect(badgeText(7)).toBe('7');
    expect(badgeText(99)).toBe('99');
    expect(badgeText(100)).toBe('99+');
    expect(targetOf('/registrations/7')).toBe('/registrations/7');
    expect(targetOf('https://evil.example/')).toBeNull();
    expect(targetOf('//evil.example/')).toBeNull();
    expect(targetOf('')).toBeNull();
  });
});

describe('the bell store', () => {
  beforeEach(() => {
    vi.useFakeTimers();
    setActivePinia(createPinia());
  });
  afterEach(() => vi.useRealTimers());

  it('asks nothing while signed out', async () => {
    const { requests } = mockFetch();
    const store = useNotificationStore();
    store.startPolling();
    await vi.advanceTimersByTimeAsync(3 * POLL_INTERVAL_MS);
    expect(requests).toHaveLength(0);
    expect(store.unread).toBe(0);
    store.stopPolling();
  });

  it('polls the count every minute while signed in, and stops when told', async () => {
    let unread = 2;
    const { requests } = mockFetch(when('GET', '/api/v1/notifications/unread-count', () => ({ status: 200, body: { unread } })));
    useAuthStore().me = adminMe;
    const store = useNotificationStore();
    store.startPolling();
    await flush();
    expect(counts(requests)).toBe(1);
    expect(store.unread).toBe(2);
    unread = 5;
    await vi.advanceTimersByTimeAsync(POLL_INTERVAL_MS - 1);
    expect(counts(requests)).toBe(1);
    await vi.advanceTimersByTimeAsync(1);
    await flush();
    expect(counts(requests)).toBe(2);
    expect(store.unread).toBe(5);
    store.stopPolling();
    await vi.advanceTimersByTimeAsync(5 * POLL_INTERVAL_MS);
    expect(counts(requests)).toBe(2);
  });

  it('keeps the last count quietly when a poll fails (the session ended, the server is away)', async () => {
    const errors = vi.spyOn(console, 'error');
    let fail = false;
    mockFetch(
      when('GET', '/api/v1/notifications/unread-count', () =>
        fail ? { status: 401, body: problem(401, 'unauthenticated') } : { status: 200, body: { unread: 3 } },
      ),
    );
    useAuthStore().me = adminMe;
    const store = useNotificationStore();
    await store.refreshCount();
    expect(store.unread).toBe(3);
    fail = true;
    await store.refreshCount();
    expect(store.unread).toBe(3);
    expect(errors).not.toHaveBeenCalled();
  });

  it('marks one read once, and all read', async () => {
    const { requests } = mockFetch(
      when('GET', '/api/v1/notifications', { status: 200, body: { items: [item(3), item(2, { read_at: '2025-01-01T00:00:00Z' }), item(1)], next_cursor: null, unread_count: 2 } }),
      when('POST', '/api/v1/notifications/3/read', { status: 204 }),
      when('POST', '/api/v1/notifications/read-all', { status: 204 }),
    );
    useAuthStore().me = adminMe;
    const store = useNotificationStore();
    await store.loadLatest();
    expect(store.latest.map((n) => n.id)).toEqual([3, 2, 1]);
    expect(store.unread).toBe(2);
    await store.markRead(store.latest[0]!);
    expect(store.unread).toBe(1);
    expect(store.latest[0]!.read_at).not.toBeNull();
    await store.markRead(store.latest[0]!); // already read: nothing sent, nothing counted off
    await store.markRead(store.latest[1]!);
    expect(requests.filter((r) => r.method === 'POST')).toHaveLength(1);
    expect(store.unread).toBe(1);
    await store.markAllRead();
    expect(store.unread).toBe(0);
    expect(store.latest.every((n) => n.read_at)).toBe(true);
  });
});

describe('the bell in the header', () => {
  afterEach(() => vi.useRealTimers());

  async function mountBell(list: Notification[], unreadAtFirst: number) {
    let unread = unreadAtFirst;
    const fetched = mockFetch(
      when('GET', '/api/v1/notifications/unread-count', () => ({ status: 200, body: { unread } })),
      when('GET', '/api/v1/notifications', () => ({ status: 200, body: { items: list, next_cursor: null, unread_count: unread } })),
      when('POST', '/api/v1/notifications/9/read', () => {
        unread -= 1;
        return { status: 204 };
      }),
    );
    const mounted = await mountWithApp(NotificationBell, {
      permissions: [],
      attach: true,
      routes: [
        { path: '/', component: stub },
        { path: '/opportunities/:id', component: stub },
        { path: '/notifications', component: stub },
      ],
    });
    await flush();
    return { ...mounted, ...fetched };
  }

  it('shows the count, lists the latest, and a click marks read and opens the record', async () => {
    const { wrapper, router, requests } = await mountBell([item(9), item(8, { kind: 'tender_closing', read_at: '2025-01-01T00:00:00Z' })], 4);
    expect(wrapper.find('[data-testid="bell-count"]').text()).toContain('4');
    await wrapper.find('[data-testid="bell"]').trigger('click');
    await flush();
    const items = document.querySelectorAll<HTMLElement>('[data-testid="bell-item"]');
    expect(items).toHaveLength(2);
    expect(items[0]!.textContent).toContain('报价待大区审批：第9号');
    expect(items[0]!.textContent).toContain('5 分钟前');
    items[0]!.click();
    await flush();
    expect(requests.some((r) => r.method === 'POST' && r.url.endsWith('/notifications/9/read'))).toBe(true);
    expect(router.currentRoute.value.fullPath).toBe('/opportunities/9?tab=quotes');
    expect(wrapper.find('[data-testid="bell-count"]').text()).toContain('3');
    // the route changed: the count is asked again
    expect(requests.filter((r) => r.url.includes('unread-count')).length).toBeGreaterThanOrEqual(2);
    wrapper.unmount();
  });

  it('shows no badge at zero', async () => {
    const { wrapper } = await mountBell([], 0);
    expect(wrapper.find('[data-testid="bell-count"] sup').exists() && wrapper.find('[data-testid="bell-count"] sup').isVisible()).toBe(false);
    wrapper.unmount();
  });
});
