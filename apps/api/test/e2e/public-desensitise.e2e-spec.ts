import { mkdtempSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import type { NestFastifyApplication } from '@nestjs/platform-fastify';
import { PrismaPg } from '@prisma/adapter-pg';
import pg from 'pg';
import request from 'supertest';
import { addDays, shanghaiDay } from '@canteen/shared';
import { loadConfig } from '@/common/config/config';
import { systemScope } from '@/common/tenancy/scope';
import { PrismaClient } from '@/generated/prisma/client';
import { LedgerSealService } from '@/modules/ledger/ledger-seal.service';
import { migrate } from '../../../../prisma/migrate';
import { seed } from '../../../../prisma/seed/seed';
import { startApp } from './harness';

/**
 * The desensitisation scan (issue 7): every public GET endpoint, over the whole demo seed in a
 * database of its own, every string of every answer checked for the seeded people's names and phone
 * numbers and for resident ID numbers. Endpoints are found in the OpenAPI document, so a new public
 * endpoint without a walker here fails the test rather than going unscanned.
 */

const run = process.env.TEST_RUN_ID ?? `${Date.now().toString(36)}`;
const dbName = `canteen_test_${run}_public_scan`;
const serverUrl = new URL(process.env.DATABASE_URL!);
const adminUrl = Object.assign(new URL(serverUrl.href), { pathname: '/postgres' }).href;
const databaseUrl = Object.assign(new URL(serverUrl.href), { pathname: `/${dbName}` }).href;

// What the scan calls unmasked: a whole mobile number, an 18-character resident ID number (not inside a longer token).
const MOBILE = /(?<![0-9A-Za-z])1[3-9]\d{9}(?![0-9A-Za-z])/;
const RESIDENT_ID = /(?<![0-9A-Za-z])\d{17}[\dXx](?![0-9A-Za-z])/;

async function admin(sql: string) {
  const client = new pg.Client({ connectionString: adminUrl });
  await client.connect();
  try {
    await client.query(sql);
  } finally {
    await client.end();
  }
}

interface Finding {
  url: string;
  path: string;
  problem: string;
  text: string;
}

/** Every string in a JSON value, with where it sits. */
function strings(value: unknown, at = '$'): { path: string; text: string }[] {
  if (typeof value === 'string') return [{ path: at, text: value }];
  if (Array.isArray(value)) return value.flatMap((item, i) => strings(item, `${at}[${i}]`));
  if (value !== null && typeof value === 'object') return Object.entries(value).flatMap(([key, item]) => strings(item, `${at}.${key}`));
  return [];
}

describe('public pages: desensitisation scan over the demo data', () => {
  const storageDir = mkdtempSync(path.join(os.tmpdir(), 'canteen-public-scan-'));
  const savedStorageDir = process.env.STORAGE_DIR;
  let db: PrismaClient;
  let app: NestFastifyApplication;
  let names: string[];
  let phones: string[];
  let feedback: { tracking_code: string; contact: string | null }[];
  const findings: Finding[] = [];
  const covered = new Set<string>();
  const scanned = { answers: 0, canteenPages: 0, withMenu: 0, withSources: 0, withLedger: 0, withLicences: 0 };

  const get = (url: string) => request(app.getHttpServer()).get(url);

  function scan(url: string, body: unknown) {
    scanned.answers++;
    for (const { path: at, text } of strings(body)) {
      for (const name of names) if (text.includes(name)) findings.push({ url, path: at, problem: `person name ${name}`, text });
      for (const phone of phones) if (text.includes(phone)) findings.push({ url, path: at, problem: `phone ${phone}`, text });
      if (MOBILE.test(text)) findings.push({ url, path: at, problem: 'unmasked mobile number', text });
      if (RESIDENT_ID.test(text)) findings.push({ url, path: at, problem: 'resident ID number', text });
    }
  }

  async function json(url: string, status = 200) {
    const response = await get(url);
    expect({ url, status: response.status }).toEqual({ url, status });
    scan(url, response.body);
    return response.body;
  }

  beforeAll(async () => {
    await admin(`CREATE DATABASE "${dbName}"`);
    await migrate(databaseUrl);
    process.env.STORAGE_DIR = storageDir;
    await seed(databaseUrl);
    db = new PrismaClient({ adapter: new PrismaPg({ connectionString: databaseUrl }) });
    app = await startApp({ ...loadConfig(), DATABASE_URL: databaseUrl, STORAGE_DIR: storageDir, REDIS_PREFIX: `${process.env.REDIS_PREFIX}-public-scan` });
    // What the worker does on start: the past days of the demo ledger sealed into signed digests.
    await app.get(LedgerSealService).sealThrough(systemScope(), addDays(shanghaiDay(), -1));

    const [users, units, suppliers] = await Promise.all([
      db.user.findMany({ select: { displayName: true, phone: true } }),
      db.orgUnit.findMany({ select: { contactName: true, contactPhone: true } }),
      db.supplier.findMany({ select: { contactName: true, contactPhone: true } }),
    ]);
    const people = [...users.map((u) => u.displayName), ...units.map((u) => u.contactName), ...suppliers.map((s) => s.contactName)];
    // Only names of persons (2–4 Chinese characters); account labels such as 平台运维 are kept out.
    names = [...new Set(people.filter((n): n is string => !!n && /^[\u4e00-\u9fa5]{2,4}$/.test(n) && n !== '平台运维'))];
    // Parents' contacts on their feedback are kept for the school alone.
    feedback = await db.$queryRawUnsafe<{ tracking_code: string; contact: string | null }[]>('SELECT tracking_code, contact FROM feedback ORDER BY tracking_code');
    phones = [...new Set([...users.map((u) => u.phone), ...units.map((u) => u.contactPhone), ...suppliers.map((s) => s.contactPhone), ...feedback.map((f) => f.contact)].filter((p): p is string => !!p))];
  }, 600_000);

  afterAll(async () => {
    process.env.STORAGE_DIR = savedStorageDir;
    await app?.close();
    await db?.$disconnect();
    await admin(`DROP DATABASE IF EXISTS "${dbName}" WITH (FORCE)`);
    rmSync(storageDir, { recursive: true, force: true });
  });

  it('knows the people of the demo data', () => {
    expect(names.length).toBeGreaterThan(30);
    expect(names).toEqual(expect.arrayContaining(['周文斌', '吴秀兰', '孙德胜']));
    expect(phones.length).toBeGreaterThan(30);
  });

  it('walks every public GET endpoint and finds no unmasked name, phone or ID number', async () => {
    const document = (await get('/api/docs-json')).body as { paths: Record<string, Record<string, unknown>> };
    const publicGets = Object.entries(document.paths)
      .filter(([route, methods]) => route.startsWith('/api/public/') && 'get' in methods)
      .map(([route]) => route);

    const walkers: Record<string, () => Promise<void>> = {
      '/api/public/regions': async () => {
        const regions = (await json('/api/public/regions')) as { id: string }[];
        for (const region of regions) await json(`/api/public/canteens?region=${region.id}&pageSize=50`);
      },
      '/api/public/canteens': async () => {
        for (let page = 1; ; page++) {
          const body = (await json(`/api/public/canteens?pageSize=50&page=${page}`)) as { items: unknown[]; total: number };
          if (page * 50 >= body.total) break;
        }
      },
      '/api/public/canteens/{code}': async () => {
        const canteens = await db.orgUnit.findMany({ where: { level: 'canteen' }, select: { code: true, connectionStatus: true } });
        for (const canteen of canteens) {
          const connected = canteen.connectionStatus === 'connected';
          const body = await json(`/api/public/canteens/${canteen.code}`, connected ? 200 : 404);
          if (!connected) continue;
          scanned.canteenPages++;
          if (body.menu) scanned.withMenu++;
          if (body.sources) scanned.withSources++;
          if (body.ledger) scanned.withLedger++;
          if (body.licences) scanned.withLicences++;
        }
      },
      '/api/public/feedback/challenge': async () => {
        const canteens = await db.orgUnit.findMany({ where: { level: 'canteen', connectionStatus: 'connected' }, select: { code: true }, take: 5 });
        for (const { code } of canteens) await json(`/api/public/feedback/challenge?canteen=${code}`);
      },
      // Under the per-address look-up limit (FEEDBACK_TRACK_LIMIT).
      '/api/public/feedback/{trackingCode}': async () => {
        for (const { tracking_code: code } of feedback.slice(0, 60)) await json(`/api/public/feedback/${code}`);
      },
      // Images only: a public file is a dish photo and never JSON with data in it.
      '/api/public/files/{id}': async () => {
        const photos = await db.dishVersion.findMany({ where: { photoFileId: { not: null } }, select: { photoFileId: true }, take: 20 });
        for (const { photoFileId } of photos) {
          const response = await get(`/api/public/files/${photoFileId}`);
          if (response.status === 200) expect(response.headers['content-type']).toMatch(/^image\//);
        }
      },
    };

    const unwalked = publicGets.filter((route) => !walkers[route]);
    expect({ unwalked }).toEqual({ unwalked: [] });
    for (const route of publicGets) {
      await walkers[route]!();
      covered.add(route);
    }

    expect(findings.slice(0, 20)).toEqual([]);
    expect(covered.size).toBe(publicGets.length);
    // The scan saw real content, not only empty pages.
    expect(scanned.canteenPages).toBeGreaterThan(20);
    expect(scanned.withMenu).toBeGreaterThan(5);
    expect(scanned.withSources).toBeGreaterThan(5);
    expect(scanned.withLicences).toBeGreaterThan(5);
    expect(scanned.withLedger).toBeGreaterThan(5);
  }, 600_000);

  it('would catch an unmasked name or phone number (the scan itself)', () => {
    const before = findings.length;
    scan('probe', { supplier: { contact: `联系人${names[0]}`, phone: phones[0] }, hash: 'a13812345678b', id: '51170219900101123X' });
    expect(findings.slice(before).map((f) => f.problem)).toEqual([`person name ${names[0]}`, `phone ${phones[0]}`, 'unmasked mobile number', 'resident ID number']);
    findings.length = before;
  });
});
