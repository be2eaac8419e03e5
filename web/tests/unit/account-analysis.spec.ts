import { beforeEach, describe, expect, it } from 'vitest';
import { defineComponent, h, nextTick } from 'vue';
import { createPinia, setActivePinia } from 'pinia';
import { RouterView } from 'vue-router';
import type { AnalysisSheet } from '@/api/types';
import { useAccountStore } from '@/stores/account';
import {
  ANALYSIS_LAYERS,
  analysisBody,
  analysisFormFrom,
  emptyAnalysisForm,
  sameAnalysis,
} from '@/utils/account-analysis';
import AccountAnalysis from '@/views/accounts/account-analysis.vue';
import { accountFixture, eventually, mockFetch, when } from './helpers';
import { mountWithApp } from './mount-with-app';

/** The body of an untouched sheet: every layer, every factor and strategy null, no barrier. */
const EMPTY_BODY = {
  layers: {
    environment: {
      factors: {
        product_need: null,
        purchase_cost: null,
        purchase_conditions: null,
        service_capability: null,
        politics_regulation: null,
        competitors: null,
      },
      barrier_note: null,
      strategy: { institutional: null, personal: null, implicit: null },
    },
    organisation: {
      factors: { business_goals: null, internal_policy: null, work_procedure: null, structure: null, decision_system: null },
      barrier_note: null,
      strategy: { institutional: null, personal: null, implicit: null },
    },
    interpersonal: {
      factors: { power_position: null, empathy: null, persuasiveness: null, work_attitude: null },
      barrier_note: null,
      strategy: { institutional: null, personal: null, implicit: null },
    },
    personal: {
      factors: { personality: null, risk_appetite: null, interests: null },
      barrier_note: null,
      strategy: { institutional: null, personal: null, implicit: null },
    },
  },
};

describe('analysis form', () => {
  it('has the four layers with the factors the server knows', () => {
    expect(ANALYSIS_LAYERS.map((l) => [l.name, l.factors.length])).toEqual([
      ['environment', 6],
      ['organisation', 5],
      ['interpersonal', 4],
      ['personal', 3],
    ]);
  });

  it('an untouched form builds the full body with nulls and no barrier', () => {
    expect(analysisBody(emptyAnalysisForm())).toEqual(EMPTY_BODY);
  });

  it('builds the exact body: trimmed texts, empty ones null, the barrier only when chosen', () => {
    const form = emptyAnalysisForm();
    form.environment.factors.product_need = '  警用巡逻车 20 台\n含改装  ';
    form.environment.factors.competitors = '   ';
    form.environment.barrier = 'high';
    form.environment.barrier_note = '竞品已入围';
    form.environment.strategy.institutional = '参加公开招标';
    form.personal.barrier = 'low';
    const body = analysisBody(form);
    expect(body.layers.environment).toEqual({
      factors: { ...EMPTY_BODY.layers.environment.factors, product_need: '警用巡逻车 20 台\n含改装' },
      barrier: 'high',
      barrier_note: '竞品已入围',
      strategy: { institutional: '参加公开招标', personal: null, implicit: null },
    });
    expect(body.layers.personal?.barrier).toBe('low');
    expect(body.layers.organisation).toEqual(EMPTY_BODY.layers.organisation);
    expect(Object.keys(body)).toEqual(['layers']);
  });

  it('reads a saved sheet back (missing layers and factors empty) and builds the same body again', () => {
    const saved: AnalysisSheet = {
      layers: {
        environment: { barrier: 'medium', factors: { product_need: '20 台', competitors: null }, strategy: { personal: 'x' } },
        organisation: { factors: { structure: '三处一室' } },
      },
    };
    const form = analysisFormFrom(saved);
    expect(form.environment.barrier).toBe('medium');
    expect(form.environment.factors.purchase_cost).toBe('');
    expect(form.organisation.factors.structure).toBe('三处一室');
    expect(form.interpersonal.barrier).toBe('');
    expect(sameAnalysis(form, analysisFormFrom(saved))).toBe(true);
    form.personal.factors.interests = '钓鱼';
    expect(sameAnalysis(form, analysisFormFrom(saved))).toBe(false);
  });
});

