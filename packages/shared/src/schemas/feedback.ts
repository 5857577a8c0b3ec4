// Parents' feedback (意见建议反馈) on a canteen: sent from its public page without an account, followed
// by a tracking code, handled by the school, watched by the county. The text is plain text: it is
// stored and answered as typed and no screen may render it as markup.
import { z } from 'zod';
import { bilingual } from '../bilingual';
import { FEEDBACK_CONTACT_MESSAGE, isFeedbackContact, normaliseContact } from '../feedback-contact';
import { ZDay, ZId, ZPageQuery } from './common';

export const FEEDBACK_CATEGORIES = ['taste', 'hygiene', 'price', 'portion', 'service', 'other'] as const;
export type FeedbackCategory = (typeof FEEDBACK_CATEGORIES)[number];

/** new → in_progress → replied → closed; a reply may come straight from new, and a reply may be revised while replied. */
export const FEEDBACK_STATUSES = ['new', 'in_progress', 'replied', 'closed'] as const;
export type FeedbackStatus = (typeof FEEDBACK_STATUSES)[number];

export const FEEDBACK_ACTION_KINDS = ['submitted', 'started', 'replied', 'closed', 'note'] as const;
export type FeedbackActionKind = (typeof FEEDBACK_ACTION_KINDS)[number];

export const FEEDBACK_TEXT_MAX = 500;
export const FEEDBACK_REPLY_MAX = 1000;
export const FEEDBACK_NOTE_MAX = 1000;
/** A photo is a JPEG or PNG of at most this many bytes (checked by content, not by its declared type). */
export const FEEDBACK_PHOTO_MAX_BYTES = 5 * 1_048_576;

/** Crockford base32 (no I, L, O, U): 10 characters are 50 random bits. */
export const TRACKING_CODE_ALPHABET = '0123456789ABCDEFGHJKMNPQRSTVWXYZ';
export const TRACKING_CODE_LENGTH = 10;

const codePoints = (text: string) => [...text].length;
// Tabs and line breaks are text; other control characters only serve to hide or garble what staff read.
const hasControlCharacter = (text: string) =>
  [...text].some((char) => {
    const code = char.codePointAt(0)!;
    return (code < 0x20 && char !== '\t' && char !== '\n' && char !== '\r') || code === 0x7f;
  });

// ─── The proof-of-work challenge ───

/**
 * The challenge a parent's browser solves before sending feedback (no third-party service):
 *
 * 1. `GET /api/public/feedback/challenge?canteen=<canteen code>` answers a `TFeedbackChallenge`.
 * 2. Find a decimal counter n (0, 1, 2, … written without sign, leading zeros or exponent) such that
 *    SHA-256 over the UTF-8 bytes of `${nonce}:${n}` begins with at least `difficulty` zero bits,
 *    counted from the most significant bit of the first byte (`leadingZeroBits`). On average that
 *    takes 2^difficulty hashes; the default difficulty is set so that a phone needs about half a
 *    second in a Web Worker with `crypto.subtle.digest` (`solveFeedbackChallenge` does exactly this).
 * 3. Send the challenge object unchanged as `challenge` and `String(n)` as `solution` with the
 *    feedback (in a multipart form, `challenge` is a field holding the object's JSON), before
 *    `expiresAt`. The server checks its signature (HMAC over all its fields, so nothing in it can be
 *    changed), the canteen, the expiry and the hash, and accepts each nonce once: after any refusal
 *    with a code starting `CHALLENGE_` fetch a new challenge.
 */
export const FEEDBACK_CHALLENGE_ALGORITHM = 'sha256-leading-zero-bits';

export const ZFeedbackChallenge = z.object(
  {
    algorithm: z.literal(FEEDBACK_CHALLENGE_ALGORITHM),
    /** The canteen code the challenge was issued for; it is good for that canteen only. */
    canteen: z.string().max(64),
    nonce: z.string().regex(/^[A-Za-z0-9_-]{16,64}$/),
    difficulty: z.number().int().min(0).max(32),
    expiresAt: z.iso.datetime(),
    signature: z.string().regex(/^[A-Za-z0-9_-]{20,100}$/),
  },
  { error: bilingual('验证信息无效，请重新获取', 'The challenge is malformed; fetch a new one') },
);
export type TFeedbackChallenge = z.infer<typeof ZFeedbackChallenge>;

export const ZFeedbackChallengeQuery = z.object({
  canteen: z.string({ error: bilingual('请指定食堂', 'Name the canteen') }).trim().min(1).max(64),
});
export type TFeedbackChallengeQuery = z.infer<typeof ZFeedbackChallengeQuery>;

