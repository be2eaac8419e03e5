// The review dialog (审核报备): a conflict side by side, the decision with 真实性/准确性 and a
// note required to reject, the version sent back, refusals (409) shown in the dialog.
import { beforeEach, describe, expect, it, vi } from 'vitest';
import type { VueWrapper } from '@vue/test-utils';
import { ApiError } from '@/api/client';
import { getRegistration, reviewRegistration, type Registration } from '@/api/registrations';
import RegistrationReviewDialog from '@/views/registrations/registration-review-dialog.vue';
import { eventually, mockFetch, problem, when } from './helpers';
import { flush, mountWithApp, stub } from './mount-with-app';
import { registrationFixture } from './registrations-fixtures';

vi.mock('@/api/registrations', async (importOriginal) => ({
  ...(await importOriginal<typeof import('@/api/registrations')>()),
  getRegistration: vi.fn(),
  reviewRegistration: vi.fn(),
}));

const settle = async () => {
  await flush();
  await new Promise((resolve) => setTimeout(resolve, 250));
  await flush();
};

const CHENGDU = '成都鑫达汽车销售服务有限公司';
const ZIGONG = '自贡众诚汽车贸易有限公司';

/** rep_zigong's registration of an account 成都鑫达 owns: a conflict with 成都鑫达's #31. */
const zigong = registrationFixture({
  id: 32,
  dealer_unit_id: 8,
  dealer_name: ZIGONG,
  registered_by_name: '赵磊',
  status: 'conflict',
  version: 3,
  conflicts: [
    {
      registration_id: null,
      dealer_unit_id: 5,
      dealer_name: CHENGDU,
      status: null,
      vehicle_type: null,
      expected_date: null,
      registered_at: null,
      reason: 'account_owned_by_other_dealer',
    },
    {
      registration_id: 31,
      dealer_unit_id: 5,
      dealer_name: CHENGDU,
      status: 'pending',
      vehicle_type: 'police_patrol',
      expected_date: '2026-09-30',
      registered_at: '2026-03-02T02:00:00Z',
      reason: 'active_registration',
    },
  ],
});
const chengdu = registrationFixture({ id: 31, version: 1 });

const $ = <T extends Element = HTMLElement>(selector: string) => document.body.querySelector<T>(selector);
const text = (selector: string) => $(selector)?.textContent?.replace(/\s+/g, ' ').trim() ?? '';

