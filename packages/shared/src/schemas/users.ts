import { z } from 'zod';
import { bilingual } from '../bilingual';
import { ROLES } from '../permissions';
import { ZId, ZPhone } from './common';
import { ZNewPassword } from './auth';
import { ZOrgLevel } from './org-units';

export const ZRole = z.enum(ROLES);

export const ZUser = z.object({
  id: z.string(),
  username: z.string(),
  displayName: z.string(),
  phone: z.string().nullable(),
  role: ZRole,
  orgUnit: z.object({ id: z.string(), name: z.string(), level: ZOrgLevel }).nullable(),
  supplierId: z.string().nullable(),
  mustChangePassword: z.boolean(),
  locked: z.boolean(),
  disabled: z.boolean(),
  lastLoginAt: z.string().nullable(),
  createdAt: z.string(),
});
export type TUser = z.infer<typeof ZUser>;

export const ZCreateUser = z.object({
  username: z
    .string()
    .trim()
    .regex(/^[a-z][a-z0-9_]{3,31}$/, bilingual('用户名为 4–32 位小写字母、数字或下划线，以字母开头', 'Username: 4–32 lower-case letters, digits or _, starting with a letter')),
  displayName: z.string().trim().min(2, bilingual('姓名至少 2 个字', 'Name needs at least 2 characters')).max(50),
  phone: ZPhone.optional(),
  role: ZRole,
  orgUnitId: ZId.optional(),
  supplierId: ZId.optional(),
  initialPassword: ZNewPassword,
});
export type TCreateUser = z.infer<typeof ZCreateUser>;

export const ZUpdateUser = z
  .object({
    displayName: z.string().trim().min(2).max(50),
    phone: ZPhone.nullable(),
    role: ZRole,
    disabled: z.boolean(),
  })
  .partial()
  .refine((v) => Object.keys(v).length > 0, bilingual('没有要修改的内容', 'Nothing to change'));
export type TUpdateUser = z.infer<typeof ZUpdateUser>;

export const ZResetPassword = z.object({ newPassword: ZNewPassword });
export type TResetPassword = z.infer<typeof ZResetPassword>;

export const ZUserQuery = z.object({
  orgUnitId: ZId.optional(),
  role: ZRole.optional(),
  q: z.string().trim().max(50).optional(),
  page: z.coerce.number().int().min(1).default(1),
  pageSize: z.coerce.number().int().min(1).max(200).default(20),
});
export type TUserQuery = z.infer<typeof ZUserQuery>;
