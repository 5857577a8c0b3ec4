import { z } from 'zod';

/**
 * Every queue and job is declared once here, with the schema of its payload. Producers and
 * processors both parse with it.
 */
export const QUEUES = {
  domainEvents: 'domain-events',
  maintenance: 'maintenance',
} as const;

export const JOBS = {
  connectionSnapshot: {
    queue: QUEUES.maintenance,
    name: 'connection-snapshot',
    payload: z.object({ day: z.union([z.string().regex(/^\d{4}-\d{2}-\d{2}$/), z.literal('today'), z.literal('yesterday')]) }),
  },
  domainEvent: {
    queue: QUEUES.domainEvents,
    name: 'domain-event',
    payload: z.object({
      eventId: z.string().uuid(),
      type: z.string(),
      orgPath: z.string().nullable(),
      payload: z.unknown(),
    }),
  },
  /** The daily licence check of suppliers and farm bases (expiring within 30 days, expired). */
  supplierLicenceCheck: {
    queue: QUEUES.maintenance,
    name: 'supplier-licence-check',
    payload: z.object({ day: z.union([z.string().regex(/^\d{4}-\d{2}-\d{2}$/), z.literal('today')]) }),
  },
  /**
   * Seal a day of the inventory ledger: each county's chain heads into a signed digest. Daily after
   * midnight Asia/Shanghai for yesterday; on start it catches up every unsealed past day.
   */
  ledgerSeal: {
    queue: QUEUES.maintenance,
    name: 'ledger-seal',
    payload: z.object({ through: z.union([z.string().regex(/^\d{4}-\d{2}-\d{2}$/), z.literal('yesterday')]) }),
  },
  /** One firing of a scheduled warning rule; `firedAt` (ISO) names the time slot, so a firing is evaluated once. */
  warningsScheduledRule: {
    queue: QUEUES.maintenance,
    name: 'warnings-scheduled-rule',
    payload: z.object({ ruleId: z.string(), firedAt: z.string().datetime({ offset: true }).optional() }),
  },
  /** Every minute: alerts past their acknowledgement or handling time move up one level. */
  warningsEscalate: {
    queue: QUEUES.maintenance,
    name: 'warnings-escalate',
    payload: z.object({}),
  },
  /** Every five minutes: parents' feedback past its reply time without a reply is announced (feedback.overdue), once each. */
  feedbackOverdueCheck: {
    queue: QUEUES.maintenance,
    name: 'feedback-overdue-check',
    payload: z.object({}),
  },
} as const;

export type JobName = keyof typeof JOBS;
export type JobPayload<N extends JobName> = z.infer<(typeof JOBS)[N]['payload']>;
