import { Inject, Injectable, OnModuleDestroy } from '@nestjs/common';
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
    const pool = new pg.Pool({ connectionString: config.DATABASE_URL, max: 10, options });
    super({ adapter: new PrismaPg(pool) });
    this.pool = pool;
  }

  override async $disconnect(): Promise<void> {
    await super.$disconnect();
    if (!this.pool.ended) await this.pool.end();
  }

  async onModuleDestroy(): Promise<void> {
    await this.$disconnect();
  }
}
