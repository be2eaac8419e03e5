// 变更销售阶段: the dialog asks for a reason where the contract needs one (back, won, lost,
// reopen) and for 输给谁 when lost, sends the version read with only what is needed, and says
// the server's refusals (quote.pending, version_conflict — after which the page reads it again).
import { beforeEach, describe, expect, it, vi } from 'vitest';
import { nextTick } from 'vue';
import { mount, type VueWrapper } from '@vue/test-utils';
import { createPinia, setActivePinia } from 'pinia';
import { ElSelect } from 'element-plus';
import { ApiError } from '@/api/client';
import { transitionOpportunity, type Opportunity, type Stage } from '@/api/opportunities';
import { createAppI18n } from '@/locales';
import { useAuthStore } from '@/stores/auth';
import OpportunityTransitionDialog from '@/views/opportunities/opportunity-transition-dialog.vue';
import { adminMe, mockFetch, problem } from './helpers';
import { opportunityFixture } from './opportunities-fixtures';

vi.mock('@/api/opportunities', async (importOriginal) => ({
  ...(await importOriginal<typeof import('@/api/opportunities')>()),
  transitionOpportunity: vi.fn(),
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
const text = (selector: string) => $(selector)?.textContent?.replace(/\s+/g, ' ').trim() ?? '';

async function type(selector: string, value: string): Promise<void> {
  const field = $<HTMLInputElement | HTMLTextAreaElement>(selector);
  if (!field) throw new Error(`no field ${selector}`);
  field.value = value;
  field.dispatchEvent(new Event('input'));
  await flush();
}

function errorBeside(selector: string): string | undefined {
  return $(selector)?.closest('.el-form-item')?.querySelector('.el-form-item__error')?.textContent?.trim();
}

async function save(): Promise<void> {
  $('[data-testid="opp-move-save"]')?.click();
  await settle();
}

describe('transition dialog', { timeout: 30_000 }, () => {
  let wrapper: VueWrapper;

  beforeEach(() => {
    document.body.innerHTML = '';
    vi.mocked(transitionOpportunity).mockReset();
    mockFetch();
  });

  async function open(target: Stage | null, opportunity: Opportunity = opportunityFixture()): Promise<VueWrapper> {
    const pinia = createPinia();
    setActivePinia(pinia);
    useAuthStore().me = { ...adminMe, permissions: ['opportunities.read', 'opportunities.write'] };
    wrapper = mount(OpportunityTransitionDialog, {
      attachTo: document.body,
      props: { modelValue: false, opportunity, target },
      global: { plugins: [pinia, createAppI18n('zh-CN')], stubs: { transition: false, 'transition-group': false } },
    });
    await wrapper.setProps({ modelValue: true });
    await flush();
    return wrapper;
  }

  async function chooseStage(stage: Stage): Promise<void> {
    const select = wrapper.findAllComponents(ElSelect).find((c) => c.attributes('data-testid') === 'opp-move-stage');
    select?.vm.$emit('update:modelValue', stage);
    await flush();
  }

  it('needs a reason to go back to an earlier stage, and sends it with the version', async () => {
    vi.mocked(transitionOpportunity).mockResolvedValue(opportunityFixture({ stage: 'contact', procurement_stage: 'planning', version: 4 }));
    await open('contact');
    expect(text('[data-testid="opp-move-hint"]')).toBe('退回到较早的阶段需要说明原因。');
    await save();
    expect(transitionOpportunity).not.toHaveBeenCalled();
    expect(errorBeside('[data-testid="opp-move-reason"]')).toBe('请填写原因');

    await type('textarea[data-testid="opp-move-reason"]', '  客户预算被削减，需重新接触  ');
    await save();
    expect(transitionOpportunity).toHaveBeenCalledWith(41, { stage: 'contact', reason: '客户预算被削减，需重新接触', version: 3 });
    expect(wrapper.emitted('moved')?.[0]?.[0]).toMatchObject({ stage: 'contact', version: 4 });
    expect(wrapper.emitted('update:modelValue')?.at(-1)).toEqual([false]);
  });

  it('needs a reason to win', async () => {
    vi.mocked(transitionOpportunity).mockResolvedValue(opportunityFixture({ stage: 'won', procurement_stage: 'commitment' }));
    await open('won');
    expect($('[data-testid="opp-move-lost-to"]')).toBeNull();
    await save();
    expect(transitionOpportunity).not.toHaveBeenCalled();
    expect(errorBeside('[data-testid="opp-move-reason"]')).toBe('请填写原因');
    await type('textarea[data-testid="opp-move-reason"]', '价格与服务优势');
    await save();
    expect(transitionOpportunity).toHaveBeenCalledWith(41, { stage: 'won', reason: '价格与服务优势', version: 3 });
  });

  it('needs a reason and 输给谁 to lose, and keeps the customer’s procurement stage', async () => {
    vi.mocked(transitionOpportunity).mockResolvedValue(opportunityFixture({ stage: 'lost' }));
    await open('lost');
    expect(text('[data-testid="opp-transition-dialog"] .el-dialog__title')).toBe('移动到输单');
    await save();
    expect(transitionOpportunity).not.toHaveBeenCalled();
    expect(errorBeside('[data-testid="opp-move-lost-to"]')).toBe('请填写输给了谁');
    expect(errorBeside('[data-testid="opp-move-reason"]')).toBe('请填写原因');

    await type('textarea[data-testid="opp-move-reason"]', '对方价格更低');
    await save();
    expect(transitionOpportunity).not.toHaveBeenCalled(); // still no lost_to
    await type('input[data-testid="opp-move-lost-to"]', ' 某品牌 ');
    await save();
    expect(transitionOpportunity).toHaveBeenCalledWith(41, { stage: 'lost', reason: '对方价格更低', lost_to: '某品牌', version: 3 });
  });

  it('moves forward without a reason, and sends a procurement stage only when it differs from the match', async () => {
    vi.mocked(transitionOpportunity).mockResolvedValue(opportunityFixture({ stage: 'position' }));
    await open(null);
    await chooseStage('position');
    expect(wrapper.findAllComponents(ElSelect).find((c) => c.attributes('data-testid') === 'opp-move-procurement')?.props('modelValue')).toBe(
      'evaluation',
    );
    await save();
    expect(transitionOpportunity).toHaveBeenLastCalledWith(41, { stage: 'position', version: 3 });

    await wrapper.setProps({ modelValue: false });
    await wrapper.setProps({ modelValue: true });
    await flush();
    await chooseStage('position');
    const procurement = wrapper.findAllComponents(ElSelect).find((c) => c.attributes('data-testid') === 'opp-move-procurement');
    procurement?.vm.$emit('update:modelValue', 'tender');
    await flush();
    await save();
    expect(transitionOpportunity).toHaveBeenLastCalledWith(41, { stage: 'position', procurement_stage: 'tender', version: 3 });
  });

  it('says a quote waits for approval (409 quote.pending) and stays open', async () => {
    vi.mocked(transitionOpportunity).mockRejectedValue(new ApiError(409, problem(409, 'quote.pending') as never));
    await open('won');
    await type('textarea[data-testid="opp-move-reason"]', '中标');
    await save();
    expect(text('[data-testid="opp-move-error"]')).toBe('还有报价在等待审批，审批完成后才能赢单');
    expect(wrapper.emitted('stale')).toBeUndefined();
    expect(wrapper.emitted('update:modelValue')).toBeUndefined();
  });

  it('asks the page to read the opportunity again after a version conflict', async () => {
    vi.mocked(transitionOpportunity).mockRejectedValue(new ApiError(409, problem(409, 'version_conflict') as never));
    await open('position');
    await save();
    expect(text('[data-testid="opp-move-error"]')).toBe('该商机已被他人修改，已刷新为最新状态');
    expect(wrapper.emitted('stale')).toHaveLength(1);
  });

  it('shows the server’s field error beside the reason (422)', async () => {
    vi.mocked(transitionOpportunity).mockRejectedValue(
      new ApiError(422, problem(422, 'validation_failed', { errors: [{ field: 'reason', code: 'required', message: 'required' }] }) as never),
    );
    await open('position');
    await save();
    expect(errorBeside('[data-testid="opp-move-reason"]')).toBe('必填');
    expect($('[data-testid="opp-move-error"]')).toBeNull();
  });

  it('reopens a lost opportunity only with a reason', async () => {
    vi.mocked(transitionOpportunity).mockResolvedValue(opportunityFixture({ stage: 'contact' }));
    await open('contact', opportunityFixture({ stage: 'lost', procurement_stage: 'evaluation', lost_to: '某品牌' }));
    expect(text('[data-testid="opp-move-hint"]')).toBe('重新打开已输单的商机需要说明原因。');
    await save();
    expect(transitionOpportunity).not.toHaveBeenCalled();
    await type('textarea[data-testid="opp-move-reason"]', '客户重新招标');
    await save();
    expect(transitionOpportunity).toHaveBeenCalledWith(41, { stage: 'contact', reason: '客户重新招标', version: 3 });
  });
});
