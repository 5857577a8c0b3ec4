import i18n from 'i18next';
import { initReactI18next } from 'react-i18next';
import { z } from 'zod';
import { en as zodEn, zhCN as zodZhCN } from 'zod/locales';
import { en } from '@/locales/en';
import { zhCN } from '@/locales/zh-CN';

export const LANGUAGES = ['zh-CN', 'en'] as const;
export type UiLanguage = (typeof LANGUAGES)[number];

const STORAGE_KEY = 'canteen.language';

function initialLanguage(): UiLanguage {
  const stored = typeof localStorage === 'undefined' ? null : localStorage.getItem(STORAGE_KEY);
  return stored === 'en' ? 'en' : 'zh-CN';
}

/** Zod's own messages (lengths, formats) follow the UI language too. */
function applyZodLocale(language: UiLanguage): void {
  z.config(language === 'en' ? zodEn() : zodZhCN());
}

applyZodLocale(initialLanguage());

void i18n.use(initReactI18next).init({
  resources: { 'zh-CN': { translation: zhCN }, en: { translation: en } },
  lng: initialLanguage(),
  fallbackLng: 'zh-CN',
  interpolation: { escapeValue: false },
  returnNull: false,
});

export function setUiLanguage(language: UiLanguage): void {
  localStorage.setItem(STORAGE_KEY, language);
  applyZodLocale(language);
  void i18n.changeLanguage(language);
}

export function currentLanguage(): UiLanguage {
  return i18n.language === 'en' ? 'en' : 'zh-CN';
}

/** The shared package's bilingual messages are keyed 'zh' | 'en'. */
export function contractLanguage(language: string = i18n.language): 'zh' | 'en' {
  return language === 'en' ? 'en' : 'zh';
}

export { i18n };
