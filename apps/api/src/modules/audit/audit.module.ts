import { Module } from '@nestjs/common';
import { OrgUnitsModule } from '@/modules/org-units/org-units.module';
import { AuditController } from './audit.controller';
import { AuditRepository } from './audit.repository';
import { AuditService } from './audit.service';

@Module({ imports: [OrgUnitsModule], controllers: [AuditController], providers: [AuditService, AuditRepository] })
export class AuditModule {}
