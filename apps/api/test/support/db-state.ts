import { testPrisma } from '@test/factories/prisma';

export interface TableCounts {
  org_unit: number;
  org_unit_move: number;
  connection_event: number;
  app_user: number;
  audit_log: number;
  outbox_event: number;
  supplier: number;
}

/** Row counts of the tables a request can write, and the last audit id, in one round trip. */
export async function dbState(): Promise<{ counts: TableCounts; lastAuditId: bigint }> {
  const [row] = await testPrisma().$queryRawUnsafe<
    (Record<keyof TableCounts, bigint> & { last_audit_id: bigint | null })[]
  >(`
    SELECT (SELECT count(*) FROM org_unit) AS org_unit,
           (SELECT count(*) FROM org_unit_move) AS org_unit_move,
           (SELECT count(*) FROM connection_event) AS connection_event,
           (SELECT count(*) FROM app_user) AS app_user,
           (SELECT count(*) FROM audit_log) AS audit_log,
           (SELECT count(*) FROM outbox_event) AS outbox_event,
           (SELECT count(*) FROM supplier) AS supplier,
           (SELECT max(id) FROM audit_log) AS last_audit_id`);
  const { last_audit_id: last, ...counts } = row!;
  return {
    counts: Object.fromEntries(
      Object.entries(counts).map(([key, value]) => [key, Number(value)]),
    ) as unknown as TableCounts,
    lastAuditId: last ?? 0n,
  };
}

/** Row counts of the tables a request can write. */
export async function tableCounts(): Promise<TableCounts> {
  return (await dbState()).counts;
}

/** The highest audit id so far (0 when empty): entries written after it are the newest. */
export async function lastAuditId(): Promise<bigint> {
  const last = await testPrisma().auditLog.findFirst({
    orderBy: { id: 'desc' },
    select: { id: true },
  });
  return last?.id ?? 0n;
}

export function auditEntriesAfter(id: bigint) {
  return testPrisma().auditLog.findMany({ where: { id: { gt: id } }, orderBy: { id: 'asc' } });
}

let counter = 0;
/** A code or username that no factory or seed produces. */
export function uniqueName(prefix: string): string {
  return `${prefix}${Date.now().toString(36)}${(counter++).toString(36)}${Math.floor(Math.random() * 1e4)}`;
}
