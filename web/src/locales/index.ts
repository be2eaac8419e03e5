// vue-i18n set-up. Every label lives in locales/{zh-CN,en}/<module>.json and is reached as
// `<module>.<key>` (e.g. `org.kinds.region`). vue-i18n 11's esm-bundler build compiles
// messages to an AST and interprets it, so no eval/new Function is needed (strict CSP).
import { createI18n } from 'vue-i18n';

export const SUPPORTED_LOCALES = ['zh-CN', 'en'] as const;
export type AppLocale = (typeof SUPPORTED_LOCALES)[number];
export const DEFAULT_LOCALE: AppLocale = 'zh-CN';
export const LOCALE_STORAGE_KEY = 'fleetkam.locale';

type MessageTree = { [key: string]: string | MessageTree };

const files = import.meta.glob<MessageTree>('./*/*.json', { eager: true, import: 'default' });

/** Builds `{ 'zh-CN': { common: {...}, org: {...} }, en: {...} }` from the JSON files. */
export function loadMessages(): Record<AppLocale, MessageTree> {
  const messages: Record<AppLocale, MessageTree> = { 'zh-CN': {}, en: {} };
  for (const [path, tree] of Object.entries(files)) {
    const match = /^\.\/([^/]+)\/([^/]+)\.json$/.exec(path);
    if (!match) continue;
    const [, locale, module] = match;
    if (!isLocale(locale) || !module) continue;
    messages[locale][module] = tree;
  }
  return messages;
}

export function isLocale(value: unknown): value is AppLocale {
  return typeof value === 'string' && (SUPPORTED_LOCALES as readonly string[]).includes(value);
}

/** The remembered locale, else the default (简体中文). */
export function initialLocale(): AppLocale {
  try {
    const saved = localStorage.getItem(LOCALE_STORAGE_KEY);
    if (isLocale(saved)) return saved;
  } catch {
    /* storage unavailable */
  }
  return DEFAULT_LOCALE;
}

export function createAppI18n(locale: AppLocale = initialLocale()) {
  return createI18n({
    legacy: false,
    locale,
    fallbackLocale: DEFAULT_LOCALE,
    messages: loadMessages(),
    missingWarn: import.meta.env.DEV,
    fallbackWarn: false,
  });
}

/** The application's one i18n instance. */
export const i18n = createAppI18n();
