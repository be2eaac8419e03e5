// The UI language: 简体中文 (default) or English, remembered in localStorage. Element Plus's
// own texts (pagination, dialogs, empty states) follow through `elementLocale`.
import { defineStore } from 'pinia';
import { computed, ref } from 'vue';
import zhCn from 'element-plus/es/locale/lang/zh-cn';
import en from 'element-plus/es/locale/lang/en';
import { i18n, initialLocale, LOCALE_STORAGE_KEY, type AppLocale } from '@/locales';

const elementLocales = { 'zh-CN': zhCn, en } as const;

export const useLocaleStore = defineStore('locale', () => {
  const locale = ref<AppLocale>(initialLocale());

  function apply(value: AppLocale): void {
    i18n.global.locale.value = value;
    document.documentElement.lang = value;
  }

  function setLocale(value: AppLocale): void {
    locale.value = value;
    apply(value);
    try {
      localStorage.setItem(LOCALE_STORAGE_KEY, value);
    } catch {
      /* storage unavailable: the choice lasts for this page only */
    }
  }

  apply(locale.value);

  const elementLocale = computed(() => elementLocales[locale.value]);

  return { locale, setLocale, elementLocale };
});
