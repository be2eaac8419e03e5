// 商机看板: seven columns with the procurement stage under each stage and the column's figures;
// dragging a card to another column (or "移动到…") moves it at once when no reason is needed —
// calling the API with the stage and the version read — and opens the transition dialog when one
// is; refusals are said and a stale board is read again.
import { beforeEach, describe, expect, it, vi } from 'vitest';
import { nextTick } from 'vue';
import { mount, type VueWrapper } from '@vue/test-utils';
import { createPinia, setActivePinia } from 'pinia';
import { createMemoryHistory, createRouter } from 'vue-router';
import { ApiError } from '@/api/client';
import { getBoard, transitionOpportunity } from '@/api/opportunities';
import { createAppI18n } from '@/locales';
import { useAuthStore } from '@/stores/auth';
import OpportunityBoardView from '@/views/opportunities/opportunity-board-view.vue';
import OpportunityCard from '@/views/opportunities/opportunity-card.vue';
import { adminMe, eventually, mockFetch, problem } from './helpers';
import { boardFixture, opportunityFixture } from './opportunities-fixtures';

vi.mock('@/api/opportunities', async (importOriginal) => ({
  ...(await importOriginal<typeof import('@/api/opportunities')>()),
  getBoard: vi.fn(),
  transitionOpportunity: vi.fn(),
}));

const flush = async () => {
  for (let i = 0; i < 5; i += 1) {
    await new Promise((resolve) => setTimeout(resolve, 0));
    await nextTick();
  }
};

const $ = <T extends Element = HTMLElement>(selector: string) => document.body.querySelector<T>(selector);
const text = (selector: string) => $(selector)?.textContent?.replace(/\s+/g, ' ').trim() ?? '';

const stub = { template: '<div />' };

// 需求分析: #41 (20 × ¥195,000) and #42; 赢取订单: #43.
const analyze = opportunityFixture();
const second = opportunityFixture({ id: 42, title: '交警执法车', quantity: 5, amount_fen: 100_000_000, version: 7, probability: null });
const won = opportunityFixture({ id: 43, title: '特警指挥车', stage: 'won', procurement_stage: 'commitment', won_units: 3, quantity: 3, amount_fen: 150_000_000 });

async function drag(cardId: number, stage: string): Promise<void> {
  const card = $(`[data-testid="opp-card-${cardId}"]`);
  const column = $(`[data-testid="opp-column-${stage}"]`);
  if (!card || !column) throw new Error(`no card ${cardId} or column ${stage}`);
  card.dispatchEvent(new DragEvent('dragstart', { bubbles: true, cancelable: true }));
  await flush();
  column.dispatchEvent(new DragEvent('dragover', { bubbles: true, cancelable: true }));
  column.dispatchEvent(new DragEvent('drop', { bubbles: true, cancelable: true }));
  card.dispatchEvent(new DragEvent('dragend', { bubbles: true }));
  await flush();
}

