import type { INestApplicationContext } from '@nestjs/common';
import type { NestFastifyApplication } from '@nestjs/platform-fastify';
import { type TFeedbackChallenge, type TFeedbackDetail, solveFeedbackChallenge } from '@canteen/shared';
import request from 'supertest';
import { type AppConfig, loadConfig } from '@/common/config/config';
import { JobQueues } from '@/common/queue/job-queues';
import { FeedbackOverdueProcessor } from '@/modules/public/feedback-overdue.processor';
import { startWorker } from '@/worker.factory';
import { closeTestPrisma, testPrisma } from '@test/factories/prisma';
import { type TestTree, type TestUnit, createTree, createUnit } from '@test/factories/tree.factory';
import { createUser } from '@test/factories/user.factory';
import { auditEntriesAfter, lastAuditId } from '@test/support/db-state';
import { type Session, signIn, startApp } from './harness';

// Low difficulty keeps the tests quick; the algorithm is the one the phones run.
const TEST_CONFIG: Partial<AppConfig> = {
  TRUST_PROXY: true,
  FEEDBACK_POW_DIFFICULTY: 8,
  FEEDBACK_IP_LIMIT: 1000,
  FEEDBACK_CANTEEN_LIMIT: 1000,
  FEEDBACK_TRACK_LIMIT: 1000,
};
const TRACKING_CODE = /^[0-9A-HJKMNP-TV-Z]{10}$/;
const MARKUP = '<script>alert("x")</script><img src=x onerror="alert(1)"> & &amp; </textarea>';
const PNG = Buffer.from('89504e470d0a1a0a0000000d49484452000000010000000108060000001f15c4890000000d4944415478da63f8cfc0f01f0005000201b5a5d8b40000000049454e44ae426082', 'hex');

let ipCounter = 0;
/** Each test sends from addresses of its own (the app trusts X-Forwarded-For here), so per-IP windows do not leak between tests. */
const nextIp = () => `10.9.${Math.floor(ipCounter / 200)}.${(ipCounter++ % 200) + 1}`;

/** A counter whose hash does not begin with 8 zero bits (difficulty 8: a first byte that is not 0). */
async function failingCounter(nonce: string): Promise<string> {
  for (let n = 0; ; n++) {
    const digest = new Uint8Array(await globalThis.crypto.subtle.digest('SHA-256', new TextEncoder().encode(`${nonce}:${n}`)));
    if (digest[0] !== 0) return String(n);
  }
}

async function stored() {
  const [row] = await testPrisma().$queryRawUnsafe<Record<string, bigint>[]>(
    `SELECT (SELECT count(*) FROM feedback) AS feedback, (SELECT count(*) FROM feedback_action) AS actions,
            (SELECT count(*) FROM stored_file) AS files, (SELECT count(*) FROM audit_log) AS audit,
            (SELECT count(*) FROM outbox_event) AS outbox`,
  );
  return Object.fromEntries(Object.entries(row!).map(([key, value]) => [key, Number(value)]));
}

/** A JPEG's head: SOI, JFIF, an Exif segment (orientation 6 and a GPS marker), a comment, then the scan. */
function jpegWithExif(): Buffer {
  const tiff = Buffer.alloc(26);
  tiff.write('II', 0, 'latin1');
  tiff.writeUInt16LE(42, 2);
  tiff.writeUInt32LE(8, 4);
  tiff.writeUInt16LE(1, 8);
  tiff.writeUInt16LE(0x0112, 10);
  tiff.writeUInt16LE(3, 12);
  tiff.writeUInt32LE(1, 14);
  tiff.writeUInt16LE(6, 18);
  const exifPayload = Buffer.concat([Buffer.from('Exif\0\0', 'latin1'), tiff, Buffer.from('GPS 31.2N 107.5E HOME', 'latin1')]);
  const segment = (marker: number, payload: Buffer) => {
    const head = Buffer.from([0xff, marker, 0, 0]);
    head.writeUInt16BE(payload.length + 2, 2);
    return Buffer.concat([head, payload]);
  };
  return Buffer.concat([
    Buffer.from([0xff, 0xd8]),
    segment(0xe0, Buffer.from('JFIF\0\x01\x01\0\0\x01\0\x01\0\0', 'latin1')),
    segment(0xe1, exifPayload),
    segment(0xfe, Buffer.from('taken by Zhang San', 'latin1')),
    Buffer.from([0xff, 0xda, 0, 2, 1, 2, 3, 4, 0xff, 0xd9]),
  ]);
}

