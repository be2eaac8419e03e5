// 赢单概率设置: the table is read by all; only `settings.manage` edits the open stages (won and
// lost fixed), sends only what changed, and a 422 goes beside its stage.
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { nextTick } from 'vue';
import { mount, type VueWrapper } from '@vue/test-utils';
import { createPinia, setActivePinia } from 'pinia';
import { ElInputNumber } from 'element-plus';
import { ApiError } from '@/api/client';
import { getStageProbabilities, updateStageProbabilities, type StageProbabilities } from '@/api/stage-probabilities';
import { createAppI18n } from '@/locales';
import { useAuthStore } from '@/stores/auth';
import StageProbabilitySettingsView from '@/views/opportunities/stage-probability-settings-view.vue';
import { adminMe, mockFetch, problem } from './helpers';

vi.mock('@/api/stage-probabilities', async (importOriginal) => ({
  ...(await importOriginal<typeof import('@/api/stage-probabilities')>()),
  getStageProbabilities: vi.fn(),
  updateStageProbabilities: vi.fn(),
}));

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

const TABLE: StageProbabilities = {
  items: [
    { stage: 'discover', probability: 10, fixed: false },
    { stage: 'contact', probability: 20, fixed: false },
    { stage: 'analyze', probability: 40, fixed: false },
    { stage: 'position', probability: 60, fixed: false },
    { stage: 'bid', probability: 80, fixed: false },
    { stage: 'won', probability: 100, fixed: true },
    { stage: 'lost', probability: 0, fixed: true },
  ],
};

describe('win probability by stage', { timeout: 30_000 }, () => {
  let wrapper: VueWrapper | null = null;

  afterEach(() => {
    wrapper?.unmount();
    wrapper = null;
  });

  beforeEach(() => {
    document.body.innerHTML = '';
    vi.mocked(getStageProbabilities).mockReset().mockResolvedValue(structuredClone(TABLE));
    vi.mocked(updateStageProbabilities).mockReset();
    mockFetch();
  });

  async function show(permissions: string[]): Promise<VueWrapper> {
    const pinia = createPinia();
    setActivePinia(pinia);
    useAuthStore().me = { ...adminMe, permissions };
    wrapper = mount(StageProbabilitySettingsView, {
      attachTo: document.body,
      global: { plugins: [pinia, createAppI18n('zh-CN')], stubs: { transition: false, 'transition-group': false } },
    });
    await flush();
    return wrapper;
  }
  const inputs = () => wrapper?.findAllComponents(ElInputNumber) ?? [];
  const save = async () => {
    $<HTMLButtonElement>('[data-testid="stage-probabilities-save"]')?.click();
    await settle();
  };

  it('shows the table read-only without settings.manage', async () => {
    await show(['opportunities.read']);
    expect(inputs()).toHaveLength(0);
    expect($('[data-testid="stage-probability-contact"]')?.textContent).toContain('接触客户');
    expect($('[data-testid="stage-probability-contact"]')?.textContent).toContain('20%');
    expect($('[data-testid="stage-probability-won"]')?.textContent).toContain('100%');
    expect($('[data-testid="stage-probabilities-save"]')).toBeNull();
  });

  it('edits the open stages only and sends what changed', async () => {
    await show(['opportunities.read', 'settings.manage']);
    expect(inputs()).toHaveLength(5);
    expect($('[data-testid="stage-probability-input-won"]')).toBeNull();
    vi.mocked(updateStageProbabilities).mockResolvedValue({
      items: TABLE.items.map((row) => (row.stage === 'bid' ? { ...row, probability: 85 } : row)),
    });
    inputs()[4]!.vm.$emit('update:modelValue', 85);
    await flush();
    await save();
    expect(updateStageProbabilities).toHaveBeenCalledWith([{ stage: 'bid', probability: 85 }]);
  });

  it('puts a 422 beside its stage', async () => {
    await show(['opportunities.read', 'settings.manage']);
    vi.mocked(updateStageProbabilities).mockRejectedValue(
      new ApiError(
        422,
        problem(422, 'validation_failed', {
          errors: [{ field: 'items[0].probability', code: 'invalid_value', message: 'must be between 0 and 100' }],
        }) as never,
      ),
    );
    inputs()[1]!.vm.$emit('update:modelValue', 30);
    await flush();
    await save();
    const error = $('[data-testid="stage-probability-contact"]')?.querySelector('.el-form-item__error');
    expect(error?.textContent?.trim()).toBeTruthy();
    expect($('[data-testid="stage-probability-discover"]')?.querySelector('.el-form-item__error')).toBeNull();
  });
});
