import { AppError, notFound } from '@/common/http/app-error';

export const canteenNotFound = () => notFound('未找到该食堂', 'Canteen not found');
export const planNotFound = () => notFound('未找到该膳食计划', 'Meal plan not found');

export type Issue = { path: string; message: string; messageEn: string };

/** A refusal that names every problem found; nothing is stored. The first problem's code heads it. */
export function refuse(code: string, what: { zh: string; en: string }, issues: Issue[]): AppError {
  return new AppError(
    400,
    code,
    `${what.zh}有 ${issues.length} 处错误，未保存：${issues[0]!.message}`,
    `The ${what.en} has ${issues.length} problem(s); nothing was stored: ${issues[0]!.messageEn}`,
    issues,
  );
}
