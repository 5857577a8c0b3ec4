import { Module } from '@nestjs/common';
import { ConnectionSnapshots } from './connection-snapshots';
import { OrgUnitsController } from './org-units.controller';
import { OrgUnitsRepository } from './org-units.repository';
import { OrgUnitsService } from './org-units.service';

@Module({ controllers: [OrgUnitsController], providers: [OrgUnitsService, OrgUnitsRepository, ConnectionSnapshots], exports: [OrgUnitsRepository] })
export class OrgUnitsModule {}
