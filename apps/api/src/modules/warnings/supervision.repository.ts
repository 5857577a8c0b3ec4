import { Injectable } from '@nestjs/common';
import type { TAlertSlas } from '@canteen/shared';
import { PrismaService } from '@/common/prisma/prisma.service';
import { Prisma } from '@/generated/prisma/client';
import { type Scope, assertInScope, scopeWhere } from '@/common/tenancy/scope';

export interface SupervisionUnitRow {
  id: string;
  name: string;
  level: string;
  path: string;
}

/** One unit's figures for a period, counted from the chain of actions (alert_action). */
export interface SupervisionFigures {
  id: string;
  /** Alerts that came to the unit in the period (raised there or escalated to it). */
  received: number;
  /** Alerts the unit held at some time in the period: the base of its score. */
  held: number;
  ackOnTime: number;
  ackLate: number;
  handledOnTime: number;
  handledLate: number;
  /** Taken away from it by the escalation job because it breached an SLA. */
  escalatedAway: number;
  /** Its handling was sent back by the level above. */
  reopened: number;
}

/** The period [start, end) and the subtree it is about. */
export interface SupervisionWindow {
  basePath: string;
  start: Date;
  end: Date;
}

const SUPERVISED_LEVELS = ['school', 'county', 'city'];

/**
 * Every holding of an alert about the subtree: a unit became its holder (raised there or escalated to
 * it) at `started_at`, until the next escalation or the closing (`ended_at`, null while it holds it). The holders of
 * an alert all lie on its subject's path, so the subject's path selects every alert a unit of the
 * subtree ever held.
 */
const chainAndHoldings = (window: SupervisionWindow) => Prisma.sql`
  chain AS (
    SELECT x.id, x.alert_id, x.kind, x.at, x.acting_unit_id, x.from_unit_id, x.to_unit_id, al.severity
      FROM alert_action x
      JOIN alert al ON al.id = x.alert_id
     WHERE al.subject_path LIKE ${`${window.basePath}%`} AND x.kind <> 'folded' AND x.at < ${window.end}
  ),
  turn AS (
    SELECT kind, alert_id, to_unit_id, at, lead(at) OVER (PARTITION BY alert_id ORDER BY at, id) AS next_at
      FROM chain
     WHERE kind IN ('raised', 'escalated', 'closed')
  ),
  holding AS (
    SELECT alert_id, to_unit_id AS unit_id, at AS started_at, next_at AS ended_at FROM turn WHERE kind <> 'closed'
  )`;

/** Targeted supervision (靶向监管): who let the alerts it held breach their SLAs, in SQL over the chain of actions. */
@Injectable()
export class SupervisionRepository {
  constructor(readonly prisma: PrismaService) {}

  findUnit(scope: Scope, id: string): Promise<SupervisionUnitRow | null> {
    return this.prisma.orgUnit.findFirst({ where: { id, ...scopeWhere(scope) }, select: { id: true, name: true, level: true, path: true } });
  }

  /** The management units strictly below the base that held any alert during the period. */
  unitsThatHeld(scope: Scope, window: SupervisionWindow): Promise<SupervisionUnitRow[]> {
    assertInScope(scope, window.basePath);
    return this.prisma.$queryRaw<SupervisionUnitRow[]>`
      WITH ${chainAndHoldings(window)}
      SELECT u.id, u.name, u.level, u.path
        FROM org_unit u
       WHERE u.path LIKE ${`${window.basePath}%`} AND u.path <> ${window.basePath}
         AND u.level IN (${Prisma.join(SUPERVISED_LEVELS)})
         AND EXISTS (SELECT 1 FROM holding h WHERE h.unit_id = u.id AND (h.ended_at IS NULL OR h.ended_at >= ${window.start}))
       ORDER BY u.path`;
  }

  /**
   * The figures of the given units. An acknowledgement is on time when it came within the unit's
   * acknowledgement limit from the moment the unit got the alert; a handling, within the handling
   * limit from then or from the last send-back since (a send-back gives a fresh handling time).
   * `slas`: the limits in force at each unit, by unit id.
   */
  figures(scope: Scope, window: SupervisionWindow, slas: Record<string, TAlertSlas>): Promise<SupervisionFigures[]> {
    assertInScope(scope, window.basePath);
    const { start } = window;
    return this.prisma.$queryRaw<SupervisionFigures[]>`
      WITH ${chainAndHoldings(window)},
      sla AS (SELECT key::uuid AS unit_id, value AS limits FROM jsonb_each(${JSON.stringify(slas)}::jsonb)),
      acts AS (
        SELECT c.kind, c.acting_unit_id AS unit_id, c.at,
               CASE c.kind
                 WHEN 'acknowledged' THEN h.started_at + make_interval(secs => (s.limits -> c.severity ->> 'ackHours')::float8 * 3600)
                 ELSE GREATEST(h.started_at, sb.at) + make_interval(secs => (s.limits -> c.severity ->> 'handleHours')::float8 * 3600)
               END AS due_at
          FROM chain c
          JOIN sla s ON s.unit_id = c.acting_unit_id
          JOIN LATERAL (
            SELECT h.started_at FROM holding h
             WHERE h.alert_id = c.alert_id AND h.unit_id = c.acting_unit_id AND h.started_at <= c.at
             ORDER BY h.started_at DESC LIMIT 1
          ) h ON true
          LEFT JOIN LATERAL (
            SELECT max(b.at) AS at FROM chain b WHERE b.alert_id = c.alert_id AND b.kind = 'sent_back' AND b.at > h.started_at AND b.at < c.at
          ) sb ON true
         WHERE c.kind IN ('acknowledged', 'handled') AND c.at >= ${start}
      ),
      reopen AS (
        SELECT handler.acting_unit_id AS unit_id
          FROM chain c
          JOIN LATERAL (
            SELECT p.acting_unit_id FROM chain p
             WHERE p.alert_id = c.alert_id AND p.kind = 'handled' AND p.at <= c.at
             ORDER BY p.at DESC LIMIT 1
          ) handler ON true
         WHERE c.kind = 'sent_back' AND c.at >= ${start}
      )
      SELECT s.unit_id::text AS id,
             (SELECT count(*) FROM holding h WHERE h.unit_id = s.unit_id AND h.started_at >= ${start})::int AS received,
             (SELECT count(*) FROM holding h WHERE h.unit_id = s.unit_id AND (h.ended_at IS NULL OR h.ended_at >= ${start}))::int AS held,
             (SELECT count(*) FROM acts a WHERE a.unit_id = s.unit_id AND a.kind = 'acknowledged' AND a.at <= a.due_at)::int AS "ackOnTime",
             (SELECT count(*) FROM acts a WHERE a.unit_id = s.unit_id AND a.kind = 'acknowledged' AND a.at > a.due_at)::int AS "ackLate",
             (SELECT count(*) FROM acts a WHERE a.unit_id = s.unit_id AND a.kind = 'handled' AND a.at <= a.due_at)::int AS "handledOnTime",
             (SELECT count(*) FROM acts a WHERE a.unit_id = s.unit_id AND a.kind = 'handled' AND a.at > a.due_at)::int AS "handledLate",
             (SELECT count(*) FROM chain c WHERE c.kind = 'escalated' AND c.from_unit_id = s.unit_id AND c.at >= ${start})::int AS "escalatedAway",
             (SELECT count(*) FROM reopen r WHERE r.unit_id = s.unit_id)::int AS reopened
        FROM sla s`;
  }
}