describe('parents’ feedback: challenge, submission, tracking, handling', () => {
  let app: NestFastifyApplication;
  let tree: TestTree;
  let principalA: Session;
  let managerA: Session;
  let staffA: Session;
  let countyAdminA: Session;
  let countyAdminB: Session;
  let principalB: Session;

  const anon = () => request(app.getHttpServer());
  const challenge = async (code: string, ip = nextIp()): Promise<TFeedbackChallenge> => {
    const response = await anon().get(`/api/public/feedback/challenge?canteen=${encodeURIComponent(code)}`).set('x-forwarded-for', ip);
    expect(response.status).toBe(200);
    return response.body as TFeedbackChallenge;
  };
  const solved = async (code: string) => {
    const issued = await challenge(code);
    return { challenge: issued, solution: await solveFeedbackChallenge(issued) };
  };
  const send = (code: string, body: object, ip = nextIp()) => anon().post(`/api/public/canteens/${encodeURIComponent(code)}/feedback`).set('x-forwarded-for', ip).send(body);
  const submit = async (unit: TestUnit, fields: Record<string, unknown> = {}) => {
    const response = await send(unit.code, { category: 'taste', text: '今天的菜有点咸', ...fields, ...(await solved(unit.code)) });
    expect(response.status).toBe(201);
    return response.body as { trackingCode: string; status: string; submittedAt: string; replyDueAt: string };
  };
  const track = (code: string, ip = nextIp()) => anon().get(`/api/public/feedback/${code}`).set('x-forwarded-for', ip);
  const idOf = async (trackingCode: string) => (await testPrisma().feedback.findUniqueOrThrow({ where: { trackingCode }, select: { id: true } })).id;
  const act = (session: Session, id: string, body: object) => session.post(`/api/feedback/${id}/actions`, body);

  beforeAll(async () => {
    app = await startApp(TEST_CONFIG);
    tree = await createTree();
    principalA = await signIn(app, await createUser('principal', tree.schoolA));
    managerA = await signIn(app, await createUser('canteen_manager', tree.schoolA));
    staffA = await signIn(app, await createUser('canteen_staff', tree.schoolA));
    countyAdminA = await signIn(app, await createUser('official_admin', tree.countyA));
    countyAdminB = await signIn(app, await createUser('official_admin', tree.countyB));
    principalB = await signIn(app, await createUser('principal', tree.schoolB));
  });
  afterAll(async () => {
    await app.close();
    await closeTestPrisma();
  });

  it('the whole loop: challenge → send → track → the school takes it in hand and replies → the parent reads the reply', async () => {
    const audit = await lastAuditId();
    const issued = await challenge(tree.canteenA1.code);
    expect(issued).toMatchObject({ algorithm: 'sha256-leading-zero-bits', canteen: tree.canteenA1.code, difficulty: 8 });
    expect(Date.parse(issued.expiresAt)).toBeGreaterThan(Date.now());
    const solution = await solveFeedbackChallenge(issued);

    const sent = await send(tree.canteenA1.code, { category: 'hygiene', text: '  餐盘上有水渍，希望加强清洗。  ', contact: '138 1234 5678', challenge: issued, solution });
    expect(sent.status).toBe(201);
    expect(sent.headers['cache-control']).toBe('no-store');
    expect(sent.body.trackingCode).toMatch(TRACKING_CODE);
    expect(sent.body.status).toBe('new');
    // The default time limit: a reply within 48 hours.
    expect(Date.parse(sent.body.replyDueAt) - Date.parse(sent.body.submittedAt)).toBe(48 * 3_600_000);
    const code = sent.body.trackingCode as string;

    const tracked = await track(code.toLowerCase());
    expect(tracked.status).toBe(200);
    expect(tracked.body).toEqual({
      trackingCode: code,
      canteen: { code: tree.canteenA1.code, name: tree.canteenA1.name, schoolName: tree.schoolA.name },
      category: 'hygiene',
      status: 'new',
      submittedAt: sent.body.submittedAt,
      replyDueAt: sent.body.replyDueAt,
      reply: null,
      closedAt: null,
    });

    const list = await principalA.get('/api/feedback');
    expect(list.status).toBe(200);
    const item = list.body.items.find((i: { trackingCode: string }) => i.trackingCode === code);
    expect(item).toMatchObject({ category: 'hygiene', status: 'new', excerpt: '餐盘上有水渍，希望加强清洗。', contact: '138****5678', hasPhoto: false, overdue: false, late: false });
    expect(item.school).toEqual({ id: tree.schoolA.id, name: tree.schoolA.name });

    const detail = await principalA.get(`/api/feedback/${item.id}`);
    expect(detail.body).toMatchObject({ text: '餐盘上有水渍，希望加强清洗。', contact: '13812345678', contactMasked: false, slaHours: 48, can: { start: true, reply: true, close: true, note: true } });

    const started = await act(managerA, item.id, { kind: 'start', note: '已转食堂主管核查' });
    expect(started.status).toBe(201);
    expect(started.body).toMatchObject({ status: 'in_progress', can: { start: false } });
    expect(started.body.firstResponseAt).not.toBeNull();
    expect((await track(code)).body.status).toBe('in_progress');

    const replied = await act(principalA, item.id, { kind: 'reply', reply: '感谢反馈，已要求洗消间每餐复检餐盘。', note: '洗消间主管已签字' });
    expect(replied.status).toBe(201);
    expect(replied.body).toMatchObject({ status: 'replied', publicReply: '感谢反馈，已要求洗消间每餐复检餐盘。' });
    expect(replied.body.replyHours).toBeGreaterThanOrEqual(0);

    const afterReply = await track(code);
    expect(afterReply.body).toMatchObject({ status: 'replied', reply: { text: '感谢反馈，已要求洗消间每餐复检餐盘。' } });
    // Internal notes never reach the parent.
    expect(JSON.stringify(afterReply.body)).not.toContain('洗消间主管已签字');

    const closed = await act(principalA, item.id, { kind: 'close' });
    expect(closed.body).toMatchObject({ status: 'closed', can: { start: false, reply: false, close: false, note: true } });
    expect(closed.body.actions.map((a: { kind: string; actorName: string | null }) => a.kind)).toEqual(['submitted', 'started', 'replied', 'closed']);
    expect(closed.body.actions[0].actorName).toBeNull();
    expect(closed.body.actions[1].note).toBe('已转食堂主管核查');
    expect((await track(code)).body).toMatchObject({ status: 'closed', reply: { text: '感谢反馈，已要求洗消间每餐复检餐盘。' } });

    const entries = await auditEntriesAfter(audit);
    expect(entries.map((e) => [e.action, e.entity])).toEqual([
      ['submit', 'feedback'],
      ['start', 'feedback'],
      ['reply', 'feedback'],
      ['close', 'feedback'],
    ]);
    // The audit log does not copy the parent's text or contact.
    expect(JSON.stringify(entries[0]!.after)).not.toContain('13812345678');
    expect(entries[0]!.actorId).toBeNull();
    const events = await testPrisma().outboxEvent.findMany({ where: { type: { startsWith: 'feedback.' }, payload: { path: ['feedbackId'], equals: item.id } } });
    // Events of one transaction may share a timestamp: compared as a set, each naming the status it led to.
    expect(events.map((e) => `${e.type} → ${(e.payload as { status: string }).status}`).sort()).toEqual([
      'feedback.replied → replied',
      'feedback.status-changed → closed',
      'feedback.status-changed → in_progress',
      'feedback.status-changed → replied',
      'feedback.submitted → new',
    ]);
    expect(events.every((e) => e.orgPath === tree.canteenA1.path)).toBe(true);
  });

  it('markup stays text: a <script> comes back as the same characters in JSON, to the school and to the parent', async () => {
    const receipt = await submit(tree.canteenA1, { category: 'other', text: MARKUP });
    const id = await idOf(receipt.trackingCode);
    const detail = await principalA.get(`/api/feedback/${id}`);
    expect(detail.headers['content-type']).toMatch(/^application\/json/);
    expect(detail.body.text).toBe(MARKUP.trim());
    const list = await principalA.get(`/api/feedback?trackingCode=${receipt.trackingCode}`);
    expect(list.body.items[0].excerpt).toBe([...MARKUP.trim()].slice(0, 60).join('') + '…');
    const reply = '<b>已处理</b><script>steal()</script>';
    await act(principalA, id, { kind: 'reply', reply });
    expect((await track(receipt.trackingCode)).body.reply.text).toBe(reply);
  });

  it('a reply naming the school’s own staff reaches the parent with their names and phone numbers masked; the school reads it as written', async () => {
    await createUser('canteen_manager', tree.schoolA, { displayName: '吴秀兰' });
    await createUser('canteen_staff', tree.schoolA, { displayName: '欧阳娜娜' });
    const receipt = await submit(tree.canteenA1, { text: '汤里有头发' });
    const id = await idOf(receipt.trackingCode);
    const reply = '食堂负责人吴秀兰已约谈当班的欧阳娜娜，如有疑问请致电 13508184006。';
    expect((await act(principalA, id, { kind: 'reply', reply })).body.publicReply).toBe(reply);

    const tracked = await track(receipt.trackingCode);
    expect(tracked.body.reply.text).toBe('食堂负责人吴**已约谈当班的欧阳**，如有疑问请致电 135****4006。');
    expect(tracked.body.canteen).toEqual({ code: tree.canteenA1.code, name: tree.canteenA1.name, schoolName: tree.schoolA.name });
    expect((await principalA.get(`/api/feedback/${id}`)).body.publicReply).toBe(reply);
  });

  it('accepts a photo in a multipart form; the school sees it, its location metadata is gone and its orientation kept', async () => {
    const issued = await solved(tree.canteenA1.code);
    const response = await anon()
      .post(`/api/public/canteens/${tree.canteenA1.code}/feedback`)
      .set('x-forwarded-for', nextIp())
      .field('category', 'portion')
      .field('text', '分量偏少')
      .field('challenge', JSON.stringify(issued.challenge))
      .field('solution', issued.solution)
      .attach('photo', jpegWithExif(), { filename: 'IMG_0001.jpg', contentType: 'image/jpeg' });
    expect(response.status).toBe(201);
    const id = await idOf(response.body.trackingCode);
    const detail = await principalA.get(`/api/feedback/${id}`);
    expect(detail.body).toMatchObject({ hasPhoto: true, photo: { contentType: 'image/jpeg' }, contact: null });
    const photo = await principalA.agent.get(`/api/feedback/${id}/photo`).buffer(true).parse((res, done) => {
      const chunks: Buffer[] = [];
      res.on('data', (chunk: Buffer) => chunks.push(chunk));
      res.on('end', () => done(null, Buffer.concat(chunks)));
    });
    expect(photo.status).toBe(200);
    expect(photo.headers['content-type']).toBe('image/jpeg');
    const bytes = photo.body as Buffer;
    expect(bytes.includes('GPS 31.2N')).toBe(false);
    expect(bytes.includes('Zhang San')).toBe(false);
    expect(bytes.includes(Buffer.from('Exif\0\0', 'latin1'))).toBe(true);
    expect(bytes.subarray(-10)).toEqual(Buffer.from([0xff, 0xda, 0, 2, 1, 2, 3, 4, 0xff, 0xd9]));
    // Another county's official cannot fetch it.
    expect((await countyAdminB.get(`/api/feedback/${id}/photo`)).status).toBe(404);
  });

  it('a PNG in a multipart form without a contact is accepted as well', async () => {
    const issued = await solved(tree.canteenA1.code);
    const response = await anon()
      .post(`/api/public/canteens/${tree.canteenA1.code}/feedback`)
      .set('x-forwarded-for', nextIp())
      .field('category', 'service')
      .field('text', '打饭窗口排队太久')
      .field('contact', '')
      .field('challenge', JSON.stringify(issued.challenge))
      .field('solution', issued.solution)
      .attach('photo', PNG, { filename: 'queue.png', contentType: 'image/png' });
    expect(response.status).toBe(201);
  });

  describe('bad input is refused with a clear 4xx and stores nothing', () => {
    const long = '好'.repeat(501);
    it.each([
      ['an empty text', { category: 'taste', text: '' }, 400, 'VALIDATION_FAILED', 'text'],
      ['a text of spaces only', { category: 'taste', text: '   \n ' }, 400, 'VALIDATION_FAILED', 'text'],
      ['a text of 501 characters', { category: 'taste', text: long }, 400, 'VALIDATION_FAILED', 'text'],
      ['a text with control characters', { category: 'taste', text: 'a\u0007b' }, 400, 'VALIDATION_FAILED', 'text'],
      ['an unknown category', { category: 'politics', text: '你好' }, 400, 'VALIDATION_FAILED', 'category'],
      ['a contact that is neither a mobile number nor a WeChat id', { category: 'taste', text: '你好', contact: '12345' }, 400, 'VALIDATION_FAILED', 'contact'],
    ])('%s', async (_name, body, status, code, path) => {
      const before = await stored();
      const response = await send(tree.canteenA1.code, { ...body, ...(await solved(tree.canteenA1.code)) });
      expect(response.status).toBe(status);
      expect(response.body.error).toBe(code);
      expect(response.body.message).toEqual(expect.any(String));
      expect(response.body.messageEn).toEqual(expect.any(String));
      expect(response.body.issues.map((i: { path: string }) => i.path)).toContain(path);
      expect(await stored()).toEqual(before);
    });

    it('each issue names its field and says what is wrong with it (the page shows it next to the field)', async () => {
      const response = await send(tree.canteenA1.code, { category: 'taste', text: '你好', contact: '12345', ...(await solved(tree.canteenA1.code)) });
      expect(response.body).toMatchObject({
        message: '请求内容不符合要求',
        issues: [{ path: 'contact', message: '联系方式应为 11 位手机号或微信号', messageEn: 'Give an 11-digit mobile number or a WeChat id' }],
      });
    });

    it('accepts exactly 500 characters, counted as characters (emoji included), not UTF-16 units', async () => {
      await submit(tree.canteenA1, { text: '😀'.repeat(500) });
    });

    it.each([
      ['no challenge at all', (s: { challenge: TFeedbackChallenge; solution: string }) => ({ solution: s.solution }), 400, 'CHALLENGE_REQUIRED'],
      ['no solution', (s: { challenge: TFeedbackChallenge }) => ({ challenge: s.challenge }), 400, 'CHALLENGE_REQUIRED'],
      ['a wrong solution', (s: { challenge: TFeedbackChallenge; solution: string }) => ({ challenge: s.challenge, solution: s.solution }), 400, 'CHALLENGE_FAILED'],
      ['a lowered difficulty', (s: { challenge: TFeedbackChallenge; solution: string }) => ({ challenge: { ...s.challenge, difficulty: 0 }, solution: '0' }), 400, 'CHALLENGE_INVALID'],
      ['a forged signature', (s: { challenge: TFeedbackChallenge; solution: string }) => ({ challenge: { ...s.challenge, signature: 'A'.repeat(43) }, solution: s.solution }), 400, 'CHALLENGE_INVALID'],
      ['a malformed challenge', (s: { solution: string }) => ({ challenge: { nonce: 'x' }, solution: s.solution }), 400, 'VALIDATION_FAILED'],
    ])('%s', async (_name, shape, status, code) => {
      const issued = await solved(tree.canteenA1.code);
      if (code === 'CHALLENGE_FAILED') issued.solution = await failingCounter(issued.challenge.nonce);
      const before = await stored();
      const response = await send(tree.canteenA1.code, { category: 'taste', text: '有异物', ...shape(issued) });
      expect(response.status).toBe(status);
      expect(response.body.error).toBe(code);
      expect(await stored()).toEqual(before);
    });

    it('a challenge issued for another canteen', async () => {
      const other = await solved(tree.canteenB.code);
      const before = await stored();
      const response = await send(tree.canteenA1.code, { category: 'taste', text: '有异物', ...other });
      expect(response.status).toBe(400);
      expect(response.body.error).toBe('CHALLENGE_INVALID');
      expect(await stored()).toEqual(before);
    });

    it('a challenge used twice: the second time', async () => {
      const issued = await solved(tree.canteenA1.code);
      expect((await send(tree.canteenA1.code, { category: 'taste', text: '第一次', ...issued })).status).toBe(201);
      const before = await stored();
      const again = await send(tree.canteenA1.code, { category: 'taste', text: '第二次', ...issued });
      expect(again.status).toBe(409);
      expect(again.body).toMatchObject({ error: 'CHALLENGE_REUSED', message: expect.stringContaining('已使用') });
      expect(await stored()).toEqual(before);
    });

    it.each([
      ['a GIF', Buffer.from('GIF89a\x01\x00\x01\x00\x00\x00\x00;', 'latin1'), 'image/gif', 415, 'FILE_TYPE_NOT_ALLOWED'],
      ['a PDF declared as a JPEG', Buffer.from('%PDF-1.4\n%%EOF\n'), 'image/jpeg', 415, 'FILE_TYPE_NOT_ALLOWED'],
      ['an HTML page declared as a PNG', Buffer.from('<html><script>alert(1)</script></html>'), 'image/png', 415, 'FILE_TYPE_NOT_ALLOWED'],
      ['a photo over 5 MB', Buffer.concat([PNG.subarray(0, 8), Buffer.alloc(5 * 1_048_576 + 1)]), 'image/png', 413, 'FILE_TOO_LARGE'],
    ])('%s', async (_name, file, contentType, status, code) => {
      const issued = await solved(tree.canteenA1.code);
      const before = await stored();
      const response = await anon()
        .post(`/api/public/canteens/${tree.canteenA1.code}/feedback`)
        .set('x-forwarded-for', nextIp())
        .field('category', 'taste')
        .field('text', '看图')
        .field('challenge', JSON.stringify(issued.challenge))
        .field('solution', issued.solution)
        .attach('photo', file, { filename: 'photo', contentType });
      expect(response.status).toBe(status);
      expect(response.body.error).toBe(code);
      expect(await stored()).toEqual(before);
    });

    it('a multipart challenge field that is not JSON', async () => {
      const before = await stored();
      const response = await anon()
        .post(`/api/public/canteens/${tree.canteenA1.code}/feedback`)
        .set('x-forwarded-for', nextIp())
        .field('category', 'taste')
        .field('text', '你好')
        .field('challenge', '{not json')
        .field('solution', '1');
      expect(response.status).toBe(400);
      expect(response.body.error).toBe('CHALLENGE_INVALID');
      expect(await stored()).toEqual(before);
    });

    it('a body that is not an object, or not JSON at all', async () => {
      const before = await stored();
      const array = await send(tree.canteenA1.code, [1, 2] as unknown as object);
      expect(array.status).toBe(400);
      const broken = await anon().post(`/api/public/canteens/${tree.canteenA1.code}/feedback`).set('content-type', 'application/json').send('{"text":');
      expect(broken.status).toBe(400);
      expect(broken.body.error).toBe('INVALID_JSON');
      expect(await stored()).toEqual(before);
    });

    it('unknown, unconnected and suspended canteens answer 404, for the challenge and for sending', async () => {
      const before = await stored();
      for (const code of ['NO-SUCH-CANTEEN', tree.canteenA2.code, tree.canteenC.code]) {
        const issued = await anon().get(`/api/public/feedback/challenge?canteen=${code}`);
        expect(issued.status).toBe(404);
        expect(issued.body.message).toEqual(expect.any(String));
        const sent = await send(code, { category: 'taste', text: '你好', ...(await solved(tree.canteenA1.code)) });
        expect(sent.status).toBe(404);
      }
      expect((await send('x'.repeat(80), { category: 'taste', text: '你好', ...(await solved(tree.canteenA1.code)) })).status).toBe(404);
      expect((await anon().get(`/api/public/feedback/challenge?canteen=${'x'.repeat(300)}`)).status).toBe(400);
      expect((await anon().get('/api/public/feedback/challenge')).status).toBe(400);
      expect(await stored()).toEqual(before);
    });

    it('unknown and malformed tracking codes answer 404', async () => {
      for (const code of ['0000000000', 'ABC', '<script>', 'x'.repeat(40)]) {
        const response = await track(encodeURIComponent(code));
        expect(response.status).toBe(404);
        expect(response.body.error).toBe('NOT_FOUND');
      }
    });
  });

  it('a county that forbids the feedback section closes the form (403), storing nothing', async () => {
    const county = await createUnit(tree.cityB, 'county', '乙二区', 'district');
    const school = await createUnit(county, 'school', '乙二区第一小学', 'primary');
    const canteen = await createUnit(school, 'canteen', '学生食堂', 'canteen', { connectionStatus: 'connected' });
    const admin = await signIn(app, await createUser('official_admin', county));
    const set = await admin.agent
      .put(`/api/settings/public.sections?orgUnitId=${county.id}`)
      .set('x-csrf-token', admin.csrf)
      .send({ value: { mandatory: ['licences', 'menu'], forbidden: ['prices', 'feedback'] }, reason: '本区另设家长热线' });
    expect(set.status).toBe(200);
    const before = await stored();
    const response = await anon().get(`/api/public/feedback/challenge?canteen=${canteen.code}`);
    expect(response.status).toBe(403);
    expect(response.body.error).toBe('FEEDBACK_CLOSED');
    expect(await stored()).toEqual(before);
  });

  it('the county’s reply time limit (setting feedback.sla) fixes each new feedback’s due time', async () => {
    const put = (session: Session, value: unknown) =>
      session.agent.put(`/api/settings/feedback.sla?orgUnitId=${tree.countyA.id}`).set('x-csrf-token', session.csrf).send({ value, reason: '县教育局要求一个工作日内答复' });
    expect((await put(countyAdminA, { replyWithinHours: 0 })).status).toBe(400);
    expect((await put(principalA, { replyWithinHours: 24 })).status).toBe(404);
    expect((await put(countyAdminA, { replyWithinHours: 24 })).status).toBe(200);
    const receipt = await submit(tree.canteenA1);
    expect(Date.parse(receipt.replyDueAt) - Date.parse(receipt.submittedAt)).toBe(24 * 3_600_000);
    const detail = await principalA.get(`/api/feedback/${await idOf(receipt.trackingCode)}`);
    expect(detail.body.slaHours).toBe(24);
    // The sibling county keeps the default.
    const other = await submit(tree.canteenB);
    expect(Date.parse(other.replyDueAt) - Date.parse(other.submittedAt)).toBe(48 * 3_600_000);
    expect((await put(countyAdminA, null)).status).toBe(200);
  });

  describe('handling rules', () => {
    let id: string;
    beforeAll(async () => {
      id = await idOf((await submit(tree.canteenA1, { contact: 'wx_parent_01' })).trackingCode);
    });

    it('the county reads its schools’ feedback with the contact masked and cannot handle it; canteen staff cannot read it', async () => {
      const detail = await countyAdminA.get(`/api/feedback/${id}`);
      expect(detail.status).toBe(200);
      expect(detail.body).toMatchObject({ contact: 'wx***1', contactMasked: true, can: { start: false, reply: false, close: false, note: false } });
      expect((await act(countyAdminA, id, { kind: 'start' })).status).toBe(403);
      expect((await staffA.get('/api/feedback')).status).toBe(403);
      expect((await staffA.get(`/api/feedback/${id}`)).status).toBe(403);
    });

    it('a phone number typed into the text is masked for the county, in the list and the detail, and read in full by the school', async () => {
      const text = '孩子说菜太咸，请回电 13912340000 商量';
      const withPhone = await idOf((await submit(tree.canteenA1, { text })).trackingCode);
      const county = await countyAdminA.get(`/api/feedback/${withPhone}`);
      expect(county.body.text).toBe('孩子说菜太咸，请回电 139****0000 商量');
      const list = await countyAdminA.get('/api/feedback?pageSize=100');
      expect(list.body.items.find((f: { id: string }) => f.id === withPhone).excerpt).toBe('孩子说菜太咸，请回电 139****0000 商量');
      expect((await principalA.get(`/api/feedback/${withPhone}`)).body.text).toBe(text);
    });

    it('closing unanswered feedback needs a note; a closed one takes no reply; start only from new', async () => {
      expect((await act(principalA, id, { kind: 'start' })).status).toBe(201);
      const again = await act(principalA, id, { kind: 'start' });
      expect(again.status).toBe(409);
      expect(again.body.error).toBe('FEEDBACK_STATUS');
      const bare = await act(principalA, id, { kind: 'close' });
      expect(bare.status).toBe(400);
      expect(bare.body.error).toBe('NOTE_REQUIRED');
      expect((await act(principalA, id, { kind: 'bogus' })).status).toBe(400);
      expect((await act(principalA, id, { kind: 'reply', reply: 'x' })).status).toBe(400);
      expect((await act(principalA, id, { kind: 'reply', reply: 'y'.repeat(1001) })).status).toBe(400);
      const closed = await act(principalA, id, { kind: 'close', note: '与前一条重复' });
      expect(closed.status).toBe(201);
      expect(closed.body.repliedAt).toBeNull();
      expect((await act(principalA, id, { kind: 'reply', reply: '迟到的答复' })).status).toBe(409);
      const noted = await act(principalA, id, { kind: 'note', note: '已电话回访家长' });
      expect(noted.status).toBe(201);
      expect(noted.body.actions.at(-1)).toMatchObject({ kind: 'note', note: '已电话回访家长', fromStatus: 'closed', toStatus: 'closed' });
    });
  });

  describe('scope: another county’s feedback answers 404', () => {
    let id: string;
    beforeAll(async () => {
      id = await idOf((await submit(tree.canteenA1)).trackingCode);
    });

    it.each([
      ['the detail', (s: Session) => s.get(`/api/feedback/${id}`)],
      ['its photo', (s: Session) => s.get(`/api/feedback/${id}/photo`)],
      ['a list filtered to its school', (s: Session) => s.get(`/api/feedback?orgUnitId=${tree.schoolA.id}`)],
      ['handling times of its county', (s: Session) => s.get(`/api/feedback/stats?orgUnitId=${tree.countyA.id}`)],
    ])('%s, to the other county’s official', async (_name, call) => {
      expect((await call(countyAdminB)).status).toBe(404);
    });

    it('a reply from another county’s school', async () => {
      const before = await stored();
      expect((await act(principalB, id, { kind: 'reply', reply: '不是我们学校的' })).status).toBe(404);
      expect(await stored()).toEqual(before);
    });

    it('lists show only the asker’s subtree', async () => {
      const b = await countyAdminB.get('/api/feedback?pageSize=200');
      expect(b.body.items.every((i: { school: { id: string } }) => i.school.id === tree.schoolB.id)).toBe(true);
      const a = await countyAdminA.get('/api/feedback?pageSize=200');
      expect(a.body.items.some((i: { id: string }) => i.id === id)).toBe(true);
      expect(a.body.items.every((i: { school: { id: string } }) => i.school.id === tree.schoolA.id)).toBe(true);
    });
  });

  it('overdue: the job announces unanswered feedback past its time once; lists and handling times show it', async () => {
    const late = await idOf((await submit(tree.canteenA1, { text: '一直没人回复' })).trackingCode);
    const answered = await idOf((await submit(tree.canteenA1, { text: '已答复但超时' })).trackingCode);
    const inTime = await idOf((await submit(tree.canteenA1, { text: '还在时限内' })).trackingCode);
    await act(principalA, answered, { kind: 'reply', reply: '抱歉答复晚了' });
    const past = new Date(Date.now() - 3_600_000);
    const longAgo = new Date(Date.now() - 50 * 3_600_000);
    await testPrisma().feedback.update({ where: { id: late }, data: { dueAt: past, submittedAt: longAgo } });
    await testPrisma().feedback.update({ where: { id: answered }, data: { dueAt: new Date(Date.now() - 30 * 60_000), submittedAt: longAgo } });
    // Everything else from earlier tests is in time or answered.
    await testPrisma().feedback.updateMany({ where: { id: { notIn: [late, answered] } }, data: { dueAt: new Date(Date.now() + 3_600_000) } });

    const processor = app.get(FeedbackOverdueProcessor);
    expect(await processor.run(new Date())).toBe(1);
    expect(await processor.run(new Date())).toBe(0);
    const events = await testPrisma().outboxEvent.findMany({ where: { type: 'feedback.overdue' } });
    expect(events).toHaveLength(1);
    expect(events[0]!.orgPath).toBe(tree.canteenA1.path);
    expect(events[0]!.payload).toMatchObject({
      feedbackId: late,
      canteenId: tree.canteenA1.id,
      canteenName: tree.canteenA1.name,
      schoolId: tree.schoolA.id,
      schoolName: tree.schoolA.name,
      category: 'taste',
      status: 'new',
      dueAt: past.toISOString(),
      slaHours: 48,
    });

    const overdue = await countyAdminA.get('/api/feedback?overdue=true');
    expect(overdue.body.items.map((i: { id: string }) => i.id)).toEqual([late]);
    const replied = (await countyAdminA.get(`/api/feedback/${answered}`)).body as TFeedbackDetail;
    expect(replied).toMatchObject({ overdue: false, late: true });
    expect((await countyAdminA.get(`/api/feedback/${inTime}`)).body).toMatchObject({ overdue: false, late: false });

    const stats = await countyAdminA.get(`/api/feedback/stats?orgUnitId=${tree.countyA.id}`);
    expect(stats.status).toBe(200);
    const school = stats.body.rows.find((r: { school: { id: string } }) => r.school.id === tree.schoolA.id);
    expect(school).toMatchObject({ county: { id: tree.countyA.id, name: tree.countyA.name }, overdueOpen: 1, repliedLate: 1 });
    expect(school.total).toBeGreaterThanOrEqual(3);
    expect(school.medianReplyHours).toEqual(expect.any(Number));
    expect(stats.body.totals).toMatchObject({ total: school.total, overdueOpen: 1 });
    // A school answers for itself only.
    const own = await principalA.get('/api/feedback/stats');
    expect(own.body.rows.map((r: { school: { id: string } }) => r.school.id)).toEqual([tree.schoolA.id]);
  });
});

