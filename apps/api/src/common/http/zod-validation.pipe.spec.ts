import { ZChangePassword, ZCreateOrgUnit, ZId, ZOrgUnitQuery, bilingual } from '@canteen/shared';
import { z } from 'zod';
import { AppError } from './app-error';
import { ZodValidationPipe } from './zod-validation.pipe';

const HAS_CHINESE = /[\u4e00-\u9fff]/;

/** The AppError the pipe throws for a value (failing the test if it accepts it). */
function refusal(schema: z.ZodType, value: unknown): AppError {
  try {
    new ZodValidationPipe(schema).transform(value);
  } catch (error) {
    expect(error).toBeInstanceOf(AppError);
    return error as AppError;
  }
  throw new Error(`the pipe accepted ${JSON.stringify(value)}`);
}

describe('ZodValidationPipe', () => {
  it('returns the parsed value: trimmed, coerced and defaulted', () => {
    const id = '3f0c6a53-52a4-4a4e-9d1b-0c2b0c7f8a11';
    expect(
      new ZodValidationPipe(ZCreateOrgUnit).transform({
        parentId: id,
        code: ' T-01 ',
        name: '  实验小学 ',
        kind: 'primary',
        extra: 'dropped',
      }),
    ).toEqual({
      parentId: id,
      code: 'T-01',
      name: '实验小学',
      kind: 'primary',
    });
    expect(new ZodValidationPipe(ZOrgUnitQuery).transform({ page: '3' })).toEqual({
      page: 3,
      pageSize: 50,
    });
  });

  it('answers 400 VALIDATION_FAILED in both languages with one issue per problem', () => {
    const error = refusal(ZCreateOrgUnit, { parentId: 'x', code: 'a', name: '', kind: 'castle' });
    expect(error.getStatus()).toBe(400);
    expect(error).toMatchObject({
      code: 'VALIDATION_FAILED',
      zh: '请求内容不符合要求',
      en: 'The request is not valid',
    });
    expect(error.issues!.map((i) => i.path)).toEqual(['parentId', 'code', 'name', 'kind']);
  });

  it('splits a bilingual custom message into its Chinese and English halves', () => {
    const error = refusal(ZCreateOrgUnit, {
      parentId: 'not-a-uuid',
      code: 'ok_code',
      name: '名',
      kind: 'primary',
    });
    expect(error.issues).toEqual([
      { path: 'parentId', message: '不是有效的编号', messageEn: 'Not a valid id' },
      { path: 'name', message: '名称至少 2 个字', messageEn: 'Name needs at least 2 characters' },
    ]);
  });

  it("takes Zod's own messages from its zh-CN and en locales", () => {
    const error = refusal(z.object({ count: z.number(), kind: z.enum(['a', 'b']) }), {
      count: 'three',
      kind: 'c',
    });
    for (const issue of error.issues!) {
      expect(issue.message).toMatch(HAS_CHINESE);
      expect(issue.messageEn).not.toMatch(HAS_CHINESE);
      expect(issue.messageEn).toMatch(/expected|invalid/i);
    }
    expect(error.issues!.map((i) => i.path)).toEqual(['count', 'kind']);
  });

  it('joins nested paths with dots and keeps the root as the empty path', () => {
    const schema = z.object({ lines: z.array(z.object({ grams: z.number().int().positive() })) });
    const nested = refusal(schema, { lines: [{ grams: 5 }, { grams: -1 }] });
    expect(nested.issues!.map((i) => i.path)).toEqual(['lines.1.grams']);
    const root = refusal(ZId, 'nope');
    expect(root.issues).toEqual([
      { path: '', message: '不是有效的编号', messageEn: 'Not a valid id' },
    ]);
    const notAnObject = refusal(ZCreateOrgUnit, [1, 2]);
    expect(notAnObject.issues!.map((i) => i.path)).toEqual(['']);
  });

  it('keeps the path a refinement names', () => {
    const error = refusal(ZChangePassword, {
      currentPassword: 'Same#Pass123',
      newPassword: 'Same#Pass123',
    });
    expect(error.issues).toEqual([
      {
        path: 'newPassword',
        message: '新密码不能与当前密码相同',
        messageEn: 'The new password must differ from the current one',
      },
    ]);
  });

  it('reads a message without the separator the same in both languages, and never leaks the separator', () => {
    const schema = z.object({
      a: z.string().min(3, '太短'),
      b: z.string().min(3, bilingual('太短了', 'Too short')),
    });
    const error = refusal(schema, { a: 'x', b: 'y' });
    expect(error.issues).toEqual([
      { path: 'a', message: '太短', messageEn: '太短' },
      { path: 'b', message: '太短了', messageEn: 'Too short' },
    ]);
    for (const issue of error.issues!)
      expect(`${issue.message}${issue.messageEn}`).not.toContain('||');
  });

  it(
    'refuses a NUL character anywhere in the value, naming where',
    () => {
      const error = refusal(ZCreateOrgUnit, {
        parentId: '3f0c6a53-52a4-4a4e-9d1b-0c2b0c7f8a11',
        code: 'ok_code',
        name: '实验\u0000小学',
        kind: 'primary',
      });
      expect(error.getStatus()).toBe(400);
      expect(error.issues!.map((i) => i.path)).toEqual(['name']);
      expect(error.issues![0]!.message).toMatch(HAS_CHINESE);
    },
  );

  it('refuses a deeply nested value with a 400, quickly', () => {
    const deep = JSON.parse(`${'['.repeat(20_000)}${']'.repeat(20_000)}`) as unknown;
    const started = Date.now();
    const error = refusal(ZCreateOrgUnit, deep);
    expect(error.getStatus()).toBe(400);
    expect(Date.now() - started).toBeLessThan(500);
  });
});
