import type { NestFastifyApplication } from '@nestjs/platform-fastify';
import request from 'supertest';
import { closeTestPrisma } from '@test/factories/prisma';
import { type DeliveryWorld, createDeliveryWorld, deliveryCounts, line, submitManifest, today } from '@test/fixtures/deliveries';
import type { Session } from './harness';
import { startApp } from './harness';

// The world signs in eight people (argon2 each); a loaded machine needs more than the default 5 s.
jest.setTimeout(120_000);

/**
 * Odd bodies against every write of purchase orders, manifests and acceptance: each answers a
 * JSON 4xx, never a 5xx, and stores nothing.
 */
describe('deliveries: no client input produces a 500', () => {
  let app: NestFastifyApplication;
  let world: DeliveryWorld;
  let manifestId: string;
  let checkedId: string;
  let lineId: string;
  let orderId: string;
  let apiKey: string;

  beforeAll(async () => {
    app = await startApp();
    world = await createDeliveryWorld(app);
    manifestId = (await submitManifest(world, [line(world.cabbage)])).id;
    // A checked delivery, so that corrections reach their own validation.
    const checked = await submitManifest(world, [line(world.cabbage)]);
    checkedId = checked.id;
    lineId = checked.lines[0]!.id;
    await world.sessions.manager.post(`/api/deliveries/${checkedId}/acceptance`, {
      secondInspector: { username: world.users.staff.username, password: world.users.staff.password },
      lines: [{ lineId, decision: 'accept' }],
    });
    const order = await world.sessions.manager.post('/api/purchase-orders', {
      canteenId: world.tree.canteenA1.id,
      supplierId: world.supplier.id,
      deliveryDate: today(),
      lines: [{ ingredientId: world.cabbage.id, quantity: 1, unitPriceFen: 1 }],
    });
    orderId = order.body.id;
    // Cancelled, so that a well-formed cancellation is still refused (409) and nothing changes.
    await world.sessions.manager.post(`/api/purchase-orders/${orderId}/cancel`, { reason: '模糊测试前取消' });
    apiKey = (await world.sessions.supplier.post('/api/supplier-api-keys', { label: '模糊测试' })).body.key;
  });
  afterAll(async () => {
    await app.close();
    await closeTestPrisma();
  });

  const huge = 'x'.repeat(100_000);
  const manifestWith = (lineFields: string) => `{"canteenId":"CANTEEN","deliveryDate":"${today()}","lines":[${lineFields}]}`;
  const ODD_BODIES: [string, string][] = [
    ['null', 'null'],
    ['a number', '42'],
    ['an array', '[1,2,3]'],
    ['an empty object', '{}'],
    ['wrong types everywhere', '{"canteenId": 1, "deliveryDate": true, "lines": {"0": {}}, "secondInspector": "me", "reason": [], "field": 7}'],
    ['nulls everywhere', '{"canteenId": null, "lines": [null], "secondInspector": null, "reason": null}'],
    ['operator objects', '{"canteenId": {"$ne": null}, "lines": [{"lotCode": {"$gt": ""}}], "secondInspector": {"username": {"$ne": 1}}}'],
    ['SQL in strings', manifestWith(`{"ingredientName":"' OR 1=1 --","lotCode":"x'; DROP TABLE delivery_line; --","productionDate":"${today()}","shelfLifeDays":1,"quantity":1,"unit":"kg","unitPriceFen":1}`)],
    ['huge strings', `{"note": "${huge}", "reason": "${huge}", "lines": [{"lotCode": "${huge}"}]}`],
    ['huge numbers', manifestWith(`{"ingredientName":"白菜","lotCode":"L","productionDate":"${today()}","shelfLifeDays":1e308,"quantity":1e400,"unit":"kg","unitPriceFen":9007199254740993}`)],
    ['quantities as odd strings', manifestWith(`{"ingredientName":"白菜","lotCode":"L","productionDate":"${today()}","shelfLifeDays":1,"quantity":"0x10","unit":"kg","unitPriceFen":1},{"ingredientName":"白菜","lotCode":"L","productionDate":"${today()}","shelfLifeDays":1,"quantity":"١٢","unit":"kg","unitPriceFen":1}`)],
    ['impossible dates', manifestWith(`{"ingredientName":"白菜","lotCode":"L","productionDate":"0000-00-00","expiryDate":"275760-09-13","quantity":1,"unit":"kg","unitPriceFen":1}`)],
    ['lone surrogates', manifestWith(`{"ingredientName":"\\ud800","lotCode":"\\udc00","productionDate":"${today()}","shelfLifeDays":1,"quantity":1,"unit":"kg","unitPriceFen":1}`)],
    ['NUL characters', `{"note": "a\\u0000b", "reason": "\\u0000\\u0000", "newValue": "\\u0000", "secondInspector": {"username": "\\u0000", "password": "\\u0000"}}`],
    ['__proto__ keys', '{"__proto__": {"isAdmin": true}, "lines": [{"__proto__": {"decision": "accept"}}]}'],
    ['2 000 nested objects', `${'{"a":'.repeat(2000)}1${'}'.repeat(2000)}`],
    ['too many lines', `{"canteenId":"x","deliveryDate":"${today()}","lines":[${Array(6000).fill('{}').join(',')}]}`],
    ['acceptance of unknown lines', '{"secondInspector":{"username":"a","password":"b"},"lines":[{"lineId":"00000000-0000-4000-8000-000000000000","decision":"accept","acceptedQuantity":"-1","temperatureC":1e9,"photoIds":["x"]}]}'],
    ['corrections of every field with junk', '{"lineId":"LINE","field":"acceptedQuantity","newValue":"∞","reason":"测试一下"}'],
  ];

  const targets = (): [Session | 'api', string][] => [
    [world.sessions.supplier, '/api/deliveries'],
    [world.sessions.manager, '/api/purchase-orders'],
    [world.sessions.manager, `/api/purchase-orders/${orderId}/cancel`],
    [world.sessions.manager, `/api/deliveries/${manifestId}/acceptance`],
    [world.sessions.manager, `/api/deliveries/${checkedId}/corrections`],
    ['api', '/api/supplier-api/v1/deliveries'],
  ];

  const send = (who: Session | 'api', url: string, body: string) => {
    const filled = body.replaceAll('CANTEEN', world.tree.canteenA1.id).replaceAll('LINE', lineId);
    const pending = who === 'api' ? request(app.getHttpServer()).post(url).set('authorization', `Bearer ${apiKey}`) : who.agent.post(url).set('x-csrf-token', who.csrf);
    return pending.set('content-type', 'application/json').send(filled);
  };

  for (const [label, body] of ODD_BODIES) {
    it(`${label}: a JSON 4xx from every write, nothing stored`, async () => {
      const before = await deliveryCounts();
      const failures: string[] = [];
      for (const [who, url] of targets()) {
        const response = await send(who, url, body);
        if (response.status < 400 || response.status >= 500 || !String(response.headers['content-type']).startsWith('application/json')) {
          failures.push(`${url} → ${response.status}`);
        }
      }
      expect(failures).toEqual([]);
      expect(await deliveryCounts()).toEqual(before);
    });
  }

  it('odd query strings on the lists answer 400, never 500', async () => {
    for (const query of ['page=0', 'pageSize=100000', 'status=lost', 'from=2026-02-30', 'to=0000-01-01', 'canteenId=x', 'supplierId=1']) {
      for (const url of ['/api/deliveries', '/api/purchase-orders']) {
        const response = await world.sessions.officialA.get(`${url}?${query}`);
        expect({ url, query, status: response.status }).toEqual({ url, query, status: 400 });
      }
    }
    expect((await world.sessions.officialA.get('/api/deliveries?q=%00')).status).toBe(400);
  });
});
