import { beforeEach, describe, expect, it } from 'vitest';
import { defineComponent, h, ref } from 'vue';
import KitHistoryTab from '@/kit/kit-history-tab.vue';
import KitRecordPage from '@/kit/kit-record-page.vue';
import { auditChanges } from '@/kit/audit';
import { useAuthStore } from '@/stores/auth';
import { adminMe, adminUser, mockFetch, when } from './helpers';
import { flush, mountAt } from './kit-test-utils';

const made: string[] = [];
const Record = defineComponent({
  setup() {
    return () =>
      h(
        KitRecordPage,
        {
          testid: 'rec',
          back: { name: 'other' },
          backLabel: 'Back',
          title: 'A record',
          tabs: [
            { name: 'overview', label: 'Overview' },
            { name: 'history', label: 'History' },
          ],
        },
        {
          status: () => h('span', { class: 'status' }, 'ACTIVE'),
          actions: () => h('button', { class: 'act' }, 'Edit'),
          'tab-overview': () => (made.push('overview'), h('p', { class: 'tab-overview' }, 'overview body')),
          'tab-history': () => (made.push('history'), h('p', { class: 'tab-history' }, 'history body')),
        },
      );
  },
});

const clicked: string[] = [];
const Placed = defineComponent({
  setup() {
    const state = {
      loading: ref(false),
      failure: ref<string | null>(null),
      missing: ref(false),
      reload: async () => undefined,
      place: { back: { name: 'other' }, backLabel: 'accounts.backToList' },
    };
    return () =>
      h(KitRecordPage, {
        testid: 'rec',
        title: 'A record',
        state,
        actions: [
          { label: 'Move', testid: 'rec-move', primary: true, run: () => clicked.push('move') },
          { label: 'Hidden', testid: 'rec-hidden', shown: false, run: () => clicked.push('hidden') },
          { label: 'Edit', testid: 'rec-edit', run: () => clicked.push('edit') },
        ],
      });
  },
});

describe('record page', () => {
  beforeEach(() => {
    document.body.innerHTML = '';
    made.length = 0;
  });

  it('shows title, status and actions, and makes a tab only when it is opened', async () => {
    const { wrapper, router } = await mountAt(Record, '/page');
    expect(document.querySelector('[data-testid="rec-title"]')?.textContent).toBe('A record');
    expect(document.querySelector('.status')).not.toBeNull();
    expect(document.querySelector('.act')).not.toBeNull();
    expect(document.querySelector('.tab-overview')).not.toBeNull();
    expect(made).not.toContain('history');
    await router.replace('/page?tab=history');
    await flush();
    expect(document.querySelector('.tab-history')).not.toBeNull();
    expect(made).toContain('history');
    wrapper.unmount();
  });

  it('takes the way back from the state and shows the shown actions, in order', async () => {
    clicked.length = 0;
    const { wrapper } = await mountAt(Placed, '/page');
    const back = document.querySelector<HTMLAnchorElement>('[data-testid="rec-back"]');
    expect(back?.getAttribute('href')).toBe('/other');
    expect(back?.textContent).toContain('返回客户列表');
    const buttons = [...document.querySelectorAll<HTMLButtonElement>('.page-toolbar button')];
    expect(buttons.map((button) => button.dataset.testid)).toEqual(['rec-move', 'rec-edit']);
    expect(buttons[0]?.classList.contains('el-button--primary')).toBe(true);
    expect(buttons[1]?.classList.contains('el-button--primary')).toBe(false);
    buttons[1]?.click();
    expect(clicked).toEqual(['edit']);
    wrapper.unmount();
  });

  it('opens the tab the address names and puts a chosen tab in the address', async () => {
    const { wrapper, router } = await mountAt(Record, '/page?tab=history');
    expect(document.querySelector('.tab-history')).not.toBeNull();
    document.querySelector<HTMLElement>('#tab-overview')?.click();
    await flush();
    expect(router.currentRoute.value.query.tab).toBeUndefined();
    wrapper.unmount();
  });
});

const entry = (id: number, user_id: number | null, action: string, before: object | null, after: object | null) => ({
  id,
  at: '2024-05-01T10:21:00Z',
  user_id,
  action,
  entity: 'account',
  entity_id: 12,
  before,
  after,
  request_id: null,
});

describe('history tab', () => {
  beforeEach(() => {
    document.body.innerHTML = '';
  });

  it('lists only the fields that changed, and all set fields on a create', () => {
    const fields = [
      { key: 'name', label: 'Name' },
      { key: 'grade', label: 'Grade', show: (v: unknown) => `G-${String(v)}` },
    ];
    expect(auditChanges({ before: { name: 'a', grade: 'x' }, after: { name: 'a', grade: 'y' } }, fields, '-')).toEqual([
      { field: 'grade', label: 'Grade', from: 'G-x', to: 'G-y' },
    ]);
    expect(auditChanges({ before: null, after: { name: 'a', grade: null } }, fields, '-').map((c) => c.field)).toEqual(['name']);
  });

  it('names the system actor and never asks for user 0', async () => {
    const { requests } = mockFetch(
      when('GET', '/api/v1/audit', {
        status: 200,
        body: {
          items: [entry(2, 0, 'update', { name: 'a' }, { name: 'b' }), entry(1, 5, 'create', null, { name: 'a' })],
          next_cursor: null,
        },
      }),
      when('GET', '/api/v1/users/5', { status: 200, body: { ...adminUser, id: 5, display_name: '张三' } }),
    );
    const Page = defineComponent({
      setup() {
        useAuthStore().me = adminMe;
        return () =>
          h(KitHistoryTab, { entity: 'account', id: 12, fields: [{ key: 'name', label: '名称' }], actions: { update: '修改信息' } });
      },
    });
    const { wrapper } = await mountAt(Page, '/page');
    await flush();
    const audit = requests.find((r) => r.url.includes('/audit'));
    expect(new URL(audit!.url, 'http://x').searchParams.get('entity')).toBe('account');
    expect(requests.some((r) => r.url.includes('/users/0'))).toBe(false);
    const actors = [...document.querySelectorAll('[data-testid="history-actor"]')].map((e) => e.textContent);
    expect(actors).toEqual(['操作人：系统', '操作人：张三']);
    expect(document.querySelector('[data-testid="history-update"]')?.textContent).toContain('修改信息');
    expect(document.querySelector('[data-testid="history-update"]')?.textContent).toContain('2024-05-01 18:21');
    wrapper.unmount();
  });
});
