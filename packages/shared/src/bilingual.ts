/**
 * Messages that the API returns and the SPA shows exist in Chinese and English. A message that a
 * schema defines itself is written once as `bilingual(zh, en)`; `pickLanguage` reads either half.
 */
const SEPARATOR = '||';

export type Language = 'zh' | 'en';

export function bilingual(zh: string, en: string): string {
  return `${zh}${SEPARATOR}${en}`;
}

export function pickLanguage(message: string, language: Language): string {
  const at = message.indexOf(SEPARATOR);
  if (at < 0) return message;
  return language === 'zh' ? message.slice(0, at) : message.slice(at + SEPARATOR.length);
}
