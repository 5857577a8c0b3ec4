/**
 * `node apps/api/dist/cli/demo-alerts.js` (run by `npm run up` after the seed, before the worker):
 * lets the demo's past run its course. The seed wrote the events its history implies to the outbox
 * with the time each was committed; this replays those older than a day through the rule engine at
 * that time (the engine's Clock pinned to it), runs the escalation job every quarter of an hour of
 * the past fortnight, and has the demo accounts act through the alert service as the units would:
 * most schools acknowledge and handle in time and their county reviews (sending one in four back
 * once); 达川区's schools leave theirs, which escalate to the county, which takes up half and lets the
 * rest climb to 达州市, which lets a third climb on to the province; a few alerts wait for review, stall
 * after their acknowledgement or are left by everyone (see `fate`); what came in during the last day
 * and a half is acknowledged but not handled yet. The worker then relays every event: the replayed ones are recorded as
 * evaluated and change nothing; the recent ones raise live alerts on its first start.
 */
import 'reflect-metadata';
import { createHash } from 'node:crypto';
import { NestFactory } from '@nestjs/core';
import { type TAlertDetail, ROLES, hasPermission } from '@canteen/shared';
import { toActorIdentity } from '@/common/auth/actor.repository';
import { loadConfig } from '@/common/config/config';
import { PrismaService } from '@/common/prisma/prisma.service';
import type { Actor } from '@/common/tenancy/actor';
import { AlertEscalation } from '@/modules/warnings/alert-escalation';
import { AlertsService } from '@/modules/warnings/alerts.service';
import { Clock } from '@/modules/warnings/clock';
import { WarningsEngine } from '@/modules/warnings/warnings-engine';
import { WorkerModule } from '@/worker.module';

const MINUTE = 60_000;
const HOUR = 60 * MINUTE;
const TICK = 15 * MINUTE;
const REPLAY_BEFORE = 24 * HOUR;
const RECENT = 36 * HOUR;
const TARDY_COUNTY = '511703'; // 达川区

/** A stable coin per alert, so that a re-seeded demo tells the same story. */
const coin = (code: string, sides: number) => createHash('sha1').update(code).digest()[0]! % sides;

/**
 * Besides the units' habits, some alerts have a story of their own: handled but not reviewed yet,
 * acknowledged but never handled (it escalates for its handling time), or left by everyone until
 * it reaches the province.
 */
function fate(code: string): 'awaits-review' | 'stalls' | 'climbs' | 'ordinary' {
  const side = createHash('sha1').update(`fate:${code}`).digest()[0]! % 10;
  return side < 2 ? 'awaits-review' : side === 2 ? 'stalls' : side === 3 ? 'climbs' : 'ordinary';
}

interface OpenAlert {
  id: string;
  code: string;
  status: string;
  reopenedCount: number;
  responsibleUnitId: string;
  raisedAt: Date;
  lastActionAt: Date;
}

