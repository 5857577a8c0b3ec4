import type { Pool, PoolClient } from 'pg';
import type { PrismaService, Tx } from './prisma.service';

/**
 * Where a statement runs: Prisma (the client or an interactive transaction), or the `pg` pool
 * under it and a client taken from that pool. Hot paths measured in bench/ go straight to `pg`,
 * where a named statement is parsed and planned once per connection and no query compiler runs;
 * the rest keep Prisma.
 */
export type Db = PrismaService | Tx | Pool | PoolClient;

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

/** A transaction on one `pg` connection: committed when `work` resolves, rolled back when it throws. */
export async function pgTransaction<T>(pool: Pool, work: (client: PoolClient) => Promise<T>): Promise<T> {
  const client = await pool.connect();
  let broken: Error | undefined;
  try {
    await client.query('BEGIN');
    const result = await work(client);
    await client.query('COMMIT');
    return result;
  } catch (error) {
    await client.query('ROLLBACK').catch((rollbackError: Error) => {
      broken = rollbackError;
    });
    throw error;
  } finally {
    // A connection that could not even roll back is closed rather than handed to the next request.
    client.release(broken);
  }
}
