import { beforeEach, describe, expect, it } from 'vitest';
import { mount } from '@vue/test-utils';
import { createPinia, setActivePinia } from 'pinia';
import AccountBuyingCentre from '@/views/accounts/account-buying-centre.vue';
import { createAppI18n } from '@/locales';
import { useAccountStore } from '@/stores/account';
import { useAuthStore } from '@/stores/auth';
import { groupBuyingCentre, reportsToChoices, uncoveredRoles } from '@/utils/accounts';
import { accountFixture, adminMe, contactFixture, eventually, mockFetch, when } from './helpers';

const chief = contactFixture(1, '张局长', 'decision_maker', { title: '局长' });
const clerk = contactFixture(2, '李科长', 'evaluator', { title: '科长', reports_to_id: 1, phone: '028-1234567' });
const retired = contactFixture(3, '赵会计', 'finance', { active: false });
const deputy = contactFixture(4, '王副局长', 'decision_layer', { reports_to_id: 1 });
const assistant = contactFixture(5, '陈干事', 'user', { reports_to_id: 2 });

describe('buying-centre grouping', () => {
  it('lists the six roles in order and marks the ones no active contact holds as uncovered', () => {
    const groups = groupBuyingCentre([chief, clerk, retired]);
    expect(groups.map((g) => g.role)).toEqual(['user', 'evaluator', 'decision_maker', 'decision_layer', 'operator', 'finance']);
    expect(groups.map((g) => g.covered)).toEqual([false, true, true, false, false, false]);
    expect(uncoveredRoles(groups)).toEqual(['user', 'decision_layer', 'operator', 'finance']);
    expect(groups.find((g) => g.role === 'evaluator')?.contacts.map((c) => c.name)).toEqual(['李科长']);
  });

  it('an inactive contact does not cover its role, and is listed only when asked for', () => {
    expect(groupBuyingCentre([retired]).find((g) => g.role === 'finance')).toEqual({ role: 'finance', contacts: [], covered: false });
    const shown = groupBuyingCentre([retired], true).find((g) => g.role === 'finance');
    expect(shown?.contacts.map((c) => c.id)).toEqual([3]);
    expect(shown?.covered).toBe(false);
  });

  it('everyone covered: no uncovered role', () => {
    const all = ['user', 'evaluator', 'decision_maker', 'decision_layer', 'operator', 'finance'].map((role, i) =>
      contactFixture(10 + i, `c${i}`, role),
    );
    expect(uncoveredRoles(groupBuyingCentre(all))).toEqual([]);
  });

  it('offers as superiors everyone but the contact and those below them (no loops)', () => {
    const everyone = [chief, clerk, deputy, assistant];
    expect(reportsToChoices(everyone, null).map((c) => c.id)).toEqual([1, 2, 4, 5]);
    // 张局长 (1) has 李科长 (2) and 王副局长 (4) below, and 陈干事 (5) below 李科长.
    expect(reportsToChoices(everyone, chief).map((c) => c.id)).toEqual([]);
    expect(reportsToChoices(everyone, clerk).map((c) => c.id)).toEqual([1, 4]);
    expect(reportsToChoices(everyone, assistant).map((c) => c.id)).toEqual([1, 2, 4]);
  });
});

describe('buying-centre tab', () => {
  beforeEach(() => {
    document.body.innerHTML = '';
    setActivePinia(createPinia());
  });

  async function mountTab(permissions: string[]) {
    const pinia = createPinia();
    setActivePinia(pinia);
    useAuthStore().me = { ...adminMe, permissions };
    const store = useAccountStore();
    store.account = accountFixture();
    const { requests } = mockFetch(
      when('GET', '/api/v1/accounts/12/contacts', { status: 200, body: { items: [chief, clerk, retired] } }),
    );
    const wrapper = mount(AccountBuyingCentre, {
      props: { account: accountFixture() },
      attachTo: document.body,
      global: { plugins: [pinia, createAppI18n('zh-CN')] },
    });
    await eventually(() => expect(wrapper.find('[data-testid="contact-1"]').exists()).toBe(true));
    return { wrapper, requests };
  }

  it('shows each role as a card, the uncovered ones marked 未覆盖, and who reports to whom', async () => {
    const { wrapper } = await mountTab(['accounts.read', 'accounts.write']);
    const role = (name: string) => wrapper.find(`[data-testid="bc-role-${name}"]`);
    expect(role('decision_maker').attributes('data-covered')).toBe('true');
    expect(role('decision_maker').text()).toContain('张局长');
    expect(role('decision_maker').text()).not.toContain('未覆盖');
    expect(role('evaluator').text()).toContain('上级：张局长');
    for (const uncovered of ['user', 'decision_layer', 'operator', 'finance']) {
      expect(role(uncovered).attributes('data-covered')).toBe('false');
      expect(role(uncovered).find('[data-testid="bc-uncovered"]').text()).toBe('未覆盖');
    }
    expect(role('finance').text()).not.toContain('赵会计'); // inactive: hidden by default
    expect(wrapper.find('[data-testid="bc-coverage"]').text()).toContain('已覆盖 2/6 类角色');
    expect(wrapper.find('[data-testid="bc-coverage"]').text()).toContain('财务部门');
    expect(wrapper.find('[data-testid="contact-add-finance"]').text()).toBe('添加财务部门');
    wrapper.unmount();
  });

  it('offers no adding or editing to a role that may only read accounts', async () => {
    const { wrapper } = await mountTab(['accounts.read']);
    expect(wrapper.find('[data-testid="contact-add"]').exists()).toBe(false);
    expect(wrapper.find('[data-testid="contact-add-finance"]').exists()).toBe(false);
    expect(wrapper.find('[data-testid="contact-edit-1"]').exists()).toBe(false);
    wrapper.unmount();
  });
});
