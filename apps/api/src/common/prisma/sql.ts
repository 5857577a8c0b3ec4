import type { Pool } from 'pg';
import type { PrismaService, Tx } from './prisma.service';

/**
 * Where a statement runs: Prisma (the client or an interactive transaction), or the `pg` pool
 * under it. Hot paths measured in bench/ go straight to the pool, where a named statement is
 * parsed and planned once per connection and no query compiler runs; the rest keep Prisma.
 */
export type Db = PrismaService | Tx | Pool;

/** One SQL text under a name unique in the API: the name `pg` prepares it by on each connection. */
export interface Statement {
  readonly name: string;
  readonly text: string;
}

export const statement = (name: string, text: string): Statement => ({ name, text });

/**
 * Runs a statement with positional parameters ($1, $2 …) on either side. The two drivers turn
 * numeric, bigint and date columns into different JS values, so such a statement casts those to
 * text (or int) and the caller parses them.
 */
export async function query<T>(db: Db, { name, text }: Statement, values: unknown[]): Promise<T[]> {
  if ('$queryRawUnsafe' in db) return db.$queryRawUnsafe<T[]>(text, ...values);
  return (await db.query<T & object>({ name, text, values })).rows;
}