describe('feedback rate limits and expiry', () => {
  let app: NestFastifyApplication;
  let tree: TestTree;
  const anon = () => request(app.getHttpServer());

  beforeAll(async () => {
    app = await startApp({ ...TEST_CONFIG, FEEDBACK_POW_DIFFICULTY: 4, FEEDBACK_IP_LIMIT: 2, FEEDBACK_CANTEEN_LIMIT: 3, FEEDBACK_TRACK_LIMIT: 3, FEEDBACK_CHALLENGE_TTL_SECONDS: 3 });
    tree = await createTree();
  });
  afterAll(async () => {
    await app.close();
    await closeTestPrisma();
  });

  const solved = async (code: string) => {
    const issued = (await anon().get(`/api/public/feedback/challenge?canteen=${code}`)).body as TFeedbackChallenge;
    return { challenge: issued, solution: await solveFeedbackChallenge(issued) };
  };
  const send = async (ip: string, code = tree.canteenA1.code) =>
    anon().post(`/api/public/canteens/${code}/feedback`).set('x-forwarded-for', ip).send({ category: 'taste', text: '太咸了', ...(await solved(code)) });

  it('per IP: the third feedback within the window is refused with 429 in both languages, storing nothing', async () => {
    expect((await send('10.7.0.1')).status).toBe(201);
    expect((await send('10.7.0.1')).status).toBe(201);
    const before = await stored();
    const third = await send('10.7.0.1');
    expect(third.status).toBe(429);
    expect(third.body).toMatchObject({ error: 'TOO_MANY_REQUESTS', message: expect.stringContaining('分钟后再试'), messageEn: expect.stringContaining('try again') });
    expect(await stored()).toEqual(before);
    // Another address is not affected.
    expect((await send('10.7.0.2', tree.canteenB.code)).status).toBe(201);
  });

  it('per canteen: feedback from many addresses stops at the canteen’s limit', async () => {
    // Two from 10.7.0.1 counted already; one more fits, the next is refused whoever sends it.
    expect((await send('10.7.0.3')).status).toBe(201);
    const before = await stored();
    const refused = await send('10.7.0.4');
    expect(refused.status).toBe(429);
    expect(refused.body.message).toContain('该食堂');
    expect(await stored()).toEqual(before);
  });

  it('tracking look-ups per IP', async () => {
    const statuses = [];
    for (let i = 0; i < 4; i++) statuses.push((await anon().get('/api/public/feedback/0000000000').set('x-forwarded-for', '10.7.1.1')).status);
    expect(statuses).toEqual([404, 404, 404, 429]);
  });

  it('an expired challenge is refused', async () => {
    const issued = await solved(tree.canteenB.code);
    await new Promise((resolve) => setTimeout(resolve, 3100));
    const before = await stored();
    const response = await anon().post(`/api/public/canteens/${tree.canteenB.code}/feedback`).set('x-forwarded-for', '10.7.2.1').send({ category: 'taste', text: '太咸了', ...issued });
    expect(response.status).toBe(400);
    expect(response.body.error).toBe('CHALLENGE_EXPIRED');
    expect(await stored()).toEqual(before);
  });
});

