import { type DynamicModule, Module } from '@nestjs/common';
import { CommonModule } from '@/common/common.module';
import type { AppConfig } from '@/common/config/config';
import { ConfigModule } from '@/common/config/config.module';
import { DeliveriesModule } from '@/modules/deliveries/deliveries.module';
import { LedgerModule } from '@/modules/ledger/ledger.module';
import { OrgUnitsModule } from '@/modules/org-units/org-units.module';
import { SuppliersModule } from '@/modules/suppliers/suppliers.module';
import { WarningsModule } from '@/modules/warnings/warnings.module';
import { PublicCacheModule } from '@/modules/public/public-cache.module';
import { FeedbackModule } from '@/modules/public/feedback.module';
import { WorkerSchedules } from './worker-schedules';

/** The worker process: the same modules as the API, whose job and event handlers it runs. */
@Module({})
export class WorkerModule {
  static forRoot(config: AppConfig): DynamicModule {
    return {
      module: WorkerModule,
      providers: [WorkerSchedules],
      imports: [ConfigModule.forRoot(config), CommonModule, OrgUnitsModule, SuppliersModule, DeliveriesModule, LedgerModule, WarningsModule, PublicCacheModule, FeedbackModule],
    };
  }
}
