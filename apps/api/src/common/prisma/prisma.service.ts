import { Inject, Injectable, Logger, OnModuleDestroy } from '@nestjs/common';
import { PrismaPg } from '@prisma/adapter-pg';
import pg from 'pg';
import { PrismaClient } from '@/generated/prisma/client';
import { APP_CONFIG, type AppConfig } from '@/common/config/config';

export type { Prisma } from '@/generated/prisma/client';
/** What a repository receives inside `prisma.$transaction(async (tx) => …)`. */
export type Tx = Parameters<Parameters<PrismaClient['$transaction']>[0]>[0];

@Injectable()
export class PrismaService extends PrismaClient implements OnModuleDestroy {
  /** The connections Prisma runs on, for the few statements that go straight to `pg` (see `common/prisma/sql.ts`). */
  readonly pool: pg.Pool;

  constructor(@Inject(APP_CONFIG) config: AppConfig) {
    const options = config.DATABASE_ROLE ? `-c role=${config.DATABASE_ROLE}` : undefined;
    const pool = new pg.Pool({ connectionString: config.DATABASE_URL, max: config.DATABASE_POOL_MAX, options });
    super({ adapter: new PrismaPg(pool) });
    this.pool = pool;
    // An idle connection the server closed (a restart, a terminated backend) is dropped and
    // replaced by the pool; without a listener the event would end the process.
    pool.on('error', (error) => new Logger('Database').warn(`idle connection lost: ${error.message}`));
  }

  override async $disconnect(): Promise<void> {
    await super.$disconnect();
    if (!this.pool.ended) await this.pool.end();
  }

  async onModuleDestroy(): Promise<void> {
    await this.$disconnect();
  }
}
