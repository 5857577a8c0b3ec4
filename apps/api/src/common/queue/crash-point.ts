/**
 * Deterministic crash points for the fault tests: with `WORKER_CRASH_AT=<point>` the process exits at
 * once when it reaches that point, so a test can show that a worker killed exactly there loses and
 * doubles nothing. Never honoured with NODE_ENV=production.
 *
 * - `after-evaluation-commit`: the rule engine committed an evaluation (alert rows and the
 *   rule_evaluation claim) and the BullMQ job is not acknowledged yet.
 * - `after-relay-publish`: the outbox relay added its batch to BullMQ and has not marked the
 *   outbox rows published yet.
 * - `after-relay-commit`: the outbox relay committed a batch as published; its jobs wait in BullMQ,
 *   not acknowledged yet.
 */
export type CrashPoint = 'after-evaluation-commit' | 'after-relay-publish' | 'after-relay-commit';

export const CRASH_EXIT_CODE = 97;

export function crashPoint(point: CrashPoint): void {
  if (process.env.NODE_ENV === 'production' || process.env.WORKER_CRASH_AT !== point) return;
  process.stderr.write(`crash point ${point}: exiting as WORKER_CRASH_AT asks\n`);
  process.exit(CRASH_EXIT_CODE);
}
