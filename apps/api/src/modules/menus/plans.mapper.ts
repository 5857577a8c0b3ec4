import type { AgeBand, Meal, TPlanSummary } from '@canteen/shared';
import type { PlannedEntry } from './menu-rules';
import { type EntryRow, type PlanRow, type PlanVersionRow, toDay } from './plans.repository';

export type PlanAgeBands = { ageBand: AgeBand; headcount: number }[];

export function entryInput(entry: EntryRow): PlannedEntry {
  return {
    day: toDay(entry.day),
    meal: entry.meal as Meal,
    ageBand: entry.ageBand as AgeBand,
    headcount: entry.headcount,
    dishVersionIds: entry.dishes.map((d) => d.dishVersionId),
  };
}

export function summary(plan: PlanRow, version: PlanVersionRow, users: Map<string, string>): TPlanSummary {
  const name = (id: string) => ({ id, name: users.get(id) ?? '—' });
  return {
    id: plan.id,
    canteen: { id: plan.canteen.id, name: plan.canteen.name },
    school: { id: plan.canteen.parent!.id, name: plan.canteen.parent!.name, enrolment: plan.canteen.parent!.enrolment },
    weekStart: toDay(plan.weekStart),
    status: version.status as TPlanSummary['status'],
    version: version.version,
    versionId: version.id,
    reason: version.reason,
    ageBands: version.ageBands as PlanAgeBands,
    createdBy: name(version.createdById),
    createdAt: version.createdAt.toISOString(),
    publishedBy: version.publishedById ? name(version.publishedById) : null,
    publishedAt: version.publishedAt?.toISOString() ?? null,
  };
}
