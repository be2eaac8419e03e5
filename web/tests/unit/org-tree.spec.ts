import { describe, expect, it, vi } from 'vitest';
import { RouterView } from 'vue-router';
import type { OrgUnit } from '@/api/types';
import { buildTree, childKind, parentKind } from '@/stores/org';
import OrgTreeView from '@/views/org/org-tree-view.vue';
import { mockFetch, when } from './helpers';
import { flush, mountWithApp, stub } from './mount-with-app';

const unit = (id: number, kind: OrgUnit['kind'], name: string, parent_id: number | null, active = true): OrgUnit => ({
  id,
  kind,
  name,
  parent_id,
  division_code: null,
  active,
  version: 1,
  created_at: '2024-01-01T00:00:00Z',
  updated_at: '2024-01-01T00:00:00Z',
});

describe('organisation tree', () => {
  const units = [
    unit(5, 'dealer', '南京经销商', 4),
    unit(1, 'hq', '总部', null),
    unit(3, 'region', '华北大区', 1),
    unit(2, 'region', '华东大区', 1, false),
    unit(4, 'province', '江苏省区', 2),
  ];

  it('nests units under their parents, HQ → region → province → dealer', () => {
    const [root, ...others] = buildTree(units);
    expect(others).toHaveLength(0);
    expect(root?.name).toBe('总部');
    expect(root?.children?.map((c) => c.name).sort()).toEqual(['华东大区', '华北大区'].sort());
    const east = root?.children?.find((c) => c.id === 2);
    expect(east?.children?.[0]?.children?.[0]?.name).toBe('南京经销商');
  });

  it('drops filtered-out units with their subtree', () => {
    const [root] = buildTree(units, (u) => u.active);
    expect(root?.children?.map((c) => c.id)).toEqual([3]);
  });

  it('makes the top of a scoped subtree a root (a dealer user sees only their dealer)', () => {
    const roots = buildTree([unit(5, 'dealer', '南京经销商', 4)]);
    expect(roots.map((r) => r.name)).toEqual(['南京经销商']);
  });

  it('knows which kind goes under which', () => {
    expect(childKind('hq')).toBe('region');
    expect(childKind('region')).toBe('province');
    expect(childKind('province')).toBe('dealer');
    expect(childKind('dealer')).toBeNull();
    expect(parentKind('dealer')).toBe('province');
    expect(parentKind('hq')).toBeNull();
  });
});

describe('organisation tree page: inactive units in the address', { timeout: 30_000 }, () => {
  const units = [unit(1, 'hq', '总部', null), unit(3, 'region', '华北大区', 1), unit(2, 'region', '华东大区', 1, false)];

  async function openTree(path: string) {
    mockFetch(when('GET', '/api/v1/org/units', { status: 200, body: { items: units, next_cursor: null } }));
    const app = await mountWithApp(RouterView, {
      permissions: ['org.read'],
      routes: [
        { path: '/org', name: 'org', component: OrgTreeView },
        { path: '/other', name: 'other', component: stub },
      ],
      path,
    });
    const shown = () => app.wrapper.findAll('[data-testid^="org-unit-"]').map((cell) => cell.text());
    const switchedOn = () => app.wrapper.find('[data-testid="org-show-inactive"]').classes().includes('is-checked');
    return { ...app, shown, switchedOn };
  }

  it('hides inactive units unless the address asks for them', async () => {
    const plain = await openTree('/org');
    expect(plain.shown()).toEqual(['总部', '华北大区']);
    expect(plain.switchedOn()).toBe(false);
    plain.wrapper.unmount();

    const shared = await openTree('/org?inactive=1');
    expect(shared.shown().sort()).toEqual(['总部', '华东大区', '华北大区'].sort());
    expect(shared.switchedOn()).toBe(true);
    shared.wrapper.unmount();
  });

  it('writes the switch to the address as a new entry, and back hides them again', async () => {
    const { wrapper, router, shown, switchedOn } = await openTree('/org');
    await wrapper.find('[data-testid="org-show-inactive"]').trigger('click');
    await flush();
    expect(router.currentRoute.value.query).toEqual({ inactive: '1' });
    expect(shown()).toContain('华东大区');

    router.back();
    await vi.waitFor(() => expect(router.currentRoute.value.query).toEqual({}));
    await flush();
    expect(shown()).toEqual(['总部', '华北大区']);
    expect(switchedOn()).toBe(false);
    wrapper.unmount();
  });
});
