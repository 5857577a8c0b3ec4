import { Inject, Injectable, OnModuleDestroy } from '@nestjs/common';
import { PrismaPg } from '@prisma/adapter-pg';
import { PrismaClient } from '@/generated/prisma/client';
import { APP_CONFIG, type AppConfig } from '@/common/config/config';

export type { Prisma } from '@/generated/prisma/client';
/** What a repository receives inside `prisma.$transaction(async (tx) => …)`. */
export type Tx = Parameters<Parameters<PrismaClient['$transaction']>[0]>[0];

@Injectable()
export class PrismaService extends PrismaClient implements OnModuleDestroy {
  constructor(@Inject(APP_CONFIG) config: AppConfig) {
    const options = config.DATABASE_ROLE ? `-c role=${config.DATABASE_ROLE}` : undefined;
    super({ adapter: new PrismaPg({ connectionString: config.DATABASE_URL, max: 10, options }) });
  }

  async onModuleDestroy(): Promise<void> {
    await this.$disconnect();
  }
}
