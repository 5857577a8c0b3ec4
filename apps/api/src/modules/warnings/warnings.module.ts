import { Module } from '@nestjs/common';
import { DocumentCodes } from '@/modules/deliveries/document-codes.repository';
import { SettingsModule } from '@/modules/settings/settings.module';
import { AlertEscalation } from './alert-escalation';
import { AlertsController } from './alerts.controller';
import { AlertsRepository } from './alerts.repository';
import { AlertsService } from './alerts.service';
import { Clock } from './clock';
import { DeadLettersService } from './dead-letters.service';
import { NotificationPublisher } from './notification-publisher';
import { RuleCatalogueService } from './rule-catalogue.service';
import { RuleQueriesRepository } from './rule-queries.repository';
import { SupervisionController } from './supervision.controller';
import { SupervisionRepository } from './supervision.repository';
import { SupervisionService } from './supervision.service';
import { WarningsController } from './warnings.controller';
import { WarningsEngine } from './warnings-engine';

/** Risk warnings: the rule engine and escalation (run by the worker), the alert lifecycle API. */
@Module({
  imports: [SettingsModule],
  controllers: [AlertsController, WarningsController, SupervisionController],
  providers: [
    AlertsRepository,
    AlertsService,
    AlertEscalation,
    Clock,
    DeadLettersService,
    DocumentCodes,
    NotificationPublisher,
    RuleCatalogueService,
    RuleQueriesRepository,
    SupervisionRepository,
    SupervisionService,
    WarningsEngine,
  ],
  exports: [AlertsRepository, AlertsService, AlertEscalation, Clock, NotificationPublisher, WarningsEngine],
})
export class WarningsModule {}