describe('pipeline board', { timeout: 30_000 }, () => {
  let wrapper: VueWrapper;

  beforeEach(() => {
    document.body.innerHTML = '';
    vi.mocked(getBoard).mockReset().mockResolvedValue(boardFixture([analyze, second, won]));
    vi.mocked(transitionOpportunity).mockReset();
    mockFetch();
  });

  async function open(permissions = ['opportunities.read', 'opportunities.write']): Promise<VueWrapper> {
    const pinia = createPinia();
    setActivePinia(pinia);
    useAuthStore().me = { ...adminMe, org_unit: { ...adminMe.org_unit, kind: 'dealer' as never }, permissions };
    const router = createRouter({
      history: createMemoryHistory(),
      routes: [
        { path: '/opportunities/board', name: 'opportunity-board', component: stub },
        { path: '/opportunities', name: 'opportunities', component: stub },
        { path: '/opportunities/new', name: 'opportunity-new', component: stub },
        { path: '/opportunities/:id', name: 'opportunity', component: stub },
      ],
    });
    await router.push('/opportunities/board');
    wrapper = mount(OpportunityBoardView, {
      attachTo: document.body,
      global: { plugins: [pinia, router, createAppI18n('zh-CN')], stubs: { transition: false, 'transition-group': false } },
    });
    await flush();
    return wrapper;
  }

  it('shows seven columns, each stage with its procurement stage under it and the column’s figures', async () => {
    await open();
    const columns = [...document.body.querySelectorAll('section[data-testid^="opp-column-"]')];
    expect(columns.map((c) => c.getAttribute('data-testid'))).toEqual(
      ['discover', 'contact', 'analyze', 'position', 'bid', 'won', 'lost'].map((stage) => `opp-column-${stage}`),
    );
    expect(text('[data-testid="opp-column-discover"] h2')).toBe('发现需求');
    expect(text('[data-testid="opp-column-discover"] [data-testid="opp-column-procurement"]')).toBe('内部酝酿');
    expect(text('[data-testid="opp-column-bid"] [data-testid="opp-column-procurement"]')).toBe('实施招标');
    expect(text('[data-testid="opp-column-won"] [data-testid="opp-column-procurement"]')).toBe('购车承诺');
    expect($('[data-testid="opp-column-lost"] [data-testid="opp-column-procurement"]')).toBeNull();
    expect(text('[data-testid="opp-column-summary-analyze"]')).toBe('2 个 · 25 台 · 490 万元');
    expect(text('[data-testid="opp-card-41"] [data-testid="opp-card-amount"]')).toBe('390 万元');
    expect(text('[data-testid="opp-card-41"]')).toContain('成都市公安局');
    expect(text('[data-testid="opp-card-41"]')).toContain('预计 2026-09-30');
    expect(text('[data-testid="opp-card-41"]')).toContain('概率 60%');
    expect(getBoard).toHaveBeenCalledWith({ owner_unit_id: undefined, per_stage: 50 }, expect.any(AbortSignal));
  });

  it('moves a card dropped on a later column at once, with the stage and the version read, then reads the board again', async () => {
    vi.mocked(transitionOpportunity).mockResolvedValue(opportunityFixture({ id: 42, stage: 'bid', version: 8 }));
    await open();
    await drag(42, 'bid');
    expect(transitionOpportunity).toHaveBeenCalledTimes(1);
    expect(transitionOpportunity).toHaveBeenCalledWith(42, { stage: 'bid', version: 7 });
    await eventually(() => expect(getBoard).toHaveBeenCalledTimes(2));
    expect(document.body.textContent).toContain('已移动到跟进投标');
    expect($('[data-testid="opp-transition-dialog"]')).toBeNull();
  });

  it('opens the transition dialog for a move that needs a reason (back, won, lost) and calls nothing yet', async () => {
    await open();
    await drag(41, 'contact');
    expect(transitionOpportunity).not.toHaveBeenCalled();
    expect(text('[data-testid="opp-transition-dialog"] .el-dialog__title')).toBe('移动到接触客户');
    expect($('[data-testid="opp-move-lost-to"]')).toBeNull();
    $<HTMLElement>('[data-testid="opp-transition-dialog"] .el-dialog__headerbtn')?.click();
    await flush();

    await drag(41, 'lost');
    expect(transitionOpportunity).not.toHaveBeenCalled();
    expect(text('[data-testid="opp-transition-dialog"] .el-dialog__title')).toBe('移动到输单');
    expect($('input[data-testid="opp-move-lost-to"]')).not.toBeNull();
  });

  it('does nothing for a drop on the card’s own column and refuses moves out of won', async () => {
    await open();
    await drag(41, 'analyze');
    expect(transitionOpportunity).not.toHaveBeenCalled();
    expect($('[data-testid="opp-card-43"]')?.getAttribute('draggable')).toBe('false');
    expect($('[data-testid="opp-card-move-43"]')).toBeNull();
    // A won card moved anyway (a stale drag): refused here, nothing sent.
    wrapper.findAllComponents(OpportunityCard).find((card) => card.props('opportunity').id === 43)?.vm.$emit('move', 'bid');
    await flush();
    expect(transitionOpportunity).not.toHaveBeenCalled();
    expect(document.body.textContent).toContain('不能从赢取订单移动到跟进投标');
  });

  it('moves with the card’s 移动到… menu too', async () => {
    vi.mocked(transitionOpportunity).mockResolvedValue(opportunityFixture({ stage: 'position', version: 4 }));
    await open();
    expect($('[data-testid="opp-card-move-41"]')).not.toBeNull();
    wrapper.findAllComponents(OpportunityCard).find((card) => card.props('opportunity').id === 41)?.vm.$emit('move', 'position');
    await flush();
    expect(transitionOpportunity).toHaveBeenCalledWith(41, { stage: 'position', version: 3 });
  });

  it('says why a move was refused and reads a stale board again (version_conflict, invalid_transition)', async () => {
    vi.mocked(transitionOpportunity).mockRejectedValueOnce(new ApiError(409, problem(409, 'version_conflict') as never));
    await open();
    await drag(41, 'position');
    await eventually(() => expect(getBoard).toHaveBeenCalledTimes(2));
    expect(document.body.querySelector('.el-message--error')?.textContent).toContain('该商机已被他人修改，已刷新为最新状态');

    vi.mocked(transitionOpportunity).mockRejectedValueOnce(new ApiError(409, problem(409, 'opportunity.invalid_transition') as never));
    await drag(41, 'bid');
    await eventually(() => expect(getBoard).toHaveBeenCalledTimes(3));
    expect(document.body.textContent).toContain('不能这样变更阶段，已刷新为最新状态');
  });

  it('lets readers without opportunities.write look only', async () => {
    await open(['opportunities.read']);
    expect($('[data-testid="opp-card-41"]')?.getAttribute('draggable')).toBe('false');
    expect($('[data-testid="opp-card-move-41"]')).toBeNull();
    expect($('[data-testid="opp-create"]')).toBeNull();
    await drag(41, 'bid');
    expect(transitionOpportunity).not.toHaveBeenCalled();
  });
});
