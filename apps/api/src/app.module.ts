import { type DynamicModule, Module } from '@nestjs/common';
import { APP_GUARD } from '@nestjs/core';
import { AuthGuard } from '@/common/auth/auth.guard';
import { CommonModule } from '@/common/common.module';
import type { AppConfig } from '@/common/config/config';
import { ConfigModule } from '@/common/config/config.module';
import { AuditModule } from '@/modules/audit/audit.module';
import { AuthModule } from '@/modules/auth/auth.module';
import { HealthModule } from '@/modules/health/health.module';
import { OrgUnitsModule } from '@/modules/org-units/org-units.module';
import { UsersModule } from '@/modules/users/users.module';
import { SuppliersModule } from '@/modules/suppliers/suppliers.module';
import { DeliveriesModule } from '@/modules/deliveries/deliveries.module';
import { TraceModule } from '@/modules/trace/trace.module';
import { LedgerModule } from '@/modules/ledger/ledger.module';
import { NutritionModule } from '@/modules/nutrition/nutrition.module';
import { SettingsModule } from '@/modules/settings/settings.module';
import { MenusModule } from '@/modules/menus/menus.module';
import { WarningsModule } from '@/modules/warnings/warnings.module';
import { NotificationsModule } from '@/modules/warnings/notifications.module';
import { PublicModule } from '@/modules/public/public.module';
import { FeedbackModule } from '@/modules/public/feedback.module';

@Module({})
export class AppModule {
  static forRoot(config: AppConfig): DynamicModule {
    return {
      module: AppModule,
      imports: [ConfigModule.forRoot(config), CommonModule, HealthModule, AuthModule, OrgUnitsModule, UsersModule, AuditModule, SuppliersModule, DeliveriesModule, TraceModule, LedgerModule, SettingsModule, NutritionModule, MenusModule, WarningsModule, NotificationsModule, PublicModule, FeedbackModule],
      providers: [{ provide: APP_GUARD, useClass: AuthGuard }],
    };
  }
}