describe('review dialog', { timeout: 30_000 }, () => {
  beforeEach(() => {
    document.body.innerHTML = '';
    // Opening the dialog reads the registration in full (a list row has no conflicts).
    vi.mocked(getRegistration)
      .mockReset()
      .mockImplementation(async (id) => (id === 31 ? chengdu : zigong));
    vi.mocked(reviewRegistration).mockReset();
    mockFetch(
      when('GET', '/api/v1/directories/vehicle_types', {
        status: 200,
        body: { items: [{ code: 'police_patrol', name_zh: '警备车', name_en: 'Police patrol', active: true, version: 1 }] },
      }),
    );
  });

  async function open(registration: Registration): Promise<VueWrapper> {
    const { wrapper } = await mountWithApp(RegistrationReviewDialog, {
      props: { modelValue: false, registration },
      routes: [
        { path: '/', component: stub },
        { path: '/registrations/:id', name: 'registration', component: stub },
      ],
      attach: true,
      transitions: true,
    });
    await wrapper.setProps({ modelValue: true });
    await flush();
    return wrapper;
  }

  const click = async (selector: string) => {
    const element = $(selector);
    if (!element) throw new Error(`nothing at ${selector}`);
    element.click();
    await flush();
  };
  const choose = async (testId: string) => {
    const input = $<HTMLInputElement>(`[data-testid="${testId}"] input`);
    if (!input) throw new Error(`no radio ${testId}`);
    input.checked = true;
    input.dispatchEvent(new Event('change'));
    await flush();
  };
  const save = async () => {
    await click('[data-testid="reg-review-save"]');
    await settle();
  };

  it('reads the registration in full and shows the conflict side by side, with the reasons', async () => {
    const wrapper = await open({ ...zigong, conflicts: [] }); // as a list row has it
    expect(getRegistration).toHaveBeenCalledWith(32);
    expect(text('[data-testid="reg-review-summary"]')).toContain(ZIGONG);
    expect(text('[data-testid="reg-conflict-self"]')).toMatch(/本报备[\s\S]*冲突[\s\S]*自贡众诚/);
    const other = text('[data-testid="reg-conflict-31"]');
    expect(other).toContain('冲突报备 #31');
    expect(other).toContain(CHENGDU);
    expect(other).toContain('待审核');
    expect(other).toContain('警备车');
    expect(other).toContain('2026-09-30');
    expect(other).toContain('其他经销商已有该客户同车辆类别、预计采购时间相近的有效报备');
    expect($('[data-testid="reg-conflict-review-31"]')).not.toBeNull();
    // The owner of the account: a dealer, no registration to open or review.
    const owner = text('[data-testid="reg-conflict-owner"]');
    expect(owner).toMatch(/归属经销商[\s\S]*成都鑫达[\s\S]*冲突原因[\s\S]*该客户归属于其他经销商/);
    expect($('[data-testid="reg-conflict-owner"] button')).toBeNull();
    expect(document.body.textContent).toContain('批准一条报备后，与之冲突的其他经销商的未结报备将被驳回');
    wrapper.unmount();
  });

  it('needs a decision, and a note to reject', async () => {
    const wrapper = await open(zigong);
    await save();
    expect(reviewRegistration).not.toHaveBeenCalled();
    expect(document.body.textContent).toContain('请选择批准或驳回');

    await choose('reg-review-reject');
    await save();
    expect(reviewRegistration).not.toHaveBeenCalled();
    expect(document.body.textContent).toContain('驳回时须填写审核意见');

    vi.mocked(reviewRegistration).mockResolvedValue({ ...zigong, status: 'rejected', version: 4 });
    const note = $<HTMLTextAreaElement>('textarea[data-testid="reg-review-note"]')!;
    note.value = '客户已由成都鑫达跟进';
    note.dispatchEvent(new Event('input'));
    await save();
    expect(reviewRegistration).toHaveBeenCalledWith(32, {
      decision: 'reject',
      authentic: false,
      accurate: false,
      note: '客户已由成都鑫达跟进',
      version: 3,
    });
    expect(wrapper.emitted('reviewed')?.[0]?.[0]).toMatchObject({ id: 32, status: 'rejected' });
    expect(wrapper.emitted('update:modelValue')?.at(-1)).toEqual([false]);
    wrapper.unmount();
  });

  it('approves with 真实性 on, sending the version; a note is not needed', async () => {
    vi.mocked(reviewRegistration).mockResolvedValue({ ...chengdu, status: 'approved', version: 2 });
    const wrapper = await open(chengdu);
    await choose('reg-review-approve');
    await click('[data-testid="reg-review-authentic"]');
    await save();
    expect(reviewRegistration).toHaveBeenCalledWith(31, { decision: 'approve', authentic: true, accurate: false, version: 1 });
    expect(wrapper.emitted('reviewed')).toHaveLength(1);
    expect(document.body.textContent).toContain('已批准，保护期开始计算');
    wrapper.unmount();
  });

  it('says so when another dealer’s registration is protected (409 registration.protected) and stays open', async () => {
    vi.mocked(reviewRegistration).mockRejectedValue(new ApiError(409, problem(409, 'registration.protected') as never));
    const wrapper = await open(chengdu);
    await choose('reg-review-approve');
    await click('[data-testid="reg-review-authentic"]');
    await save();
    expect(text('[data-testid="reg-review-error"]')).toBe('该客户同车辆类别已有其他经销商处于保护期内的报备，不能批准');
    expect(getRegistration).toHaveBeenCalledTimes(1); // on opening only
    expect(wrapper.emitted('reviewed')).toBeUndefined();
    expect(wrapper.emitted('update:modelValue')).toBeUndefined();
    wrapper.unmount();
  });

  it('reads the registration again after a version conflict and shows it as it now is', async () => {
    vi.mocked(reviewRegistration).mockRejectedValue(new ApiError(409, problem(409, 'version_conflict') as never));
    const wrapper = await open(zigong);
    vi.mocked(getRegistration).mockResolvedValue({ ...zigong, status: 'rejected', version: 4 });
    await choose('reg-review-approve');
    await save();
    expect(getRegistration).toHaveBeenCalledTimes(2);
    expect(getRegistration).toHaveBeenLastCalledWith(32);
    await eventually(() => expect(text('[data-testid="reg-review-error"]')).toMatch(/已被他人处理或修改/));
    expect(text('[data-testid="reg-review-summary"]')).toContain('已驳回');
    expect($('[data-testid="reg-review-save"]')).toBeNull(); // nothing left to decide
    expect(wrapper.emitted('reviewed')?.[0]?.[0]).toMatchObject({ status: 'rejected' });
    wrapper.unmount();
  });

  it('switches to the other registration of the conflict and reviews that one', async () => {
    vi.mocked(reviewRegistration).mockResolvedValue({ ...chengdu, status: 'approved', version: 2 });
    const wrapper = await open(zigong);
    await click('[data-testid="reg-conflict-review-31"]');
    expect(getRegistration).toHaveBeenCalledWith(31);
    expect(text('[data-testid="reg-review-summary"]')).toContain(CHENGDU);
    await choose('reg-review-approve');
    await click('[data-testid="reg-review-authentic"]');
    await save();
    expect(reviewRegistration).toHaveBeenCalledWith(31, { decision: 'approve', authentic: true, accurate: false, version: 1 });
    wrapper.unmount();
  });
});
