import { beforeEach, describe, expect, it } from 'vitest';
import { defineComponent, h, nextTick } from 'vue';
import { mount } from '@vue/test-utils';
import { createPinia, setActivePinia } from 'pinia';
import { useI18n } from 'vue-i18n';
import LanguageSwitch from '@/components/language-switch.vue';
import { i18n, initialLocale } from '@/locales';
import { useLocaleStore } from '@/stores/locale';

const flush = () => new Promise((resolve) => setTimeout(resolve, 0));

/** A page with a translated label next to the switch. */
const Page = defineComponent({
  setup() {
    const { t } = useI18n();
    return () => h('div', [h('span', { class: 'label' }, t('menu.users')), h(LanguageSwitch)]);
  },
});

describe('language switch', () => {
  beforeEach(() => {
    localStorage.clear();
    document.body.innerHTML = '';
    setActivePinia(createPinia());
    i18n.global.locale.value = 'zh-CN';
  });

  it('defaults to 简体中文', () => {
    expect(initialLocale()).toBe('zh-CN');
    expect(useLocaleStore().locale).toBe('zh-CN');
  });

  it('switches the labels and Element Plus to English and remembers the choice', async () => {
    const pinia = createPinia();
    setActivePinia(pinia);
    const wrapper = mount(Page, { attachTo: document.body, global: { plugins: [pinia, i18n] } });
    expect(wrapper.find('.label').text()).toBe('用户管理');
    expect(wrapper.find('[data-testid="language-switch"]').text()).toContain('简体中文');

    await wrapper.find('[data-testid="language-switch"]').trigger('click');
    await flush();
    const english = document.body.querySelector<HTMLElement>('[data-testid="language-en"]');
    expect(english).not.toBeNull();
    english?.click();
    await nextTick();

    expect(wrapper.find('.label').text()).toBe('Users');
    expect(localStorage.getItem('fleetkam.locale')).toBe('en');
    expect(document.documentElement.lang).toBe('en');
    expect(useLocaleStore().elementLocale.name).toBe('en');
    expect(initialLocale()).toBe('en');
    wrapper.unmount();
  });

  it('starts in the remembered language', () => {
    localStorage.setItem('fleetkam.locale', 'en');
    setActivePinia(createPinia());
    expect(useLocaleStore().locale).toBe('en');
    expect(i18n.global.locale.value).toBe('en');
    localStorage.setItem('fleetkam.locale', 'klingon');
    expect(initialLocale()).toBe('zh-CN');
  });
});
