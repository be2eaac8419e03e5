import { beforeEach, describe, expect, it, vi } from 'vitest';
import { defineComponent, h } from 'vue';
import KitFilterBar from '@/kit/kit-filter-bar.vue';
import { filter, filterQuery, parseFilters, useUrlFilters, type UrlFilters } from '@/kit/url-filters';
import { flush, mountAt } from './kit-test-utils';
import { mountWithApp } from './mount-with-app';
import { RouterView } from 'vue-router';

const STATUSES = ['all', 'approved', 'pending'] as const;
const defs = {
  q: filter.text(),
  status: filter.choice(STATUSES, 'all'),
  unit: filter.id(),
  protected_until_to: filter.date(),
};

let filters!: UrlFilters<typeof defs>;
const changes: unknown[] = [];
const Page = defineComponent({
  setup() {
    filters = useUrlFilters(defs, { onChange: (applied) => changes.push({ ...applied }) });
    return () =>
      h(KitFilterBar, {
        filters,
        testid: 'f',
        status: 'status',
        statusValues: STATUSES,
        statusLabel: (v: string) => `S:${v}`,
        counts: { approved: 4 },
        search: 'q',
      });
  },
});

describe('URL-bound filters', () => {
  beforeEach(() => {
    document.body.innerHTML = '';
    changes.length = 0;
  });

  it('parses each kind and leaves out what is at its fallback', () => {
    const parsed = parseFilters(defs, { q: 'abc', status: 'nonsense', unit: '7', protected_until_to: '2024-05-01' });
    expect(parsed).toEqual({ q: 'abc', status: 'all', unit: 7, protected_until_to: '2024-05-01' });
    expect(parseFilters(defs, { unit: '-1', protected_until_to: 'tomorrow' })).toMatchObject({ unit: null, protected_until_to: '' });
    expect(filterQuery(defs, { q: ' x ', status: 'all', unit: null, protected_until_to: '' })).toEqual({ q: 'x' });
  });

  it('parses a month and a switch, and leaves them out when they are at their fallback', () => {
    const more = { from: filter.month(), inactive: filter.flag() };
    expect(parseFilters(more, { from: '2025-03', inactive: '1' })).toEqual({ from: '2025-03', inactive: true });
    expect(parseFilters(more, { from: '2025-13', inactive: 'yes' })).toEqual({ from: '', inactive: false });
    expect(parseFilters(more, { from: '2025-03-01' })).toEqual({ from: '', inactive: false });
    expect(filterQuery(more, { from: '2025-03', inactive: true })).toEqual({ from: '2025-03', inactive: '1' });
    expect(filterQuery(more, { from: 'March', inactive: false })).toEqual({});
  });

  it('reads the filters from a shared link', async () => {
    const { wrapper } = await mountAt(Page, '/page?status=approved&protected_until_to=2024-05-01&tab=keep');
    expect(filters.values.status).toBe('approved');
    expect(filters.applied.protected_until_to).toBe('2024-05-01');
    expect(filters.activeCount.value).toBe(2);
    wrapper.unmount();
  });

  it('writes a change to the address as a new entry, and back restores the filter', async () => {
    const { wrapper, router } = await mountAt(Page, '/page?tab=keep');
    filters.values.status = 'approved';
    await flush();
    expect(router.currentRoute.value.query).toEqual({ tab: 'keep', status: 'approved' });
    expect(changes).toEqual([{ q: '', status: 'approved', unit: null, protected_until_to: '' }]);
    router.back();
    await flush();
    await vi.waitFor(() => expect(router.currentRoute.value.query).toEqual({ tab: 'keep' }));
    await flush();
    expect(filters.values.status).toBe('all');
    expect(changes).toHaveLength(2);
    wrapper.unmount();
  });

  it('waits for a pause in typing, and Enter searches at once', async () => {
    const { wrapper, router } = await mountAt(Page, '/page');
    vi.useFakeTimers({ toFake: ['setTimeout', 'clearTimeout'] });
    try {
      filters.values.q = 'ab';
      await vi.advanceTimersByTimeAsync(100);
      expect(router.currentRoute.value.query).toEqual({});
      filters.values.q = 'abc';
      await vi.advanceTimersByTimeAsync(400);
      expect(router.currentRoute.value.query).toEqual({ q: 'abc' });
      filters.values.q = 'abcd';
      filters.flush();
      await vi.advanceTimersByTimeAsync(0);
      expect(router.currentRoute.value.query).toEqual({ q: 'abcd' });
    } finally {
      vi.useRealTimers();
      wrapper.unmount();
    }
  });

  it('shows the status buttons with their counts and sets the filter from them', async () => {
    const { wrapper, router } = await mountAt(Page, '/page');
    const approved = document.querySelector('[data-testid="f-status-approved"]');
    expect(approved?.textContent?.trim()).toBe('S:approved 4');
    expect(document.querySelector('[data-testid="f-status-pending"]')?.textContent?.trim()).toBe('S:pending');
    approved?.querySelector('input')?.dispatchEvent(new Event('change'));
    (approved?.querySelector('input') as HTMLInputElement | null)?.click();
    await flush();
    expect(router.currentRoute.value.query).toEqual({ status: 'approved' });
    expect(document.querySelector('input[data-testid="f-q"]')).not.toBeNull();
    wrapper.unmount();
  });

  it('finds the status buttons and the search box in the declaration when the bar is not told', async () => {
    const declared = { q: filter.text(), active: filter.status(['on', 'off'] as const, 'on', (v) => `A:${v}`), unit: filter.id() };
    const Declared = defineComponent({
      setup() {
        const own = useUrlFilters(declared);
        return () => h(KitFilterBar, { filters: own, testid: 'd', counts: { off: 2 } });
      },
    });
    const { wrapper, router } = await mountAt(Declared, '/page');
    const buttons = [...document.querySelectorAll('[data-testid^="d-status-"]')].filter((el) => el.getAttribute('data-testid') !== 'd-status-filter');
    expect(buttons.map((el) => el.textContent?.trim())).toEqual(['A:on', 'A:off 2']);
    (document.querySelector('[data-testid="d-status-off"] input') as HTMLInputElement | null)?.click();
    await flush();
    expect(router.currentRoute.value.query).toEqual({ active: 'off' });
    expect(document.querySelector('input[data-testid="d-q"]')).not.toBeNull();
    wrapper.unmount();
  });

  it('drops typed text still waiting when the user leaves for a page whose code is still loading', async () => {
    // The next page unmounts this one only once its code has loaded; a write of the search in between
    // was a navigation of its own, cancelling the one to the next page (seen in the browser tests).
    let load!: () => void;
    const loaded = new Promise<void>((resolve) => {
      load = resolve;
    });
    const { wrapper, router } = await mountWithApp(RouterView, {
      routes: [
        { path: '/page', name: 'page', component: Page },
        { path: '/slow', name: 'slow', component: () => loaded.then(() => ({ render: () => h('p', 'slow') })) },
      ],
      path: '/page',
      attach: true,
    });
    vi.useFakeTimers({ toFake: ['setTimeout', 'clearTimeout'] });
    try {
      filters.values.q = 'abc';
      await vi.advanceTimersByTimeAsync(100);
      const leaving = router.push('/slow');
      await vi.advanceTimersByTimeAsync(1000);
      load();
      await leaving;
      await flush();
      expect(router.currentRoute.value.fullPath).toBe('/slow');
      expect(document.body.textContent).toContain('slow');
    } finally {
      vi.useRealTimers();
      wrapper.unmount();
    }
  });

  it('does not react to leaving the page', async () => {
    const { wrapper, router } = await mountAt(Page, '/page?status=pending');
    await router.push('/other?status=approved');
    await flush();
    expect(changes).toEqual([]);
    wrapper.unmount();
  });
});
