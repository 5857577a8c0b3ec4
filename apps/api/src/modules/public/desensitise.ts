import type { z } from 'zod';

/**
 * The one desensitising layer every public response passes through (脱敏, PIPL): the response is
 * parsed by its public schema, so a field the schema does not declare never leaves the server, and
 * every remaining string is scanned for mobile and resident ID numbers that slipped into free text,
 * and for the names of the people the caller knows may appear in it (a school's own accounts).
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

// A single character would mask that character wherever it appears; it cannot be told from text.
const maskableNames = (names: readonly string[]) =>
  [...new Set(names.map((name) => name.trim()).filter((name) => [...name].length >= 2))].sort((a, b) => [...b].length - [...a].length);

/**
 * Free text with every resident ID number removed, every mobile number masked and each of `names`
 * masked as maskName does (吴秀兰 → 吴**). Of the ways Chinese public notices print a person, this one
 * needs nothing an account does not hold: 吴女士 needs the gender, 吴老师 a title canteen staff do not
 * have. Longer names go first, so a name inside another (欧阳娜 in 欧阳娜娜) leaves nothing behind.
 */
export function scrubText(text: string, names: readonly string[] = []): string {
  let scrubbed = text.replace(RESIDENT_ID, ID_NUMBER_REMOVED).replace(MOBILE, (phone) => maskPhone(phone));
  for (const name of maskableNames(names)) scrubbed = scrubbed.replaceAll(name, maskName(name));
  return scrubbed;
}

export type VerbatimPath = (path: readonly (string | number)[]) => boolean;

export interface DesensitiseOptions {
  /** Strings sent byte for byte (signed texts, hashes: changing a byte there would break what they prove, and they hold no personal data). */
  verbatim?: VerbatimPath;
  /** Names of people to mask wherever they appear in free text: the accounts of the school the answer is about. */
  names?: readonly string[];
}

function scrub(value: unknown, path: (string | number)[], verbatim: VerbatimPath, names: readonly string[]): unknown {
  if (typeof value === 'string') return verbatim(path) ? value : scrubText(value, names);
  if (Array.isArray(value)) return value.map((item, i) => scrub(item, [...path, i], verbatim, names));
  if (value !== null && typeof value === 'object') {
    return Object.fromEntries(Object.entries(value).map(([key, item]) => [key, scrub(item, [...path, key], verbatim, names)]));
  }
  return value;
}

/**
 * What a public endpoint may answer: `value` as its schema sees it (undeclared fields dropped), with
 * numbers and the given names scrubbed from every string except those `verbatim` names.
 */
export function desensitise<S extends z.ZodType>(schema: S, value: z.input<S>, options: DesensitiseOptions = {}): z.output<S> {
  return scrub(schema.parse(value), [], options.verbatim ?? (() => false), options.names ?? []) as z.output<S>;
}