describe('analysis tab', { timeout: 30_000 }, () => {
  beforeEach(() => {
    document.body.innerHTML = '';
    setActivePinia(createPinia());
  });

  const version1 = {
    id: 41,
    created_by: 1,
    created_at: '2024-03-01T02:00:00Z',
    sheet: { layers: { environment: { barrier: 'medium' as const, factors: { product_need: '10 台' } } } },
  };

  async function mountTab() {
    // Under a <router-view>, as in the app (the tab guards against leaving with unsaved changes).
    const page = defineComponent(() => () => h(AccountAnalysis, { account: accountFixture() }));
    const { requests } = mockFetch(
      when('GET', '/api/v1/accounts/12/analysis', { status: 200, body: { current: version1, history: [version1] } }),
      when('POST', '/api/v1/accounts/12/analysis', (request) => ({
        status: 201,
        body: { id: 42, created_by: 1, created_at: '2024-03-02T02:00:00Z', sheet: request.body },
      })),
    );
    const { wrapper } = await mountWithApp(RouterView, {
      permissions: ['accounts.read', 'accounts.write'],
      before: () => (useAccountStore().account = accountFixture()),
      routes: [{ path: '/', component: page }],
      attach: true,
    });
    await eventually(() => expect(wrapper.find('[data-testid="analysis-version-1"]').exists()).toBe(true));
    return { wrapper, requests };
  }

  it('starts from the current version, saves the edited sheet as a new version and lists it first', async () => {
    const { wrapper, requests } = await mountTab();
    const productNeed = wrapper.find<HTMLTextAreaElement>('textarea[data-testid="analysis-environment-product_need"]');
    expect(productNeed.element.value).toBe('10 台');
    expect(wrapper.find('[data-testid="analysis-save"]').attributes('disabled')).toBeDefined(); // nothing changed yet

    await productNeed.setValue('12 台警用巡逻车');
    await wrapper.find('textarea[data-testid="analysis-personal-interests"]').setValue('喜欢钓鱼');
    await wrapper.find('[data-testid="analysis-organisation-barrier-high"] input').setValue(true);
    await nextTick();
    await wrapper.find('[data-testid="analysis-save"]').trigger('click');
    await eventually(() => expect(wrapper.find('[data-testid="analysis-version-2"]').exists()).toBe(true));

    const post = requests.find((r) => r.method === 'POST');
    expect(post?.body).toEqual({
      layers: {
        environment: {
          ...EMPTY_BODY.layers.environment,
          factors: { ...EMPTY_BODY.layers.environment.factors, product_need: '12 台警用巡逻车' },
          barrier: 'medium',
        },
        organisation: { ...EMPTY_BODY.layers.organisation, barrier: 'high' },
        interpersonal: EMPTY_BODY.layers.interpersonal,
        personal: { ...EMPTY_BODY.layers.personal, factors: { ...EMPTY_BODY.layers.personal.factors, interests: '喜欢钓鱼' } },
      },
    });
    const versions = wrapper.findAll('[data-testid="analysis-history"] > li');
    expect(versions).toHaveLength(2);
    expect(versions[0]?.text()).toContain('第 2 版');
    expect(versions[0]?.text()).toContain('当前');
    expect(wrapper.find('[data-testid="analysis-status"]').text()).toContain('第 2 版');
    wrapper.unmount();
  });

  it('shows an old version read-only', async () => {
    const { wrapper } = await mountTab();
    await wrapper.find('[data-testid="analysis-view-1"]').trigger('click');
    await eventually(() => expect(document.body.querySelector('[data-testid="analysis-view-sheet"]')).not.toBeNull());
    const sheet = document.body.querySelector('[data-testid="analysis-view-sheet"]');
    expect(sheet?.querySelectorAll('textarea').length).toBe(0);
    expect(sheet?.textContent).toContain('10 台');
    expect(sheet?.textContent).toContain('产品需求');
    wrapper.unmount();
  });
});
