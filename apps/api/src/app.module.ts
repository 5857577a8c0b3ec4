import { Module } from '@nestjs/common';
import { CommonModule } from '@/common/common.module';
import { AuditModule } from '@/modules/audit/audit.module';
import { AuthModule } from '@/modules/auth/auth.module';
import { HealthModule } from '@/modules/health/health.module';
import { OrgUnitsModule } from '@/modules/org-units/org-units.module';
import { UsersModule } from '@/modules/users/users.module';

@Module({ imports: [CommonModule, HealthModule, AuthModule, OrgUnitsModule, UsersModule, AuditModule] })
export class AppModule {}