async function main(): Promise<number> {
  if (process.env.NODE_ENV === 'production') {
    console.error('demo-alerts refuses to run with NODE_ENV=production');
    return 1;
  }
  const context = await NestFactory.createApplicationContext(WorkerModule.forRoot(loadConfig()), { logger: ['error', 'warn'] });
  try {
    const prisma = context.get(PrismaService);
    if ((await prisma.alert.count()) > 0) {
      console.log('demo-alerts: alerts exist already; nothing to do');
      return 0;
    }
    const realNow = new Date();
    const events = await prisma.outboxEvent.findMany({
      where: { publishedAt: null, createdAt: { lt: new Date(realNow.getTime() - REPLAY_BEFORE) } },
      orderBy: { createdAt: 'asc' },
      select: { id: true, type: true, payload: true, orgPath: true, createdAt: true },
    });
    if (events.length === 0) {
      console.log('demo-alerts: no past events to replay');
      return 0;
    }

    const clock = context.get(Clock);
    const engine = context.get(WarningsEngine);
    const escalation = context.get(AlertEscalation);
    const alerts = context.get(AlertsService);
    let now = events[0]!.createdAt;
    clock.now = () => now;

    const units = new Map((await prisma.orgUnit.findMany({ where: { level: { in: ['province', 'city', 'county', 'school'] } }, select: { id: true, code: true, path: true, parentId: true, level: true } })).map((u) => [u.id, u]));
    const countyOf = (unitId: string) => {
      const unit = units.get(unitId);
      return unit?.level === 'county' ? unit.code : unit?.parentId ? units.get(unit.parentId)?.code : undefined;
    };
    const handlerRoles = ROLES.filter((role) => hasPermission(role, 'alert:handle'));
    const actors = new Map<string, Actor | null>();
    /** An account at the unit that may handle (or, above it, review) its alerts. */
    const actorAt = async (unitId: string): Promise<Actor | null> => {
      if (!actors.has(unitId)) {
        const user = await prisma.user.findFirst({
          where: { orgUnitId: unitId, role: { in: handlerRoles }, disabledAt: null },
          orderBy: [{ mustChangePassword: 'asc' }, { username: 'asc' }],
          select: { id: true, username: true, displayName: true, role: true, mustChangePassword: true, disabledAt: true, orgUnit: { select: { id: true, name: true, level: true, path: true } }, supplier: { select: { id: true, name: true } } },
        });
        actors.set(unitId, user ? { ...toActorIdentity(user), sessionId: 'demo-alerts', ip: '127.0.0.1', requestId: 'demo-alerts' } : null);
      }
      return actors.get(unitId)!;
    };

    /** Who lets this alert lapse: 达川区's schools always, and a share of the others at each level. */
    const tardy = (unitId: string, level: string, code: string) => {
      if (fate(code) === 'climbs' && level !== 'province') return true;
      switch (level) {
        case 'school':
          return countyOf(unitId) === TARDY_COUNTY || coin(code, 5) === 0;
        case 'county':
          return countyOf(unitId) === TARDY_COUNTY && coin(code, 2) === 0;
        case 'city':
          return coin(code, 3) === 0;
        default:
          return false;
      }
    };

    /** What the holder (or the level above) does by now, if anything. */
    const play = async (alert: OpenAlert): Promise<TAlertDetail | null> => {
      const holder = units.get(alert.responsibleUnitId);
      if (!holder) return null;
      const waited = now.getTime() - alert.lastActionAt.getTime();
      if (tardy(holder.id, holder.level, alert.code)) return null;
      const recent = realNow.getTime() - alert.raisedAt.getTime() < RECENT;
      const self = await actorAt(holder.id);
      const reviewer = holder.parentId ? await actorAt(holder.parentId) : null;
      switch (alert.status) {
        case 'raised':
          return self && waited >= (holder.level === 'school' ? 40 * MINUTE : HOUR) ? alerts.acknowledge(self, alert.id) : null;
        case 'acknowledged':
          // The last day and a half is still being dealt with; the province only takes note.
          return self && !recent && holder.level !== 'province' && fate(alert.code) !== 'stalls' && waited >= 3 * HOUR
            ? alerts.handle(self, alert.id, { measures: alert.reopenedCount > 0 ? '已按上级意见补充整改：重新核查相关批次并补充佐证记录。' : '已现场核查，停止使用相关批次，补齐票证并对责任人进行提醒教育。', evidenceFileIds: [] })
            : null;
        case 'handled':
          if (!reviewer || fate(alert.code) === 'awaits-review' || waited < 18 * HOUR) return null;
          if (alert.reopenedCount === 0 && coin(alert.code, 4) === 0) return alerts.sendBack(reviewer, alert.id, { reason: '整改措施不具体，请补充相关批次的处置去向和票证照片。' });
          return alerts.close(reviewer, alert.id, { note: '整改到位，同意关闭。' });
        default:
          return null;
      }
    };

    let next = 0;
    let replayed = 0;
    let acted = 0;
    for (let t = events[0]!.createdAt.getTime(); t <= realNow.getTime(); t += TICK) {
      for (; next < events.length && events[next]!.createdAt.getTime() <= t; next++) {
        const event = events[next]!;
        now = event.createdAt;
        await engine.onEvent({ eventId: event.id, type: event.type, orgPath: event.orgPath, payload: event.payload });
        replayed++;
      }
      now = new Date(t);
      await escalation.run(now);
      const open = await prisma.$queryRaw<OpenAlert[]>`
        SELECT a.id, a.code, a.status, a.reopened_count AS "reopenedCount", a.responsible_unit_id AS "responsibleUnitId", a.raised_at AS "raisedAt",
               (SELECT max(x.at) FROM alert_action x WHERE x.alert_id = a.id AND x.kind <> 'folded') AS "lastActionAt"
          FROM alert a WHERE a.status <> 'closed' ORDER BY a.code`;
      for (const alert of open) if (await play(alert)) acted++;
    }
    const byStatus = await prisma.alert.groupBy({ by: ['status'], _count: true });
    console.log(`demo-alerts: ${replayed} past events replayed, ${acted} actions taken; alerts by status: ${byStatus.map((s) => `${s.status} ${s._count}`).join(', ')}`);
    return 0;
  } finally {
    await context.close();
  }
}

main().then(
  (code) => process.exit(code),
  (error: unknown) => {
    console.error(error);
    process.exit(1);
  },
);
