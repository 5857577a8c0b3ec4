import type { NestFastifyApplication } from '@nestjs/platform-fastify';
import request from 'supertest';
import { closeTestPrisma, testPrisma } from '@test/factories/prisma';
import { type TestTree, createTree } from '@test/factories/tree.factory';
import { type TestUser, createUser } from '@test/factories/user.factory';
import { type TableCounts, tableCounts, uniqueName } from '@test/support/db-state';
import { type Session, signIn, startApp } from './harness';

const HAS_CHINESE = /[\u4e00-\u9fff]/;
const ERROR_SHAPE = {
  statusCode: expect.any(Number),
  error: expect.any(String),
  message: expect.stringMatching(HAS_CHINESE),
  messageEn: expect.stringMatching(/^[\x20-\x7e–]+$/),
  requestId: expect.any(String),
};

/** Sends a body exactly as given, with the session's cookie and CSRF token. */
function raw(
  session: Session,
  method: 'post' | 'patch',
  url: string,
  body: string,
  contentType = 'application/json',
) {
  return session.agent[method](url)
    .set('x-csrf-token', session.csrf)
    .set('content-type', contentType)
    .send(body);
}

describe('bad input', () => {
  let app: NestFastifyApplication;
  let tree: TestTree;
  let operator: Session;
  let operatorUser: TestUser;
  let staff: TestUser;
  let counts: TableCounts;

  beforeAll(async () => {
    app = await startApp();
    tree = await createTree();
    operatorUser = await createUser('operator', tree.province);
    operator = await signIn(app, operatorUser);
    staff = await createUser('canteen_staff', tree.schoolA);
  });
  afterAll(async () => {
    await app.close();
    await closeTestPrisma();
  });
  beforeEach(async () => {
    counts = await tableCounts();
  });
  const nothingWritten = async () => expect(await tableCounts()).toEqual(counts);

  describe('validation', () => {
    it('answers 400 with each issue path and a message in Chinese and in English', async () => {
      const response = await operator.post('/api/org-units', {
        parentId: 'not-an-id',
        code: '!',
        name: 'a',
        kind: 'castle',
        enrolment: -1,
      });
      expect(response.status).toBe(400);
      expect(response.body).toMatchObject({
        ...ERROR_SHAPE,
        statusCode: 400,
        error: 'VALIDATION_FAILED',
        message: '请求内容不符合要求',
        messageEn: 'The request is not valid',
      });
      const byPath = Object.fromEntries(
        response.body.issues.map((i: { path: string }) => [i.path, i]),
      );
      expect(Object.keys(byPath).sort()).toEqual(['code', 'enrolment', 'kind', 'name', 'parentId']);
      // Messages the schema defines itself come out as their two halves.
      expect(byPath.parentId).toEqual({
        path: 'parentId',
        message: '不是有效的编号',
        messageEn: 'Not a valid id',
      });
      expect(byPath.code).toEqual({
        path: 'code',
        message: '编码只能是 2–40 位字母、数字、- 或 _',
        messageEn: 'Code: 2–40 letters, digits, - or _',
      });
      expect(byPath.name).toEqual({
        path: 'name',
        message: '名称至少 2 个字',
        messageEn: 'Name needs at least 2 characters',
      });
      // Zod's own messages come from its zh-CN and en locales.
      for (const path of ['kind', 'enrolment']) {
        expect(byPath[path].message).toMatch(HAS_CHINESE);
        expect(byPath[path].messageEn).not.toMatch(HAS_CHINESE);
        expect(byPath[path].messageEn.length).toBeGreaterThan(5);
      }
      for (const issue of response.body.issues) {
        expect(issue.message).not.toContain('||');
        expect(issue.messageEn).not.toContain('||');
      }
      await nothingWritten();
    });

    it('names a missing field and a refinement by their paths', async () => {
      const missing = await operator.post('/api/users', {
        displayName: '缺用户名',
        role: 'canteen_staff',
      });
      expect(missing.status).toBe(400);
      expect(missing.body.issues.map((i: { path: string }) => i.path).sort()).toEqual([
        'initialPassword',
        'username',
      ]);
      const weak = await operator.post('/api/users', {
        username: 'weak_user',
        displayName: '弱密码',
        role: 'canteen_staff',
        orgUnitId: tree.schoolA.id,
        initialPassword: 'alllowercase',
      });
      expect(weak.status).toBe(400);
      expect(weak.body.issues).toEqual([
        {
          path: 'initialPassword',
          message: '密码须包含大写字母、小写字母、数字、符号中的至少三类',
          messageEn: 'Password needs three of: upper case, lower case, digits, symbols',
        },
      ]);
      const nothing = await operator.patch(`/api/org-units/${tree.schoolA.id}`, {});
      expect(nothing.status).toBe(400);
      expect(nothing.body.issues).toEqual([
        { path: '', message: '没有要修改的内容', messageEn: 'Nothing to change' },
      ]);
      const same = await operator.post('/api/auth/password', {
        currentPassword: 'Same#Pass123',
        newPassword: 'Same#Pass123',
      });
      expect(same.status).toBe(400);
      expect(same.body.issues).toEqual([
        {
          path: 'newPassword',
          message: '新密码不能与当前密码相同',
          messageEn: 'The new password must differ from the current one',
        },
      ]);
      await nothingWritten();
    });

    it('answers a malformed id in the path with 400, on every route that takes one', async () => {
      const attempts: [string, () => request.Test][] = [
        ['GET org unit', () => operator.get('/api/org-units/not-a-uuid')],
        ['GET moves', () => operator.get('/api/org-units/123/moves')],
        ['GET connection events', () => operator.get('/api/org-units/zzz/connection-events')],
        [
          'GET connection rate',
          () => operator.get("/api/org-units/1'%20OR%20'1'='1/connection-rate"),
        ],
        ['PATCH org unit', () => operator.patch('/api/org-units/abc', { name: '新名称' })],
        [
          'POST move',
          () =>
            operator.post('/api/org-units/abc/move', {
              newParentId: tree.countyB.id,
              reason: '调整隶属',
            }),
        ],
        [
          'POST connection',
          () =>
            operator.post('/api/org-units/abc/connection', { status: 'connected', reason: '接入' }),
        ],
        ['GET user', () => operator.get('/api/users/42')],
        ['PATCH user', () => operator.patch('/api/users/42', { displayName: '新名字' })],
        [
          'POST reset-password',
          () => operator.post('/api/users/42/reset-password', { newPassword: 'Reset#2026x' }),
        ],
        ['POST unlock', () => operator.post('/api/users/42/unlock')],
        [
          'GET org unit, id without dashes',
          () => operator.get(`/api/org-units/${tree.schoolA.id.replace(/-/g, '')}`),
        ],
      ];
      for (const [label, send] of attempts) {
        const response = await send();
        expect({ label, status: response.status, error: response.body.error }).toEqual({
          label,
          status: 400,
          error: 'VALIDATION_FAILED',
        });
        expect(response.body.issues).toEqual([
          { path: '', message: '不是有效的编号', messageEn: 'Not a valid id' },
        ]);
      }
      await nothingWritten();
    });

    it('answers query parameters out of range with 400 naming the parameter', async () => {
      const cases: [string, string][] = [
        ['/api/org-units?pageSize=501', 'pageSize'],
        ['/api/org-units?pageSize=0', 'pageSize'],
        ['/api/org-units?page=0', 'page'],
        ['/api/org-units?page=-1', 'page'],
        ['/api/org-units?page=1.5', 'page'],
        ['/api/org-units?page=abc', 'page'],
        ['/api/org-units?page=1&page=2', 'page'],
        ['/api/org-units?level=galaxy', 'level'],
        ['/api/org-units?parentId=nope', 'parentId'],
        [`/api/org-units?q=${'x'.repeat(51)}`, 'q'],
        ['/api/users?pageSize=201', 'pageSize'],
        ['/api/users?role=emperor', 'role'],
        ['/api/users?orgUnitId=1', 'orgUnitId'],
        ['/api/audit-log?pageSize=201', 'pageSize'],
        ['/api/audit-log?from=yesterday', 'from'],
        ['/api/audit-log?to=2026-02-30T00:00:00Z', 'to'],
        ['/api/audit-log?orgUnitId=x', 'orgUnitId'],
        ['/api/audit-log?actorId=x', 'actorId'],
        [`/api/audit-log?entityId=${'e'.repeat(65)}`, 'entityId'],
      ];
      for (const [url, path] of cases) {
        const response = await operator.get(url);
        expect({ url, status: response.status, error: response.body.error }).toEqual({
          url,
          status: 400,
          error: 'VALIDATION_FAILED',
        });
        expect(response.body.issues.map((i: { path: string }) => i.path)).toEqual([path]);
        expect(response.body.issues[0].message).toMatch(HAS_CHINESE);
      }
      // At the edge of the range the lists answer, with nothing past the last page.
      const last = await operator.get('/api/org-units?pageSize=500&page=1000000');
      expect(last.status).toBe(200);
      expect(last.body).toMatchObject({ items: [], page: 1000000, pageSize: 500 });
      await nothingWritten();
    });
  });

  describe('malformed requests', () => {
    it('answers malformed JSON with 400 and writes nothing', async () => {
      for (const body of [
        '{"parentId":',
        '{parentId: 1}',
        "{'a': 1}",
        '{"a": 1,}',
        'nul',
        '{"a": "\\x"}',
      ]) {
        const response = await raw(operator, 'post', '/api/org-units', body);
        expect({ body, status: response.status }).toEqual({ body, status: 400 });
        expect(response.body).toMatchObject(ERROR_SHAPE);
      }
      await nothingWritten();
    });

    it('names malformed JSON INVALID_JSON', async () => {
      const response = await raw(operator, 'post', '/api/org-units', '{"parentId":');
      expect(response.status).toBe(400);
      expect(response.body).toMatchObject({
        error: 'INVALID_JSON',
        message: '请求体不是有效的 JSON',
        messageEn: 'The body is not valid JSON',
      });
      const login = await request(app.getHttpServer())
        .post('/api/auth/login')
        .set('content-type', 'application/json')
        .send('{"username":"a"');
      expect(login.status).toBe(400);
      expect(login.body.error).toBe('INVALID_JSON');
      await nothingWritten();
    });

    it('answers an unknown /api route with a JSON 404, signed in or not', async () => {
      const anonymous = request(app.getHttpServer());
      const responses = [
        await operator.get('/api/nothing-here'),
        await operator.post('/api/org-units/x/y/z', {}),
        await operator.patch('/api/users', { a: 1 }),
        await anonymous.get('/api/nothing-here'),
        await anonymous.delete(`/api/org-units/${tree.schoolA.id}`),
      ];
      for (const response of responses) {
        expect(response.status).toBe(404);
        expect(response.headers['content-type']).toMatch(/^application\/json/);
        expect(response.body).toMatchObject({
          ...ERROR_SHAPE,
          statusCode: 404,
          error: 'NOT_FOUND',
        });
      }
      await nothingWritten();
    });

    it('answers a duplicate org-unit code with 409 and writes nothing', async () => {
      const response = await operator.post('/api/org-units', {
        parentId: tree.schoolA.id,
        code: tree.canteenA1.code,
        name: '重复编码食堂',
        kind: 'canteen',
      });
      expect(response.status).toBe(409);
      expect(response.body).toMatchObject({ ...ERROR_SHAPE, error: 'CONFLICT' });
      expect(await testPrisma().orgUnit.count({ where: { code: tree.canteenA1.code } })).toBe(1);
      await nothingWritten();
    });

    it('answers a duplicate username with 409 and writes nothing', async () => {
      const response = await operator.post('/api/users', {
        username: staff.username,
        displayName: '重复账号',
        role: 'canteen_staff',
        orgUnitId: tree.schoolB.id,
        initialPassword: 'Dup#licate1',
      });
      expect(response.status).toBe(409);
      expect(response.body).toMatchObject({ ...ERROR_SHAPE, error: 'CONFLICT' });
      expect(
        await testPrisma().user.findUniqueOrThrow({ where: { username: staff.username } }),
      ).toMatchObject({ id: staff.id, orgUnitId: tree.schoolA.id });
      await nothingWritten();
    });

    it('answers a content type it does not read with 415, and plain text or broken multipart with 400', async () => {
      // Multipart is read (for uploads), so a JSON endpoint answers it as an invalid body.
      const multipart = await raw(operator, 'post', '/api/org-units', '<unit code="X1"/>', 'multipart/form-data; boundary=x');
      expect(multipart.status).toBe(400);
      expect(multipart.body).toMatchObject(ERROR_SHAPE);
      for (const contentType of [
        'application/xml',
        'application/octet-stream',
        'image/png',
      ]) {
        const response = await raw(
          operator,
          'post',
          '/api/org-units',
          '<unit code="X1"/>',
          contentType,
        );
        expect({ contentType, status: response.status }).toEqual({ contentType, status: 415 });
        expect(response.body).toMatchObject({ ...ERROR_SHAPE, error: 'UNSUPPORTED_MEDIA_TYPE' });
      }
      const text = await raw(
        operator,
        'post',
        '/api/org-units',
        `{"parentId":"${tree.schoolA.id}","code":"TEXT1","name":"文本食堂","kind":"canteen"}`,
        'text/plain',
      );
      expect({ status: text.status, error: text.body.error }).toEqual({
        status: 400,
        error: 'VALIDATION_FAILED',
      });
      expect(text.body.issues).toEqual([expect.objectContaining({ path: '' })]);
      expect(await testPrisma().orgUnit.count({ where: { code: { in: ['X1', 'TEXT1'] } } })).toBe(
        0,
      );
      await nothingWritten();
    });

    it('reads a form-encoded body like JSON (Nest registers that parser), never answering 5xx', async () => {
      const invalid = await raw(
        operator,
        'post',
        '/api/org-units',
        'parentId=x&code=!&name=a&kind=canteen',
        'application/x-www-form-urlencoded',
      );
      expect(invalid.status).toBe(400);
      expect(invalid.body.issues.map((i: { path: string }) => i.path).sort()).toEqual([
        'code',
        'name',
        'parentId',
      ]);
      await nothingWritten();
    });
  });

  describe('body limit', () => {
    let small: NestFastifyApplication;
    let session: Session;

    beforeAll(async () => {
      small = await startApp({ BODY_LIMIT_BYTES: 2048 });
      session = await signIn(small, operatorUser);
    });
    afterAll(() => small.close());

    it('answers a body over BODY_LIMIT_BYTES with 413 and writes nothing', async () => {
      counts = await tableCounts();
      const code = uniqueName('BIG');
      const response = await session.post('/api/org-units', {
        parentId: tree.schoolA.id,
        code,
        name: '大'.repeat(1000),
        kind: 'canteen',
        address: 'x'.repeat(2000),
      });
      expect(response.status).toBe(413);
      expect(response.body).toMatchObject({
        ...ERROR_SHAPE,
        statusCode: 413,
        error: 'PAYLOAD_TOO_LARGE',
      });
      const login = await request(small.getHttpServer())
        .post('/api/auth/login')
        .send({ username: operatorUser.username, password: 'p'.repeat(4096) });
      expect(login.status).toBe(413);
      expect(await testPrisma().orgUnit.count({ where: { code } })).toBe(0);
      await nothingWritten();
      // Just under the limit is read (and refused on its merits).
      const fits = await session.post('/api/org-units', {
        parentId: tree.schoolA.id,
        code,
        name: '大'.repeat(101),
        kind: 'canteen',
      });
      expect(fits.status).toBe(400);
      expect(fits.body.issues.map((i: { path: string }) => i.path)).toEqual(['name']);
    });
  });

  describe('NUL characters, which PostgreSQL text cannot hold', () => {
    const NUL = 'ab\u0000cd';
    const cases: [string, (s: Session) => request.Test][] = [
      [
        'login username',
        () =>
          request(app.getHttpServer())
            .post('/api/auth/login')
            .send({ username: NUL, password: 'whatever1' }),
      ],
      [
        'org-unit name on create',
        (s) =>
          s.post('/api/org-units', {
            parentId: tree.schoolA.id,
            code: uniqueName('NUL'),
            name: NUL,
            kind: 'canteen',
          }),
      ],
      [
        'org-unit address on patch',
        (s) => s.patch(`/api/org-units/${tree.schoolB.id}`, { address: NUL }),
      ],
      [
        'connection reason',
        (s) =>
          s.post(`/api/org-units/${tree.canteenA2.id}/connection`, {
            status: 'suspended',
            reason: NUL,
          }),
      ],
      [
        'move reason',
        (s) =>
          s.post(`/api/org-units/${tree.canteenB.id}/move`, {
            newParentId: tree.schoolC.id,
            reason: NUL,
          }),
      ],
      [
        'user display name on create',
        (s) =>
          s.post('/api/users', {
            username: uniqueName('nul'),
            displayName: NUL,
            role: 'canteen_staff',
            orgUnitId: tree.schoolA.id,
            initialPassword: 'Nul#Pass2026',
          }),
      ],
      [
        'user display name on patch',
        (s) => s.patch(`/api/users/${staff.id}`, { displayName: NUL }),
      ],
      ['org-unit search', (s) => s.get('/api/org-units?q=a%00b')],
      ['user search', (s) => s.get('/api/users?q=a%00b')],
      ['audit entity filter', (s) => s.get('/api/audit-log?entity=a%00b')],
    ];
    for (const [label, send] of cases) {
      it(
        `${label}: 400, never 500, and nothing written`,
        async () => {
          const before = await tableCounts();
          const response = await send(operator);
          expect(response.status).toBe(400);
          expect(response.body).toMatchObject(ERROR_SHAPE);
          expect(await tableCounts()).toEqual(before);
        },
      );
    }
  });

  describe('lone UTF-16 surrogates, which are not Unicode text', () => {
    const LONE = 'ab\ud800cd';
    const cases: [string, (s: Session) => request.Test][] = [
      [
        'login username',
        () =>
          request(app.getHttpServer())
            .post('/api/auth/login')
            .send({ username: LONE, password: 'whatever1' }),
      ],
      [
        'org-unit name on create',
        (s) =>
          s.post('/api/org-units', {
            parentId: tree.schoolA.id,
            code: uniqueName('SUR'),
            name: LONE,
            kind: 'canteen',
          }),
      ],
      [
        'org-unit name on patch',
        (s) => s.patch(`/api/org-units/${tree.schoolB.id}`, { name: LONE }),
      ],
      [
        'connection reason',
        (s) =>
          s.post(`/api/org-units/${tree.canteenA2.id}/connection`, {
            status: 'suspended',
            reason: LONE,
          }),
      ],
      [
        'move reason',
        (s) =>
          s.post(`/api/org-units/${tree.canteenB.id}/move`, {
            newParentId: tree.schoolC.id,
            reason: LONE,
          }),
      ],
      [
        'user display name on create',
        (s) =>
          s.post('/api/users', {
            username: uniqueName('sur'),
            displayName: LONE,
            role: 'canteen_staff',
            orgUnitId: tree.schoolA.id,
            initialPassword: 'Sur#Pass2026',
          }),
      ],
      [
        'user display name on patch',
        (s) => s.patch(`/api/users/${staff.id}`, { displayName: LONE }),
      ],
    ];
    for (const [label, send] of cases) {
      it(
        `${label}: 400, never 500, and nothing written`,
        async () => {
          const before = await tableCounts();
          const response = await send(operator);
          expect(response.status).toBe(400);
          expect(response.body).toMatchObject(ERROR_SHAPE);
          expect(await tableCounts()).toEqual(before);
        },
      );
    }
  });

  describe('deeply nested bodies', () => {
    it('answers 20 000 nested arrays with a quick 400', async () => {
      const body = `${'['.repeat(20_000)}${']'.repeat(20_000)}`;
      for (const url of ['/api/org-units', '/api/auth/password']) {
        const started = Date.now();
        const response = await raw(operator, 'post', url, body);
        expect({ url, status: response.status }).toEqual({ url, status: 400 });
        expect(Date.now() - started).toBeLessThan(1000);
      }
      const login = await request(app.getHttpServer())
        .post('/api/auth/login')
        .set('content-type', 'application/json')
        .send(body);
      expect(login.status).toBe(400);
      await nothingWritten();
    });

    it('answers 2 000 nested objects with 400', async () => {
      const response = await raw(
        operator,
        'post',
        '/api/org-units',
        `${'{"a":'.repeat(2000)}1${'}'.repeat(2000)}`,
      );
      expect(response.status).toBe(400);
      await nothingWritten();
    });
  });

  describe('fuzz', () => {
    const huge = 'x'.repeat(100_000);
    const deep = (n: number) => `${'{"a":'.repeat(n)}1${'}'.repeat(n)}`;
    const ODD_BODIES: [label: string, body: string][] = [
      ['null', 'null'],
      ['true', 'true'],
      ['zero', '0'],
      ['negative number', '-1'],
      ['number out of range', '1e309'],
      ['string', '"just a string"'],
      ['empty array', '[]'],
      ['array of numbers', '[1, 2, 3]'],
      ['array of objects', '[{"name": "数组里的对象"}]'],
      ['empty object', '{}'],
      ['nulls', '{"name": null, "code": null, "parentId": null}'],
      ['wrong types', '{"name": 12345, "code": true, "kind": [], "parentId": {}}'],
      [
        'operator objects',
        '{"name": {"$gt": ""}, "username": {"$ne": null}, "password": {"$regex": ".*"}}',
      ],
      [
        'SQL in strings',
        '{"parentId": "\' OR 1=1 --", "code": "x\'; DROP TABLE org_unit; --", "name": "Robert\'); DROP TABLE app_user;--", "kind": "canteen"}',
      ],
      [
        'huge strings',
        `{"name": "${huge}", "reason": "${huge}", "displayName": "${huge}", "username": "${huge}", "password": "${huge}"}`,
      ],
      ['2 000 nested objects', deep(2000)],
      ['1 000 nested arrays', `${'['.repeat(1_000)}${']'.repeat(1_000)}`],
      [
        'emoji and CJK',
        '{"name": "😀😀😀", "code": "表情符号", "displayName": "👩‍🍳厨师", "reason": "🚫🚫"}',
      ],
      [
        'lone surrogates',
        '{"name": "\\ud800\\udfff\\ud800", "reason": "\\udc00\\udc00", "username": "\\ud83d", "displayName": "\\ud800ab"}',
      ],
      [
        'invisible characters',
        '{"name": "\\u202e反向文字\\u202c", "displayName": "\\u200b\\u200b", "reason": "\\ufeff\\ufeff"}',
      ],
      ['__proto__ key', '{"__proto__": {"isAdmin": true, "role": "operator"}}'],
      ['constructor.prototype key', '{"constructor": {"prototype": {"isAdmin": true}}}'],
      [
        'prototype-like keys',
        '{"prototype": {"polluted": true}, "toString": 1, "hasOwnProperty": 2, "valueOf": 3}',
      ],
      [
        'out-of-range values',
        '{"enrolment": 1e400, "role": "operator", "disabled": "yes", "status": "connected"}',
      ],
      [
        'negative zero and numbers for strings',
        '{"enrolment": -0, "page": -1, "newPassword": 12345678}',
      ],
      ['duplicate keys', '{"name": "甲", "name": "乙乙乙"}'],
      ['nil uuid', '{"newParentId": "00000000-0000-0000-0000-000000000000", "reason": "零号单位"}'],
      ['missing reason', '{"status": "connected"}'],
      ['objects for passwords', '{"currentPassword": [], "newPassword": {"length": 100}}'],
      [
        'an operator account at no unit',
        '{"role": "operator", "orgUnitId": "00000000-0000-0000-0000-000000000000", "username": "root", "displayName": "管理员", "initialPassword": "Aa1!Aa1!"}',
      ],
    ];
    let victim: TestUser;
    const targets = (): ['post' | 'patch', string][] => [
      ['post', '/api/org-units'],
      ['patch', `/api/org-units/${tree.schoolB.id}`],
      ['post', `/api/org-units/${tree.schoolB.id}/move`],
      ['post', `/api/org-units/${tree.canteenB.id}/connection`],
      ['post', '/api/users'],
      ['patch', `/api/users/${victim.id}`],
      ['post', `/api/users/${victim.id}/reset-password`],
      ['post', `/api/users/${victim.id}/unlock`],
      ['post', '/api/auth/login'],
      ['post', '/api/auth/password'],
    ];

    beforeAll(async () => {
      victim = await createUser('canteen_staff', tree.schoolB);
    });

    for (const [label, body] of ODD_BODIES) {
      it(`${label}: no POST or PATCH endpoint answers 5xx`, async () => {
        const serverErrors: string[] = [];
        for (const [method, url] of targets()) {
          const response = await raw(operator, method, url, body);
          if (
            response.status >= 500 ||
            !String(response.headers['content-type']).startsWith('application/json')
          ) {
            serverErrors.push(`${method.toUpperCase()} ${url} → ${response.status}`);
          }
        }
        expect(serverErrors).toEqual([]);
      });
    }

    it('left no prototype polluted, created no account and moved nothing', async () => {
      expect(({} as Record<string, unknown>).isAdmin).toBeUndefined();
      expect(({} as Record<string, unknown>).polluted).toBeUndefined();
      expect(Object.prototype.hasOwnProperty.call(Object.prototype, 'role')).toBe(false);
      expect(await testPrisma().user.count({ where: { username: 'root' } })).toBe(0);
      expect(
        await testPrisma().orgUnit.findUniqueOrThrow({ where: { id: tree.schoolB.id } }),
      ).toMatchObject({ parentId: tree.countyB.id });
      expect(
        await testPrisma().orgUnit.findUniqueOrThrow({ where: { id: tree.canteenB.id } }),
      ).toMatchObject({ connectionStatus: 'connected' });
      // No odd body signed the operator out or broke the app.
      expect((await operator.get('/api/auth/me')).status).toBe(200);
    });
  });
});
