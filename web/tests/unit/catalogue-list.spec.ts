// The catalogue page: everyone reads the models with their guide price in 元 and their bands
// (own or default); the filters go to the server; only `catalogue.manage` may edit.
import { describe, expect, it } from 'vitest';
import { useAuthStore } from '@/stores/auth';
import VehicleModelListView from '@/views/catalogue/vehicle-model-list-view.vue';
import { adminMe, eventually, mockFetch, when } from './helpers';
import { mountAt } from './kit-test-utils';

const MODELS = [
  {
    id: 3,
    code: 'jx5030',
    name: '警备巡逻车 JX5030',
    vehicle_type: 'police_patrol',
    kind: 'upfit',
    upfitter: '江铃特种车',
    guide_price_fen: 19_876_543,
    active: true,
    bands: [{ procurement_method: 'tender', max_discount_bp: 500, hq_discount_bp: 1200 }],
    version: 4,
  },
];

async function mountAs(permissions: string[], path = '/page') {
  const { requests } = mockFetch(
    when('GET', '/api/v1/vehicle-models', { status: 200, body: { items: MODELS } }),
    when('GET', '/api/v1/directories/vehicle_types', {
      status: 200,
      body: { items: [{ code: 'police_patrol', name_zh: '警备车', name_en: 'Police patrol', active: true, version: 1 }] },
    }),
  );
  const { wrapper } = await mountAt(VehicleModelListView, path);
  useAuthStore().me = { ...adminMe, permissions };
  await eventually(() => expect(wrapper.find('[data-testid="vehicle-model-table"]').text()).toContain('jx5030'));
  return { wrapper, requests };
}

describe('vehicle catalogue page', { timeout: 30_000 }, () => {
  it('shows the models to a reader, active ones first asked for, without edit actions', async () => {
    const { wrapper, requests } = await mountAs(['opportunities.read']);
    const table = wrapper.find('[data-testid="vehicle-model-table"]').text();
    expect(table).toContain('警备巡逻车 JX5030');
    expect(table).toContain('改装车 · 江铃特种车');
    expect(table).toContain('198,765.43 元');
    expect(table).toContain('招标采购：5% / 12%');
    expect(table).toContain('协议供货：3% / 8%');
    await eventually(() => expect(wrapper.find('[data-testid="vehicle-model-table"]').text()).toContain('警备车'));
    const asked = new URL(requests.find((r) => r.url.includes('/vehicle-models'))!.url, 'http://localhost');
    expect(asked.searchParams.get('active')).toBe('true');
    expect(wrapper.find('[data-testid="vehicle-model-add"]').exists()).toBe(false);
    expect(wrapper.find('[data-testid="vehicle-model-edit-3"]').exists()).toBe(false);
    wrapper.unmount();
  });

  it('lets catalogue.manage add and edit models and their bands', async () => {
    const { wrapper } = await mountAs(['opportunities.read', 'catalogue.manage']);
    expect(wrapper.find('[data-testid="vehicle-model-add"]').exists()).toBe(true);
    expect(wrapper.find('[data-testid="vehicle-model-edit-3"]').exists()).toBe(true);
    expect(wrapper.find('[data-testid="vehicle-model-bands-3"]').exists()).toBe(true);
    wrapper.unmount();
  });

  it('takes its filters from the address: a shared link asks the server for what it names', async () => {
    const { wrapper, requests } = await mountAs(['opportunities.read'], '/page?active=all&vehicle_type=police_patrol&q=JX');
    const asked = new URL(requests.find((r) => r.url.includes('/vehicle-models'))!.url, 'http://localhost');
    expect(asked.searchParams.get('active')).toBeNull();
    expect(asked.searchParams.get('vehicle_type')).toBe('police_patrol');
    expect(asked.searchParams.get('q')).toBe('JX');
    expect(wrapper.find('[data-testid="vehicle-model-status-all"] input').element).toHaveProperty('checked', true);
    wrapper.unmount();
  });
});
