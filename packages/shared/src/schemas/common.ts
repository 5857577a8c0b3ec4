import { z } from 'zod';
import { bilingual } from '../bilingual';

export const ZId = z.uuid({ error: bilingual('不是有效的编号', 'Not a valid id') });

export const ZPageQuery = z.object({
  page: z.coerce.number().int().min(1).default(1),
  pageSize: z.coerce.number().int().min(1).max(200).default(20),
});
export type TPageQuery = z.infer<typeof ZPageQuery>;

export function zPage<T extends z.ZodType>(item: T) {
  return z.object({
    items: z.array(item),
    total: z.number().int(),
    page: z.number().int(),
    pageSize: z.number().int(),
  });
}
export type TPage<T> = { items: T[]; total: number; page: number; pageSize: number };

export const ZReason = z
  .string()
  .trim()
  .min(2, bilingual('请填写原因（至少 2 个字）', 'Give a reason (at least 2 characters)'))
  .max(500);

export const ZPhone = z
  .string()
  .trim()
  .regex(/^(1\d{10}|0\d{2,3}-?\d{7,8})$/, bilingual('电话号码格式不正确', 'Not a valid phone number'));

export const ZErrorIssue = z.object({ path: z.string(), message: z.string(), messageEn: z.string() });
export const ZErrorResponse = z.object({
  statusCode: z.number().int(),
  error: z.string(),
  message: z.string(),
  messageEn: z.string(),
  issues: z.array(ZErrorIssue).optional(),
  requestId: z.string().optional(),
});
export type TErrorResponse = z.infer<typeof ZErrorResponse>;

const isRealDay = (value: string) => {
  if (!/^\d{4}-\d{2}-\d{2}$/.test(value)) return false;
  const date = new Date(`${value}T00:00:00Z`);
  return !Number.isNaN(date.getTime()) && date.toISOString().slice(0, 10) === value;
};

/** A calendar day 'YYYY-MM-DD' that exists (no 2026-02-30), in the years PostgreSQL and people use. */
export const ZDay = z
  .string()
  .trim()
  .refine(isRealDay, bilingual('日期格式应为 YYYY-MM-DD 且是真实日期', 'Dates are YYYY-MM-DD and must exist'))
  .refine(
    (day) => !isRealDay(day) || (day >= '1900-01-01' && day <= '2999-12-31'),
    bilingual('日期须在 1900 年至 2999 年之间', 'Dates lie between 1900 and 2999'),
  );
