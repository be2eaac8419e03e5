// The vehicle catalogue's forms: an upfit (改装车) needs its upfitter, a positive guide price in
// 元 sent in 分, an edit sends only what changed; the band editor keeps HQ's discount at least
// the max discount and sends only the methods HQ sets.
import { beforeEach, describe, expect, it, vi } from 'vitest';
import { nextTick } from 'vue';
import { mount, type VueWrapper } from '@vue/test-utils';
import { createPinia, setActivePinia } from 'pinia';
import { createVehicleModel, patchVehicleModel, putBands, type VehicleModel } from '@/api/catalogue';
import { createAppI18n } from '@/locales';
import {
  bandProblem,
  bandRows,
  bandsBody,
  emptyModelForm,
  modelCreateBody,
  modelFormProblems,
  modelPatchBody,
  modelToForm,
} from '@/views/catalogue/catalogue-format';
import VehicleModelBandsDialog from '@/views/catalogue/vehicle-model-bands-dialog.vue';
import VehicleModelDialog from '@/views/catalogue/vehicle-model-dialog.vue';
import { mockFetch, when } from './helpers';

vi.mock('@/api/catalogue', async (importOriginal) => ({
  ...(await importOriginal<typeof import('@/api/catalogue')>()),
  createVehicleModel: vi.fn(),
  patchVehicleModel: vi.fn(),
  putBands: vi.fn(),
}));

function modelFixture(extra: Partial<VehicleModel> = {}): VehicleModel {
  return {
    id: 3,
    code: 'jx5030',
    name: '警备巡逻车 JX5030',
    vehicle_type: 'police_patrol',
    kind: 'upfit',
    upfitter: '江铃特种车',
    guide_price_fen: 20_000_000,
    active: true,
    bands: [{ procurement_method: 'tender', max_discount_bp: 500, hq_discount_bp: 1200 }],
    version: 4,
    ...extra,
  };
}

describe('model form rules', () => {
  const valid = { ...emptyModelForm(), code: 'jx5030', name: '警备巡逻车', vehicle_type: 'police_patrol', guide_price_yuan: 200000 };

  it('needs the upfitter for an upfit only', () => {
    expect(modelFormProblems(valid)).toEqual({});
    expect(modelFormProblems({ ...valid, kind: 'upfit' })).toEqual({ upfitter: 'upfitterRequired' });
    expect(modelFormProblems({ ...valid, kind: 'upfit', upfitter: '   ' })).toEqual({ upfitter: 'upfitterRequired' });
    expect(modelFormProblems({ ...valid, kind: 'upfit', upfitter: '江铃特种车' })).toEqual({});
  });

  it('needs code, name, vehicle type and a guide price above 0', () => {
    expect(modelFormProblems(emptyModelForm())).toEqual({
      code: 'required',
      name: 'required',
      vehicle_type: 'required',
      guide_price_yuan: 'required',
    });
    expect(modelFormProblems({ ...valid, guide_price_yuan: 0 })).toEqual({ guide_price_yuan: 'pricePositive' });
    expect(modelFormProblems({ ...valid, guide_price_yuan: 0.01 })).toEqual({});
  });

  it('sends the guide price in fen, and no upfitter for a base model', () => {
    expect(modelCreateBody({ ...valid, guide_price_yuan: 198765.43, upfitter: 'left over' })).toEqual({
      code: 'jx5030',
      name: '警备巡逻车',
      vehicle_type: 'police_patrol',
      kind: 'base',
      upfitter: null,
      guide_price_fen: 19_876_543,
      active: true,
    });
  });

  it('patches only what changed, with the version; an upfit turned base drops its upfitter', () => {
    const model = modelFixture();
    expect(modelPatchBody(model, modelToForm(model))).toEqual({ version: 4 });
    expect(modelPatchBody(model, { ...modelToForm(model), guide_price_yuan: 195000, active: false })).toEqual({
      version: 4,
      guide_price_fen: 19_500_000,
      active: false,
    });
    expect(modelPatchBody(model, { ...modelToForm(model), kind: 'base' })).toEqual({ version: 4, kind: 'base', upfitter: null });
  });
});

describe('band rules', () => {
  it('needs HQ’s discount at least the max discount', () => {
    expect(bandProblem(3, 8)).toBeNull();
    expect(bandProblem(5, 5)).toBeNull();
    expect(bandProblem(0, 0)).toBeNull();
    expect(bandProblem(5, 4.99)).toBe('hqBelowMax');
    expect(bandProblem(8, 3)).toBe('hqBelowMax');
    expect(bandProblem(undefined, 8)).toBe('required');
    expect(bandProblem(3, null)).toBe('required');
    expect(bandProblem(-1, 8)).toBe('range');
    expect(bandProblem(3, 101)).toBe('range');
  });

  it('edits one row per procurement method and sends only those set, in basis points', () => {
    const rows = bandRows(modelFixture().bands);
    expect(rows).toEqual([
      { procurement_method: 'tender', custom: true, max_percent: 5, hq_percent: 12 },
      { procurement_method: 'agreement', custom: false, max_percent: 3, hq_percent: 8 },
      { procurement_method: 'direct', custom: false, max_percent: 3, hq_percent: 8 },
    ]);
    rows[1] = { ...rows[1]!, custom: true, max_percent: 2.5, hq_percent: 6.25 };
    expect(bandsBody(rows)).toEqual([
      { procurement_method: 'tender', max_discount_bp: 500, hq_discount_bp: 1200 },
      { procurement_method: 'agreement', max_discount_bp: 250, hq_discount_bp: 625 },
    ]);
  });
});

