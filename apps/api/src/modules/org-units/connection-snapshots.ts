import { Injectable } from '@nestjs/common';
import { addDays, shanghaiDay } from '@canteen/shared';
import { DomainEvents } from '@/common/queue/domain-events';
import { JobRouter } from '@/common/queue/job-router';
import { systemScope } from '@/common/tenancy/scope';
import { OrgUnitsRepository } from './org-units.repository';

/**
 * Keeps the daily 接入率 history: a nightly job writes every unit's counts, and each connection
 * change refreshes today's counts of the canteen's ancestors so dashboards need no history scan.
 */
@Injectable()
export class ConnectionSnapshots {
  constructor(
    private readonly repository: OrgUnitsRepository,
    router: JobRouter,
    events: DomainEvents,
  ) {
    router.on('connectionSnapshot', async ({ day }) => {
      const date = day === 'today' ? shanghaiDay() : day === 'yesterday' ? addDays(shanghaiDay(), -1) : day;
      await this.repository.writeSnapshots(systemScope(), date, null);
    });
    events.on('org.connection-changed', async (event) => {
      if (!event.orgPath) return;
      const ancestors = event.orgPath.split('/').filter(Boolean).slice(0, -1);
      await this.repository.writeSnapshots(systemScope(), shanghaiDay(), ancestors);
    });
  }
}
