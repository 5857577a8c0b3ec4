import { type AlertSeverity, RESPONSIBLE_LEVELS, type ResponsibleLevel, type TAlertSlas } from '@canteen/shared';
import type { AlertUnitRow } from './alerts.repository';

const HOUR_MS = 3_600_000;

/**
 * The unit that holds an alert first: the subject's ancestor (or itself) at the rule's level; for a
 * subject above that level, the subject itself. Canteens hold none: their accounts sit at the school.
 */
export function responsibleUnitFor(unitsOnPath: AlertUnitRow[], level: ResponsibleLevel): AlertUnitRow | undefined {
  const eligible = unitsOnPath
    .filter((unit) => (RESPONSIBLE_LEVELS as readonly string[]).includes(unit.level))
    .sort((a, b) => b.path.length - a.path.length);
  const wanted = RESPONSIBLE_LEVELS.indexOf(level);
  return eligible.find((unit) => RESPONSIBLE_LEVELS.indexOf(unit.level as ResponsibleLevel) >= wanted) ?? eligible.at(-1);
}

/** When the holder must have acknowledged and handled an alert raised (or passed to it) at `from`. */
export function dueTimes(slas: TAlertSlas, severity: AlertSeverity, from: Date): { ackDueAt: Date; handleDueAt: Date } {
  const sla = slas[severity];
  return { ackDueAt: new Date(from.getTime() + sla.ackHours * HOUR_MS), handleDueAt: new Date(from.getTime() + sla.handleHours * HOUR_MS) };
}
