// 报备统计 keeps its range and grouping in the address: a shared link asks for the same figures
// and shows the same controls, a change is a new history entry that asks again, and back asks
// for the previous figures; without a range in the address it is this month.
import { describe, expect, it, vi } from 'vitest';
import { RouterView } from 'vue-router';
import { KitDateRange } from '@/kit';
import RegistrationStatsView from '@/views/registrations/registration-stats-view.vue';
import { thisMonth } from '@/views/registrations/registration-format';
import { mockFetch, when } from './helpers';
import { flush, mountWithApp, stub } from './mount-with-app';

const row = (unit_name: string) => ({
  unit_id: 9,
  unit_name,
  registrations: 4,
  approved: 3,
  rejected: 1,
  conflicts: 0,
  lapsed: 0,
  authentic_rate: 0.75,
  median_delay_hours: 30,
  conversion_rate: 0.5,
});

async function openStats(path: string) {
  const { requests } = mockFetch(
    when('GET', '/api/v1/registrations/stats', (request) => {
      const by = new URL(request.url, 'http://localhost').searchParams.get('by');
      return { status: 200, body: { items: [row(by === 'province' ? '四川省' : '成都经销商')] } };
    }),
  );
  const app = await mountWithApp(RouterView, {
    routes: [
      { path: '/registrations/stats', name: 'registration-stats', component: RegistrationStatsView },
      { path: '/other', name: 'other', component: stub },
    ],
    path,
    attach: true,
    // ECharts cannot draw without a canvas (happy-dom has none): the chart would throw once its
    // lazily loaded code arrives, whenever that is.
    stubs: { RegistrationStatsChart: true },
  });
  const asked = () =>
    requests
      .filter((r) => r.url.includes('/registrations/stats'))
      .map((r) => Object.fromEntries(new URL(r.url, 'http://localhost').searchParams));
  return { ...app, asked };
}

describe('报备统计 in the address', { timeout: 30_000 }, () => {
  it('asks for this month by dealer when the address names nothing', async () => {
    const { wrapper, router, asked } = await openStats('/registrations/stats');
    const [from, to] = thisMonth();
    expect(asked()).toEqual([{ from, to, by: 'dealer' }]);
    expect(router.currentRoute.value.query).toEqual({});
    expect(wrapper.find('[data-testid="reg-stats-table"]').text()).toContain('成都经销商');
    wrapper.unmount();
  });

  it('opens a shared link with its range and grouping, in the controls and in the request', async () => {
    const { wrapper, asked } = await openStats('/registrations/stats?from=2025-03-01&to=2025-03-31&by=province');
    expect(asked()).toEqual([{ from: '2025-03-01', to: '2025-03-31', by: 'province' }]);
    const inputs = wrapper.findAll<HTMLInputElement>('.kit-date-range input');
    expect(inputs.map((input) => input.element.value)).toEqual(['2025-03-01', '2025-03-31']);
    expect(wrapper.find<HTMLInputElement>('[data-testid="reg-stats-by-province"] input').element.checked).toBe(true);
    expect(wrapper.find('[data-testid="reg-stats-table"]').text()).toContain('省区');
    wrapper.unmount();
  });

  it('writes a new grouping to the address as a new entry, and back asks for the previous figures again', async () => {
    const { wrapper, router, asked } = await openStats('/registrations/stats?from=2025-03-01&to=2025-03-31');
    await wrapper.find('[data-testid="reg-stats-by-province"] input').setValue(true);
    await flush();
    expect(router.currentRoute.value.query).toEqual({ from: '2025-03-01', to: '2025-03-31', by: 'province' });
    expect(asked().at(-1)).toEqual({ from: '2025-03-01', to: '2025-03-31', by: 'province' });
    expect(wrapper.find('[data-testid="reg-stats-table"]').text()).toContain('四川省');

    router.back();
    await vi.waitFor(() => expect(router.currentRoute.value.query).toEqual({ from: '2025-03-01', to: '2025-03-31' }));
    await flush();
    expect(asked()).toHaveLength(3);
    expect(asked().at(-1)).toEqual({ from: '2025-03-01', to: '2025-03-31', by: 'dealer' });
    expect(wrapper.find<HTMLInputElement>('[data-testid="reg-stats-by-dealer"] input').element.checked).toBe(true);
    expect(wrapper.find('[data-testid="reg-stats-table"]').text()).toContain('成都经销商');
    wrapper.unmount();
  });

  it('writes a picked range to the address and asks for it', async () => {
    const { wrapper, router, asked } = await openStats('/registrations/stats?by=province');
    wrapper.findComponent(KitDateRange).vm.$emit('update:modelValue', ['2025-04-01', '2025-04-30']);
    await flush();
    expect(router.currentRoute.value.query).toEqual({ by: 'province', from: '2025-04-01', to: '2025-04-30' });
    expect(asked().at(-1)).toEqual({ from: '2025-04-01', to: '2025-04-30', by: 'province' });
    expect(asked()).toHaveLength(2);
    wrapper.unmount();
  });

  it('takes a range that is backwards or half given as no range: this month', async () => {
    const { wrapper, asked } = await openStats('/registrations/stats?from=2025-03-31&to=2025-03-01');
    const [from, to] = thisMonth();
    expect(asked()).toEqual([{ from, to, by: 'dealer' }]);
    wrapper.unmount();
  });
});
