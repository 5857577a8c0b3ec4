import { HttpException } from '@nestjs/common';

/** Every refusal the API gives carries a machine code and a message in Chinese and English. */
export class AppError extends HttpException {
  constructor(
    status: number,
    readonly code: string,
    readonly zh: string,
    readonly en: string,
    readonly issues?: { path: string; message: string; messageEn: string }[],
  ) {
    super(en, status);
  }
}

export const notFound = (zh = '未找到该记录', en = 'Not found') => new AppError(404, 'NOT_FOUND', zh, en);
export const forbidden = (zh = '没有该操作的权限', en = 'You do not have permission for this') =>
  new AppError(403, 'FORBIDDEN', zh, en);
export const unauthorized = (zh = '请先登录', en = 'Please sign in') => new AppError(401, 'UNAUTHORIZED', zh, en);
export const conflict = (zh: string, en: string) => new AppError(409, 'CONFLICT', zh, en);
export const badRequest = (code: string, zh: string, en: string) => new AppError(400, code, zh, en);
export const tooManyRequests = (zh: string, en: string) => new AppError(429, 'TOO_MANY_REQUESTS', zh, en);