const flush = async () => {
  for (let i = 0; i < 5; i += 1) {
    await new Promise((resolve) => setTimeout(resolve, 0));
    await nextTick();
  }
};
const settle = async () => {
  await flush();
  await new Promise((resolve) => setTimeout(resolve, 250));
  await flush();
};
const $ = <T extends Element = HTMLElement>(selector: string) => document.body.querySelector<T>(selector);

describe('catalogue dialogs', { timeout: 30_000 }, () => {
  beforeEach(() => {
    document.body.innerHTML = '';
    vi.mocked(createVehicleModel).mockReset();
    vi.mocked(patchVehicleModel).mockReset();
    vi.mocked(putBands).mockReset();
    mockFetch(
      when('GET', '/api/v1/directories/vehicle_types', {
        status: 200,
        body: { items: [{ code: 'police_patrol', name_zh: '警备车', name_en: 'Police patrol', active: true, version: 1 }] },
      }),
    );
  });

  async function openDialog(
    component: typeof VehicleModelDialog | typeof VehicleModelBandsDialog,
    model: VehicleModel | null,
  ): Promise<VueWrapper> {
    const pinia = createPinia();
    setActivePinia(pinia);
    const wrapper: VueWrapper = mount(component as typeof VehicleModelDialog, {
      attachTo: document.body,
      props: { modelValue: false, model },
      global: { plugins: [pinia, createAppI18n('zh-CN')], stubs: { transition: false, 'transition-group': false } },
    });
    await wrapper.setProps({ modelValue: true });
    await flush();
    return wrapper;
  }

  const typeInto = async (selector: string, value: string) => {
    const input = $<HTMLInputElement>(selector);
    if (!input) throw new Error(`no input at ${selector}`);
    input.value = value;
    input.dispatchEvent(new Event('input'));
    input.dispatchEvent(new Event('change'));
    input.dispatchEvent(new FocusEvent('blur'));
    await flush();
  };
  const click = async (selector: string) => {
    const element = $(selector);
    if (!element) throw new Error(`nothing at ${selector}`);
    element.click();
    await settle();
  };

  it('refuses an upfit without its upfitter, then saves it with one', async () => {
    vi.mocked(patchVehicleModel).mockResolvedValue(modelFixture({ version: 5 }));
    const wrapper = await openDialog(VehicleModelDialog, modelFixture({ upfitter: null }));
    expect($('[data-testid="vehicle-model-upfitter"]')).not.toBeNull();
    await click('[data-testid="vehicle-model-save"]');
    expect(patchVehicleModel).not.toHaveBeenCalled();
    expect(document.body.textContent).toContain('改装车须填写改装厂');

    await typeInto('input[data-testid="vehicle-model-upfitter"], [data-testid="vehicle-model-upfitter"] input', '江铃特种车');
    await click('[data-testid="vehicle-model-save"]');
    expect(patchVehicleModel).toHaveBeenCalledWith(3, { version: 4, upfitter: '江铃特种车' });
    expect(wrapper.emitted('saved')).toHaveLength(1);
    wrapper.unmount();
  });

  it('does not ask a base model for an upfitter', async () => {
    vi.mocked(patchVehicleModel).mockResolvedValue(modelFixture({ kind: 'base', upfitter: null, version: 5 }));
    const wrapper = await openDialog(VehicleModelDialog, modelFixture({ kind: 'base', upfitter: null }));
    expect($('[data-testid="vehicle-model-upfitter"]')).toBeNull();
    await typeInto('[data-testid="vehicle-model-name"] input, input[data-testid="vehicle-model-name"]', '警备巡逻车 JX5031');
    await click('[data-testid="vehicle-model-save"]');
    expect(patchVehicleModel).toHaveBeenCalledWith(3, { version: 4, name: '警备巡逻车 JX5031' });
    wrapper.unmount();
  });

  it('will not save a band whose HQ discount is below its max discount', async () => {
    vi.mocked(putBands).mockResolvedValue(modelFixture());
    const wrapper = await openDialog(VehicleModelBandsDialog, modelFixture());
    expect($('[data-testid="band-error-tender"]')).toBeNull();
    await typeInto('[data-testid="band-hq-tender"] input', '4');
    expect($('[data-testid="band-error-tender"]')?.textContent).toContain('总部审批折扣不能小于最大折扣');
    await click('[data-testid="vehicle-bands-save"]');
    expect(putBands).not.toHaveBeenCalled();

    await typeInto('[data-testid="band-hq-tender"] input', '5');
    expect($('[data-testid="band-error-tender"]')).toBeNull();
    await click('[data-testid="vehicle-bands-save"]');
    expect(putBands).toHaveBeenCalledWith(3, [{ procurement_method: 'tender', max_discount_bp: 500, hq_discount_bp: 500 }]);
    expect(wrapper.emitted('saved')).toHaveLength(1);
    wrapper.unmount();
  });
});
