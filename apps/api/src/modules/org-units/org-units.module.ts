import { Module } from '@nestjs/common';
import { OrgUnitsController } from './org-units.controller';
import { OrgUnitsRepository } from './org-units.repository';
import { OrgUnitsService } from './org-units.service';

@Module({ controllers: [OrgUnitsController], providers: [OrgUnitsService, OrgUnitsRepository], exports: [OrgUnitsRepository] })
export class OrgUnitsModule {}