export const ZChallengeSolution = z.string().regex(/^(0|[1-9]\d{0,15})$/, bilingual('验证答案应为十进制整数', 'The solution is a decimal integer'));

/** How many zero bits the bytes begin with, most significant bit of the first byte first. */
export function leadingZeroBits(bytes: Uint8Array): number {
  let bits = 0;
  for (const byte of bytes) {
    if (byte === 0) {
      bits += 8;
      continue;
    }
    return bits + Math.clz32(byte) - 24;
  }
  return bits;
}

/** The text that is hashed for counter n. */
export const challengeInput = (nonce: string, n: number | string) => `${nonce}:${n}`;

/**
 * The reference solver (browsers' Web Workers and Node ≥ 20 have `crypto.subtle`): hashes in
 * batches, since one awaited digest at a time is dominated by the promise round trip.
 */
export async function solveFeedbackChallenge(
  challenge: Pick<TFeedbackChallenge, 'nonce' | 'difficulty'>,
  options: { batch?: number; signal?: AbortSignal } = {},
): Promise<string> {
  const encoder = new TextEncoder();
  const batch = options.batch ?? 64;
  for (let start = 0; ; start += batch) {
    options.signal?.throwIfAborted();
    const digests = await Promise.all(
      Array.from({ length: batch }, (_, i) => globalThis.crypto.subtle.digest('SHA-256', encoder.encode(challengeInput(challenge.nonce, start + i)))),
    );
    const found = digests.findIndex((digest) => leadingZeroBits(new Uint8Array(digest)) >= challenge.difficulty);
    if (found >= 0) return String(start + found);
  }
}

// ─── Sending feedback (public) ───

const ZFeedbackText = z
  .string({ error: bilingual('请填写反馈内容', 'Write your feedback') })
  .trim()
  .min(1, bilingual('请填写反馈内容', 'Write your feedback'))
  .refine((text) => codePoints(text) <= FEEDBACK_TEXT_MAX, bilingual(`反馈内容最多 ${FEEDBACK_TEXT_MAX} 个字`, `Feedback is at most ${FEEDBACK_TEXT_MAX} characters`))
  .refine((text) => !hasControlCharacter(text), bilingual('反馈内容包含不可见的控制字符', 'The text contains invisible control characters'));

export const ZFeedbackContact = z.string().refine(isFeedbackContact, FEEDBACK_CONTACT_MESSAGE).transform(normaliseContact);

/**
 * POST /api/public/canteens/:code/feedback, as JSON or as multipart/form-data (the same fields, with
 * `challenge` as JSON text, plus an optional file part: the photo).
 */
export const ZSubmitFeedback = z.object({
  category: z.enum(FEEDBACK_CATEGORIES, { error: bilingual('请选择反馈类别', 'Choose a category') }),
  text: ZFeedbackText,
  /** Optional: a mobile number or WeChat id; staff lists show it masked, the school's detail in full. */
  contact: z.preprocess((value) => (typeof value === 'string' && value.trim() === '' ? undefined : value), ZFeedbackContact.optional()),
  challenge: ZFeedbackChallenge,
  solution: ZChallengeSolution,
});
export type TSubmitFeedback = z.infer<typeof ZSubmitFeedback>;

export const ZFeedbackReceipt = z.object({
  trackingCode: z.string(),
  status: z.enum(FEEDBACK_STATUSES),
  submittedAt: z.string(),
  /** When the school is expected to have replied (the county's time limit). */
  replyDueAt: z.string(),
});
export type TFeedbackReceipt = z.infer<typeof ZFeedbackReceipt>;

/** 10 characters of Crockford base32 from 50 random bits (32 divides 256: no modulo bias). */
export function newTrackingCode(): string {
  return [...globalThis.crypto.getRandomValues(new Uint8Array(TRACKING_CODE_LENGTH))].map((byte) => TRACKING_CODE_ALPHABET[byte & 31]).join('');
}

/** Parents may type the code in lower case, with spaces or dashes, or with O for 0 and I/L for 1. */
export function normaliseTrackingCode(code: string): string {
  return code.toUpperCase().replace(/[\s-]/g, '').replace(/O/g, '0').replace(/[IL]/g, '1');
}

export const ZTrackingCode = z
  .string()
  .max(32)
  .transform(normaliseTrackingCode)
  .refine((code) => new RegExp(`^[${TRACKING_CODE_ALPHABET}]{${TRACKING_CODE_LENGTH}}$`).test(code), bilingual('查询码应为 10 位字母和数字', 'A tracking code is 10 letters and digits'));

