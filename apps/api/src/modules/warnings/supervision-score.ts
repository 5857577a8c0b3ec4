import type { TSupervisionRow } from '@canteen/shared';
import type { SupervisionFigures, SupervisionUnitRow } from './supervision.repository';

/**
 * The failure score (失职分值): failure points per 100 alerts the unit held in the period.
 * An alert taken away by escalation is the unit's own SLA breach and weighs 2; a handling sent back
 * by the level above (measures not enough) weighs 1; an acknowledgement or handling that came after
 * its limit but before the escalation job moved the alert weighs 1. Per alert held, so a county with
 * many canteens is not ranked above a small one only for its volume.
 */
export const SCORE_WEIGHTS = { escalatedAway: 2, reopened: 1, late: 1 } as const;

export function failureScore(figures: SupervisionFigures): number {
  if (figures.held === 0) return 0;
  const points =
    SCORE_WEIGHTS.escalatedAway * figures.escalatedAway +
    SCORE_WEIGHTS.reopened * figures.reopened +
    SCORE_WEIGHTS.late * (figures.ackLate + figures.handledLate);
  return Math.round((1000 * points) / figures.held) / 10;
}

/** Worst first: by score, then by breaches, then by volume; a unit with no failure still shows, last. */
export function rankUnits(units: SupervisionUnitRow[], figures: SupervisionFigures[]): TSupervisionRow[] {
  const byId = new Map(figures.map((row) => [row.id, row]));
  const rows = units.flatMap((unit) => {
    const f = byId.get(unit.id);
    if (!f) return [];
    return [
      {
        unit: { id: unit.id, name: unit.name, level: unit.level },
        received: f.received,
        acknowledgedOnTime: f.ackOnTime,
        acknowledgedLate: f.ackLate,
        handledOnTime: f.handledOnTime,
        handledLate: f.handledLate,
        escalatedAway: f.escalatedAway,
        reopened: f.reopened,
        score: failureScore(f),
        rank: 0,
      },
    ];
  });
  rows.sort((a, b) => b.score - a.score || b.escalatedAway - a.escalatedAway || b.received - a.received || a.unit.name.localeCompare(b.unit.name, 'zh'));
  return rows.map((row, index) => ({ ...row, rank: index + 1 }));
}
