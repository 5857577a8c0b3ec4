import { z } from 'zod';
import { bilingual } from '../bilingual';
import { ALL_ORG_KINDS, CONNECTION_STATUSES, ORG_LEVELS } from '../org-levels';
import { ZId, ZPhone, ZReason } from './common';

export const ZOrgLevel = z.enum(ORG_LEVELS);
export const ZOrgKind = z.enum(ALL_ORG_KINDS as [string, ...string[]]);
export const ZConnectionStatus = z.enum(CONNECTION_STATUSES);

export const ZOrgUnit = z.object({
  id: z.string(),
  code: z.string(),
  name: z.string(),
  level: ZOrgLevel,
  kind: z.string(),
  parentId: z.string().nullable(),
  depth: z.number().int(),
  address: z.string().nullable(),
  contactName: z.string().nullable(),
  contactPhone: z.string().nullable(),
  enrolment: z.number().int().nullable(),
  connectionStatus: ZConnectionStatus.nullable(),
  connectedAt: z.string().nullable(),
  childCount: z.number().int(),
  createdAt: z.string(),
  updatedAt: z.string(),
});
export type TOrgUnit = z.infer<typeof ZOrgUnit>;

export const ZOrgUnitDetail = ZOrgUnit.extend({
  ancestors: z.array(z.object({ id: z.string(), name: z.string(), level: ZOrgLevel })),
});
export type TOrgUnitDetail = z.infer<typeof ZOrgUnitDetail>;

const name = z
  .string()
  .trim()
  .min(2, bilingual('名称至少 2 个字', 'Name needs at least 2 characters'))
  .max(100, bilingual('名称不能超过 100 个字', 'Name is at most 100 characters'));
const code = z
  .string()
  .trim()
  .regex(/^[A-Za-z0-9_-]{2,40}$/, bilingual('编码只能是 2–40 位字母、数字、- 或 _', 'Code: 2–40 letters, digits, - or _'));

export const ZCreateOrgUnit = z.object({
  parentId: ZId,
  code,
  name,
  kind: ZOrgKind,
  address: z.string().trim().max(200).optional(),
  contactName: z.string().trim().max(50).optional(),
  contactPhone: ZPhone.optional(),
  enrolment: z.number().int().min(0).max(100000).optional(),
});
export type TCreateOrgUnit = z.infer<typeof ZCreateOrgUnit>;

// Optional details can be cleared with null.
export const ZUpdateOrgUnit = ZCreateOrgUnit.omit({ parentId: true, code: true })
  .extend({
    address: ZCreateOrgUnit.shape.address.unwrap().nullable(),
    contactName: ZCreateOrgUnit.shape.contactName.unwrap().nullable(),
    contactPhone: ZPhone.nullable(),
    enrolment: ZCreateOrgUnit.shape.enrolment.unwrap().nullable(),
  })
  .partial()
  .refine((v) => Object.keys(v).length > 0, bilingual('没有要修改的内容', 'Nothing to change'));
export type TUpdateOrgUnit = z.infer<typeof ZUpdateOrgUnit>;

export const ZMoveOrgUnit = z.object({ newParentId: ZId, reason: ZReason });
export type TMoveOrgUnit = z.infer<typeof ZMoveOrgUnit>;

export const ZOrgUnitMove = z.object({
  id: z.string(),
  fromParentId: z.string(),
  toParentId: z.string(),
  fromParentName: z.string().nullable(),
  toParentName: z.string().nullable(),
  reason: z.string(),
  actorId: z.string(),
  actorName: z.string().nullable(),
  createdAt: z.string(),
});
export type TOrgUnitMove = z.infer<typeof ZOrgUnitMove>;

export const ZChangeConnection = z.object({ status: ZConnectionStatus, reason: ZReason });
export type TChangeConnection = z.infer<typeof ZChangeConnection>;

export const ZConnectionEvent = z.object({
  id: z.string(),
  fromStatus: ZConnectionStatus,
  toStatus: ZConnectionStatus,
  reason: z.string().nullable(),
  actorName: z.string().nullable(),
  occurredAt: z.string(),
});
export type TConnectionEvent = z.infer<typeof ZConnectionEvent>;

export const ZOrgUnitQuery = z.object({
  parentId: ZId.optional(),
  level: ZOrgLevel.optional(),
  q: z.string().trim().max(50).optional(),
  page: z.coerce.number().int().min(1).default(1),
  pageSize: z.coerce.number().int().min(1).max(500).default(50),
});
export type TOrgUnitQuery = z.infer<typeof ZOrgUnitQuery>;

const ZConnectionCounts = z.object({
  canteens: z.number().int(),
  connected: z.number().int(),
  suspended: z.number().int(),
  notConnected: z.number().int(),
  /** connected / canteens, 0–1; null when the unit has no canteen. */
  rate: z.number().nullable(),
});
export type TConnectionCounts = z.infer<typeof ZConnectionCounts>;

export const ZConnectionRate = z.object({
  unit: z.object({ id: z.string(), name: z.string(), level: ZOrgLevel }),
  total: ZConnectionCounts,
  children: z.array(
    ZConnectionCounts.extend({ id: z.string(), name: z.string(), level: ZOrgLevel }),
  ),
});
export type TConnectionRate = z.infer<typeof ZConnectionRate>;

export const ZConnectionTrendQuery = z.object({ days: z.coerce.number().int().min(1).max(366).default(30) });
export type TConnectionTrendQuery = z.infer<typeof ZConnectionTrendQuery>;

export const ZConnectionTrend = z.array(
  z.object({
    day: z.string(),
    total: z.number().int(),
    connected: z.number().int(),
    suspended: z.number().int(),
    rate: z.number().nullable(),
  }),
);
export type TConnectionTrend = z.infer<typeof ZConnectionTrend>;
