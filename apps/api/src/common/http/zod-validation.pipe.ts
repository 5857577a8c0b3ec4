import { Injectable, type PipeTransform } from '@nestjs/common';
import { pickLanguage } from '@canteen/shared';
import { z } from 'zod';
import { AppError } from './app-error';

const zhCN = z.locales.zhCN();
const en = z.locales.en();

const LONE_SURROGATE = /[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/;

/**
 * PostgreSQL text cannot hold U+0000 and Prisma cannot encode a lone UTF-16 surrogate, so no such
 * string may reach the database. Checked on Zod's output, whose shape the schema bounds; iterative,
 * so no nesting depth can exhaust the stack.
 */
function findUnstorableString(root: unknown): string | undefined {
  type Node = { value: unknown; key?: string; parent?: Node };
  const stack: Node[] = [{ value: root }];
  const pathOf = (node: Node) => {
    const parts: string[] = [];
    for (let at: Node | undefined = node; at?.key !== undefined; at = at.parent) parts.unshift(at.key);
    return parts.join('.');
  };
  while (stack.length > 0) {
    const node = stack.pop()!;
    if (typeof node.value === 'string') {
      if (node.value.includes('\u0000') || LONE_SURROGATE.test(node.value)) return pathOf(node);
    } else if (node.value !== null && typeof node.value === 'object') {
      for (const [key, value] of Object.entries(node.value)) stack.push({ value, key, parent: node });
    }
  }
  return undefined;
}

/** The one validating pipe: parses with the shared Zod contract, answers 400 in both languages. */
@Injectable()
export class ZodValidationPipe<T extends z.ZodType> implements PipeTransform<unknown, z.infer<T>> {
  constructor(private readonly schema: T) {}

  transform(value: unknown): z.infer<T> {
    const zh = this.schema.safeParse(value, { error: zhCN.localeError });
    if (zh.success) {
      const badAt = findUnstorableString(zh.data);
      if (badAt === undefined) return zh.data;
      throw new AppError(400, 'VALIDATION_FAILED', '请求内容不符合要求', 'The request is not valid', [
        { path: badAt, message: '包含无法保存的字符（空字符或不成对的代理项）', messageEn: 'Contains a character that cannot be stored (NUL or a lone surrogate)' },
      ]);
    }
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
