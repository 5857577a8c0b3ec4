import { z } from 'zod';
import { bilingual } from '../bilingual';
import { PERMISSIONS, ROLES } from '../permissions';
import { ZOrgLevel } from './org-units';

export const ZLoginRequest = z.object({
  username: z.string().trim().min(1, bilingual('请输入用户名', 'Enter the username')).max(64),
  password: z.string().min(1, bilingual('请输入密码', 'Enter the password')).max(128),
});
export type TLoginRequest = z.infer<typeof ZLoginRequest>;

/** Length plus three of four character classes, per GB/T 22239 (等保 2.0) password complexity. */
export const ZNewPassword = z
  .string()
  .min(8, bilingual('密码至少 8 位', 'Password needs at least 8 characters'))
  .max(128)
  .refine(
    (p) => [/[a-z]/, /[A-Z]/, /\d/, /[^A-Za-z0-9]/].filter((r) => r.test(p)).length >= 3,
    bilingual(
      '密码须包含大写字母、小写字母、数字、符号中的至少三类',
      'Password needs three of: upper case, lower case, digits, symbols',
    ),
  );

export const ZChangePassword = z
  .object({ currentPassword: z.string().min(1).max(128), newPassword: ZNewPassword })
  .refine((v) => v.currentPassword !== v.newPassword, {
    path: ['newPassword'],
    message: bilingual('新密码不能与当前密码相同', 'The new password must differ from the current one'),
  });
export type TChangePassword = z.infer<typeof ZChangePassword>;

export const ZSessionUser = z.object({
  id: z.string(),
  username: z.string(),
  displayName: z.string(),
  role: z.enum(ROLES),
  permissions: z.array(z.enum(PERMISSIONS)),
  mustChangePassword: z.boolean(),
  orgUnit: z.object({ id: z.string(), name: z.string(), level: ZOrgLevel }).nullable(),
  supplier: z.object({ id: z.string(), name: z.string() }).nullable(),
});
export type TSessionUser = z.infer<typeof ZSessionUser>;

export const ZSession = z.object({ user: ZSessionUser, csrfToken: z.string() });
export type TSession = z.infer<typeof ZSession>;