describe('the overdue check in the worker', () => {
  const config = { ...loadConfig(), ...TEST_CONFIG, REDIS_PREFIX: `${process.env.REDIS_PREFIX}-feedback`, OUTBOX_POLL_MS: 50 };
  let app: NestFastifyApplication;
  let worker: INestApplicationContext;
  let tree: TestTree;

  beforeAll(async () => {
    app = await startApp(config);
    worker = await startWorker(config);
    tree = await createTree();
  });
  afterAll(async () => {
    await worker.close();
    await app.close();
    await closeTestPrisma();
  });

  it('is scheduled every five minutes', async () => {
    const schedulers = await worker.get(JobQueues).queue('maintenance').getJobSchedulers();
    expect(schedulers).toEqual(expect.arrayContaining([expect.objectContaining({ key: 'feedback-overdue-check', pattern: '*/5 * * * *', tz: 'Asia/Shanghai' })]));
  });

  it('runs as a job and announces feedback.overdue', async () => {
    const issued = (await request(app.getHttpServer()).get(`/api/public/feedback/challenge?canteen=${tree.canteenB.code}`)).body as TFeedbackChallenge;
    const sent = await request(app.getHttpServer())
      .post(`/api/public/canteens/${tree.canteenB.code}/feedback`)
      .set('x-forwarded-for', nextIp())
      .send({ category: 'hygiene', text: '没有人回复', challenge: issued, solution: await solveFeedbackChallenge(issued) });
    expect(sent.status).toBe(201);
    const { id } = await testPrisma().feedback.update({ where: { trackingCode: sent.body.trackingCode }, data: { dueAt: new Date(Date.now() - 60_000) }, select: { id: true } });
    await worker.get(JobQueues).add('feedbackOverdueCheck', {});
    const deadline = Date.now() + 15_000;
    let events = await testPrisma().outboxEvent.findMany({ where: { type: 'feedback.overdue', payload: { path: ['feedbackId'], equals: id } } });
    while (events.length === 0 && Date.now() < deadline) {
      await new Promise((resolve) => setTimeout(resolve, 100));
      events = await testPrisma().outboxEvent.findMany({ where: { type: 'feedback.overdue', payload: { path: ['feedbackId'], equals: id } } });
    }
    expect(events).toHaveLength(1);
    expect(events[0]!.orgPath).toBe(tree.canteenB.path);
  });
});
