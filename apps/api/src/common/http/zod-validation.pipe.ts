import { Injectable, type PipeTransform } from '@nestjs/common';
import { pickLanguage } from '@canteen/shared';
import { z } from 'zod';
import { AppError } from './app-error';

const zhCN = z.locales.zhCN();
const en = z.locales.en();

/** The one validating pipe: parses with the shared Zod contract, answers 400 in both languages. */
@Injectable()
export class ZodValidationPipe<T extends z.ZodType> implements PipeTransform<unknown, z.infer<T>> {
  constructor(private readonly schema: T) {}

  transform(value: unknown): z.infer<T> {
    const zh = this.schema.safeParse(value, { error: zhCN.localeError });
    if (zh.success) return zh.data;
    const english = this.schema.safeParse(value, { error: en.localeError });
    const englishIssues = english.success ? [] : english.error.issues;
    const issues = zh.error.issues.map((issue, i) => ({
      path: issue.path.join('.'),
      message: pickLanguage(issue.message, 'zh'),
      messageEn: pickLanguage(englishIssues[i]?.message ?? issue.message, 'en'),
    }));
    throw new AppError(400, 'VALIDATION_FAILED', '请求内容不符合要求', 'The request is not valid', issues);
  }
}
