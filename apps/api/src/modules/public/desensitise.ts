import type { z } from 'zod';

/**
 * The one desensitising layer every public response passes through (脱敏, PIPL): the response is
 * parsed by its public schema, so a field the schema does not declare never leaves the server, and
 * every remaining string is scanned for mobile and resident ID numbers that slipped into free text.
 */

// 复姓 that a masked name keeps whole (欧阳娜娜 → 欧阳**).
const COMPOUND_SURNAMES = new Set([
  '欧阳', '司马', '上官', '诸葛', '东方', '皇甫', '尉迟', '公孙', '慕容', '长孙', '宇文', '司徒', '夏侯', '轩辕',
  '令狐', '钟离', '端木', '澹台', '公冶', '宗政', '濮阳', '淳于', '单于', '太叔', '申屠', '仲孙', '闻人', '赫连',
  '呼延', '万俟', '南宫', '西门', '百里', '东郭', '拓跋', '独孤', '完颜', '左丘', '第五', '梁丘', '司空', '亓官',
]);

/** 张三 → 张*, 欧阳娜娜 → 欧阳**, 李 → *. Non-Chinese names keep their first letter. */
export function maskName(name: string): string {
  const chars = [...name.trim()];
  if (chars.length === 0) return '';
  if (chars.length === 1) return '*';
  const surname = chars.length > 2 && COMPOUND_SURNAMES.has(chars.slice(0, 2).join('')) ? 2 : 1;
  return chars.slice(0, surname).join('') + '*'.repeat(chars.length - surname);
}

/** 13812341234 → 138****1234; other numbers keep their first 3 and last 4 digits. */
export function maskPhone(phone: string): string {
  const digits = phone.replace(/\D/g, '');
  if (digits.length < 8) return '*'.repeat(digits.length);
  return `${digits.slice(0, 3)}${'*'.repeat(digits.length - 7)}${digits.slice(-4)}`;
}

// Not preceded or followed by a letter or digit, so lot codes and hashes are not taken for numbers.
const MOBILE = /(?<![0-9A-Za-z])1[3-9]\d{9}(?![0-9A-Za-z])/g;
const RESIDENT_ID = /(?<![0-9A-Za-z])[1-9]\d{5}(?:18|19|20)\d{2}(?:0[1-9]|1[0-2])(?:0[1-9]|[12]\d|3[01])\d{3}[\dXx](?![0-9A-Za-z])/g;
export const ID_NUMBER_REMOVED = '[证件号已隐去]';

/** Free text with every mobile number masked and every resident ID number removed. */
export function scrubText(text: string): string {
  return text.replace(RESIDENT_ID, ID_NUMBER_REMOVED).replace(MOBILE, (phone) => maskPhone(phone));
}

export type VerbatimPath = (path: readonly (string | number)[]) => boolean;

function scrub(value: unknown, path: (string | number)[], verbatim: VerbatimPath): unknown {
  if (typeof value === 'string') return verbatim(path) ? value : scrubText(value);
  if (Array.isArray(value)) return value.map((item, i) => scrub(item, [...path, i], verbatim));
  if (value !== null && typeof value === 'object') {
    return Object.fromEntries(Object.entries(value).map(([key, item]) => [key, scrub(item, [...path, key], verbatim)]));
  }
  return value;
}

/**
 * What a public endpoint may answer: `value` as its schema sees it (undeclared fields dropped), with
 * numbers scrubbed from every string except those `verbatim` names (signed texts, hashes: changing a
 * byte there would break what they prove, and they hold no personal data).
 */
export function desensitise<S extends z.ZodType>(schema: S, value: z.input<S>, verbatim: VerbatimPath = () => false): z.output<S> {
  return scrub(schema.parse(value), [], verbatim) as z.output<S>;
}