/** GET /api/public/feedback/:trackingCode — the status and the school's public reply, nothing else. */
export const ZPublicFeedbackStatus = z.object({
  trackingCode: z.string(),
  canteen: z.object({ code: z.string(), name: z.string(), schoolName: z.string() }),
  category: z.enum(FEEDBACK_CATEGORIES),
  status: z.enum(FEEDBACK_STATUSES),
  submittedAt: z.string(),
  replyDueAt: z.string(),
  reply: z.object({ text: z.string(), at: z.string() }).nullable(),
  closedAt: z.string().nullable(),
});
export type TPublicFeedbackStatus = z.infer<typeof ZPublicFeedbackStatus>;

// ─── Handling (console) ───

export const ZFeedbackQuery = ZPageQuery.extend({
  /** A unit of the asker's subtree (county, school, canteen); default: the asker's own. */
  orgUnitId: ZId.optional(),
  status: z.enum(FEEDBACK_STATUSES).optional(),
  category: z.enum(FEEDBACK_CATEGORIES).optional(),
  /** Only feedback still without a reply past its reply time (or, false, only the rest). */
  overdue: z.enum(['true', 'false']).transform((value) => value === 'true').optional(),
  /** Submitted on or after / on or before these days (Asia/Shanghai). */
  from: ZDay.optional(),
  to: ZDay.optional(),
  /** A tracking code, as a parent reads it out on the phone. */
  trackingCode: ZTrackingCode.optional(),
});
export type TFeedbackQuery = z.infer<typeof ZFeedbackQuery>;

const ZUnitRef = z.object({ id: z.string(), name: z.string() });

export const ZFeedbackSummary = z.object({
  id: z.string(),
  trackingCode: z.string(),
  canteen: ZUnitRef,
  school: ZUnitRef,
  category: z.enum(FEEDBACK_CATEGORIES),
  /** The first characters of the text, as typed (plain text). */
  excerpt: z.string(),
  status: z.enum(FEEDBACK_STATUSES),
  /** Always masked in lists (138****1234, wx***d); null when none was given. */
  contact: z.string().nullable(),
  hasPhoto: z.boolean(),
  submittedAt: z.string(),
  replyDueAt: z.string(),
  /** Still without a reply (and not closed) past its reply time. */
  overdue: z.boolean(),
  /** Replied (or closed unanswered) after its reply time. */
  late: z.boolean(),
  firstResponseAt: z.string().nullable(),
  repliedAt: z.string().nullable(),
  closedAt: z.string().nullable(),
  /** Hours from submission to the first response (taken in hand or replied) and to the first reply. */
  firstResponseHours: z.number().nullable(),
  replyHours: z.number().nullable(),
});
export type TFeedbackSummary = z.infer<typeof ZFeedbackSummary>;
export const ZFeedbackPage = z.object({ items: z.array(ZFeedbackSummary), total: z.number().int(), page: z.number().int(), pageSize: z.number().int() });
export type TFeedbackPage = z.infer<typeof ZFeedbackPage>;

export const ZFeedbackActionView = z.object({
  id: z.string(),
  kind: z.enum(FEEDBACK_ACTION_KINDS),
  fromStatus: z.enum(FEEDBACK_STATUSES).nullable(),
  toStatus: z.enum(FEEDBACK_STATUSES).nullable(),
  /** The public reply as given with this action. */
  reply: z.string().nullable(),
  /** Internal: never shown to the parent. */
  note: z.string().nullable(),
  /** Null: the parent (submitted). */
  actorName: z.string().nullable(),
  at: z.string(),
});
export type TFeedbackActionView = z.infer<typeof ZFeedbackActionView>;

export const ZFeedbackDetail = ZFeedbackSummary.extend({
  text: z.string(),
  /** In full only for the school that handles it; masked for everyone else. */
  contactMasked: z.boolean(),
  publicReply: z.string().nullable(),
  photo: z.object({ id: z.string(), contentType: z.string(), sizeBytes: z.number().int() }).nullable(),
  slaHours: z.number().int(),
  actions: z.array(ZFeedbackActionView),
  /** What the asker may do now. */
  can: z.object({ start: z.boolean(), reply: z.boolean(), close: z.boolean(), note: z.boolean() }),
});
export type TFeedbackDetail = z.infer<typeof ZFeedbackDetail>;

const ZNote = z
  .string()
  .trim()
  .min(1, bilingual('请填写备注', 'Write the note'))
  .max(FEEDBACK_NOTE_MAX, bilingual(`备注最多 ${FEEDBACK_NOTE_MAX} 个字`, `A note is at most ${FEEDBACK_NOTE_MAX} characters`));

/** POST /api/feedback/:id/actions — one step of the handling loop. */
export const ZFeedbackActionInput = z.discriminatedUnion(
  'kind',
  [
    z.object({ kind: z.literal('start'), note: ZNote.optional() }),
    z.object({
      kind: z.literal('reply'),
      /** Shown to the parent by tracking code, as plain text. */
      reply: z
        .string()
        .trim()
        .min(2, bilingual('请填写答复内容（至少 2 个字）', 'Write the reply (at least 2 characters)'))
        .max(FEEDBACK_REPLY_MAX, bilingual(`答复最多 ${FEEDBACK_REPLY_MAX} 个字`, `A reply is at most ${FEEDBACK_REPLY_MAX} characters`)),
      note: ZNote.optional(),
    }),
    /** Closing without a reply (a duplicate, nothing to act on) needs a note saying why. */
    z.object({ kind: z.literal('close'), note: ZNote.optional() }),
    z.object({ kind: z.literal('note'), note: ZNote }),
  ],
  { error: bilingual('操作类型应为 start、reply、close 或 note', 'The action kind is start, reply, close or note') },
);
export type TFeedbackActionInput = z.infer<typeof ZFeedbackActionInput>;

export const ZFeedbackStatsQuery = z.object({
  orgUnitId: ZId.optional(),
  from: ZDay.optional(),
  to: ZDay.optional(),
});
export type TFeedbackStatsQuery = z.infer<typeof ZFeedbackStatsQuery>;

export const ZFeedbackStatsRow = z.object({
  school: ZUnitRef,
  county: ZUnitRef.nullable(),
  total: z.number().int(),
  byStatus: z.object({ new: z.number().int(), in_progress: z.number().int(), replied: z.number().int(), closed: z.number().int() }),
  /** Past the reply time and still without a reply. */
  overdueOpen: z.number().int(),
  /** Replied, but after the reply time. */
  repliedLate: z.number().int(),
  medianFirstResponseHours: z.number().nullable(),
  medianReplyHours: z.number().nullable(),
  averageReplyHours: z.number().nullable(),
});
export type TFeedbackStatsRow = z.infer<typeof ZFeedbackStatsRow>;

/** Handling times per school of the asker's subtree, for feedback submitted between `from` and `to`. */
export const ZFeedbackStats = z.object({
  from: z.string(),
  to: z.string(),
  rows: z.array(ZFeedbackStatsRow),
  totals: ZFeedbackStatsRow.omit({ school: true, county: true }),
});
export type TFeedbackStats = z.infer<typeof ZFeedbackStats>;

// ─── Time limit (the setting 'feedback.sla', declared in settings.ts) ───

export const ZFeedbackSla = z
  .object({
    replyWithinHours: z
      .number({ error: bilingual('答复时限应为小时数', 'Give the reply time limit in hours') })
      .int(bilingual('答复时限应为整小时', 'The reply time limit is whole hours'))
      .min(1, bilingual('答复时限至少 1 小时', 'The reply time limit is at least 1 hour'))
      .max(24 * 30, bilingual('答复时限不能超过 30 天', 'The reply time limit may not exceed 30 days')),
  })
  .strict();
export type TFeedbackSla = z.infer<typeof ZFeedbackSla>;
export const DEFAULT_FEEDBACK_SLA: TFeedbackSla = { replyWithinHours: 48 };

// ─── Events ───

/** 'feedback.submitted', 'feedback.status-changed', 'feedback.replied' (cache and dashboards). */
export const ZFeedbackChangedEvent = z.object({
  feedbackId: z.string(),
  canteenId: z.string(),
  status: z.enum(FEEDBACK_STATUSES),
  previousStatus: z.enum(FEEDBACK_STATUSES).nullable(),
});
export type TFeedbackChangedEvent = z.infer<typeof ZFeedbackChangedEvent>;

/** 'feedback.overdue': once per feedback, when its reply time passes without a reply. */
export const ZFeedbackOverdueEvent = z.object({
  feedbackId: z.string(),
  trackingCode: z.string(),
  canteenId: z.string(),
  canteenName: z.string(),
  schoolId: z.string(),
  schoolName: z.string(),
  category: z.enum(FEEDBACK_CATEGORIES),
  status: z.enum(FEEDBACK_STATUSES),
  submittedAt: z.string(),
  dueAt: z.string(),
  slaHours: z.number().int(),
});
export type TFeedbackOverdueEvent = z.infer<typeof ZFeedbackOverdueEvent>;
