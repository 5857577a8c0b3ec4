import { createHash, randomBytes, randomUUID } from 'node:crypto';
import path from 'node:path';
import { hash } from '@node-rs/argon2';
import type { Prisma, PrismaClient } from '../../apps/api/src/generated/prisma/client';
import { type FileStorage, LocalDiskStorage } from '../../apps/api/src/common/storage/file-storage';
import { S3Storage } from '../../apps/api/src/common/storage/s3-storage';
import { addDays, shanghaiDay } from '../../packages/shared/src/dates';
import { forbiddenReason } from '../../packages/shared/src/food';
import { demoPdf, demoPng } from './demo-files';
import { servingsPerDiner } from './menus';
import { CATALOGUE_FOODS, readFoodTable } from './nutrition';
import { GIVEN_NAMES, INGREDIENTS, SUPPLIERS, SURNAMES, type SeedIngredient, type SeedSupplier, type SupplierKey } from './supply-catalogue';
import { DEMO_PASSWORD, DEMO_SCHOOL_CODE, DEMO_SUPPLIER } from './tree';

/**
 * Traceability demo data: the ingredient catalogue, suppliers with their licences (real small
 * files, stored as the app stores uploads) and farm bases, contracts with the schools of 通川区 and
 * 达川区, their canteen accounts, and the school days of the month before the first seeding as
 * accepted deliveries (lots shared across canteens, certificates, two-person acceptance, stock
 * batches), written as the deliveries module writes them.
 *
 * Idempotent: catalogue rows, suppliers, bases, documents, contracts and accounts are keyed by
 * their codes; the deliveries are written once, in one transaction, when none of the demo
 * contracts has any yet.
 */

const NO_SHELF_LIFE_EXPIRY = '9999-12-31'; // as the deliveries module stores "no shelf life"
const SEED_COUNTIES = ['511702', '511703']; // 通川区, 达川区
const TEACHER_CANTEEN_DINERS = 90;
const DEMO_API_KEY_LABEL = '鲜达配送管理系统对接';

const CREDIT_CODE_CHARS = '0123456789ABCDEFGHJKLMNPQRTUWXY';
const CREDIT_CODE_WEIGHTS = [1, 3, 9, 27, 19, 26, 16, 17, 20, 29, 25, 13, 8, 24, 10, 30, 28];
/** GB 32100-2015 check character. */
function creditCode(first17: string): string {
  const sum = [...first17].reduce((total, char, i) => total + CREDIT_CODE_CHARS.indexOf(char) * CREDIT_CODE_WEIGHTS[i]!, 0);
  return first17 + CREDIT_CODE_CHARS[(31 - (sum % 31)) % 31]!;
}

const asDate = (day: string) => new Date(`${day}T00:00:00Z`);
const compact = (day: string) => day.replaceAll('-', '');
/** An instant at a wall-clock time of a day in Asia/Shanghai (UTC+8). */
const shanghaiAt = (day: string, hour: number, minute: number) => new Date(asDate(day).getTime() + ((hour - 8) * 60 + minute) * 60_000);

/** The same day `months` later, clamped to the month's end. */
function addMonths(day: string, months: number): string {
  const [year, month, date] = day.split('-').map(Number) as [number, number, number];
  const target = new Date(Date.UTC(year, month - 1 + months, 1));
  const lastDay = new Date(Date.UTC(target.getUTCFullYear(), target.getUTCMonth() + 1, 0)).getUTCDate();
  target.setUTCDate(Math.min(date, lastDay));
  return target.toISOString().slice(0, 10);
}

/** Food Safety Law art. 50: the latest expiry + 6 months, or 2 years from the check without a shelf life. */
function retainUntil(expiries: string[], checkedOn: string): string {
  return expiries
    .map((expiry) => (expiry === NO_SHELF_LIFE_EXPIRY ? addMonths(checkedOn, 24) : addMonths(expiry, 6)))
    .reduce((latest, day) => (day > latest ? day : latest), checkedOn);
}

/**
 * Quantities as Decimal(14,3) text: the whole unit (boxes); kg and L to the half unit, or to the tenth
 * under 10 units (a small canteen's 2.3 kg of pork is weighed, not rounded to 2.5).
 */
function quantity(value: number, unit: string): string {
  if (unit === 'box' || unit === 'piece' || unit === 'bag') return String(Math.max(1, Math.ceil(value)));
  if (value < 10) return String(Math.max(0.1, Math.round(value * 10) / 10));
  return String(Math.round(value * 2) / 2);
}

export interface SupplySeedResult {
  ingredientsCreated: number;
  suppliersCreated: number;
  documentsCreated: number;
  contractsCreated: number;
  accountsCreated: number;
  manifestsCreated: number;
}

type Db = PrismaClient;
type IngredientRow = SeedIngredient & { id: string };

interface Canteen {
  id: string;
  code: string;
  name: string;
  diners: number;
  /** Servings per diner of a food group or ingredient (the menus' recipes for the school's ages; teachers: 1, and no student milk). */
  servings: (category: string, code: string) => number;
  school: { id: string; code: string };
  inspectorIds: [string, string];
}

/** The app's storage as its configuration chooses it (apps/api/src/common/storage/storage.module.ts). */
function storageFromEnvironment(env = process.env): FileStorage {
  if (env.STORAGE_DRIVER === 's3') {
    const { S3_ENDPOINT, S3_BUCKET, S3_ACCESS_KEY_ID, S3_SECRET_ACCESS_KEY } = env;
    if (!S3_ENDPOINT || !S3_BUCKET || !S3_ACCESS_KEY_ID || !S3_SECRET_ACCESS_KEY) {
      throw new Error('STORAGE_DRIVER=s3 needs S3_ENDPOINT, S3_BUCKET, S3_ACCESS_KEY_ID and S3_SECRET_ACCESS_KEY');
    }
    return new S3Storage({ endpoint: S3_ENDPOINT, bucket: S3_BUCKET, region: env.S3_REGION ?? 'us-east-1', accessKeyId: S3_ACCESS_KEY_ID, secretAccessKey: S3_SECRET_ACCESS_KEY });
  }
  return new LocalDiskStorage(env.STORAGE_DIR ?? path.resolve(__dirname, '../../var/storage'));
}

export type DemoFileStore = (key: string, name: string, data: Buffer, owner: { supplierId: string | null; uploadedById?: string | null; retainUntil?: string | null }) => Promise<string>;

/** Demo files kept through the app's storage interface; bytes are re-written only when missing. */
export function demoFileStore(prisma: Db, storage: FileStorage = storageFromEnvironment()): DemoFileStore {
  return async (key: string, name: string, data: Buffer, owner: { supplierId: string | null; uploadedById?: string | null; retainUntil?: string | null }) => {
    const contentType = key.endsWith('.png') ? 'image/png' : 'application/pdf';
    const existing = await prisma.storedFile.findUnique({ where: { storageKey: key }, select: { id: true } });
    // Bytes are re-written only when missing (a fresh checkout over an existing database).
    const stored = await storage.get(key).then(() => true, () => false);
    if (!stored) await storage.put(key, data, contentType);
    if (existing) return existing.id;
    const row = await prisma.storedFile.create({
      data: {
        storageKey: key,
        originalName: name,
        contentType,
        sizeBytes: data.length,
        sha256: createHash('sha256').update(data).digest('hex'),
        supplierId: owner.supplierId,
        uploadedById: owner.uploadedById ?? null,
        retainUntil: owner.retainUntil ? asDate(owner.retainUntil) : null,
      },
      select: { id: true },
    });
    return row.id;
  };
}

export async function seedSupply(prisma: Db, options: { storage?: FileStorage; today?: string } = {}): Promise<SupplySeedResult> {
  const today = options.today ?? shanghaiDay();
  const storage = options.storage ?? storageFromEnvironment();
  const result: SupplySeedResult = { ingredientsCreated: 0, suppliersCreated: 0, documentsCreated: 0, contractsCreated: 0, accountsCreated: 0, manifestsCreated: 0 };

  const forbidden = INGREDIENTS.filter((i) => forbiddenReason(i.name));
  if (forbidden.length) throw new Error(`the demo catalogue holds items forbidden in school canteens: ${forbidden.map((i) => i.name).join(', ')}`);

  // ─── Ingredient catalogue ───
  result.ingredientsCreated = (
    await prisma.ingredient.createMany({
      data: INGREDIENTS.map((i) => ({
        code: i.code,
        name: i.name,
        category: i.category,
        unit: i.unit,
        unitDecimals: i.unit === 'kg' || i.unit === 'L' ? 2 : 0,
        shelfLifeDays: i.shelfLifeDays,
        coldChain: i.coldChain,
        quarantineRequired: i.quarantineRequired,
      })),
      skipDuplicates: true,
    })
  ).count;
  const ingredientRows = await prisma.ingredient.findMany({ where: { code: { in: INGREDIENTS.map((i) => i.code) } }, select: { id: true, code: true } });
  const ingredientIds = new Map(ingredientRows.map((r) => [r.code, r.id]));
  const ingredients = new Map<string, IngredientRow>(
    INGREDIENTS.flatMap((i) => (ingredientIds.has(i.code) ? [[i.code, { ...i, id: ingredientIds.get(i.code)! }] as const] : [])),
  );

  const storeFile = demoFileStore(prisma, storage);

  // ─── Suppliers, farm bases, documents ───
  const supplierUser = await prisma.user.findFirst({ where: { role: 'supplier', supplier: { creditCode: DEMO_SUPPLIER.creditCode } }, select: { id: true } });
  const suppliers = new Map<SupplierKey, { id: string; spec: SeedSupplier; farmBases: Map<string, string> }>();
  for (const spec of SUPPLIERS) {
    const code = spec.key === 'xianda' ? DEMO_SUPPLIER.creditCode : creditCode(spec.creditCode17);
    const details = { kind: spec.kind, contactName: spec.contactName, contactPhone: spec.contactPhone, address: spec.address };
    let supplier = await prisma.supplier.findUnique({ where: { creditCode: code }, select: { id: true, contactName: true } });
    if (!supplier) {
      supplier = await prisma.supplier.create({
        data: {
          name: spec.name,
          creditCode: code,
          ...details,
          ...(spec.blacklistReason ? { blacklistedAt: shanghaiAt(addDays(today, -40), 10, 0), blacklistReason: spec.blacklistReason } : {}),
        },
        select: { id: true, contactName: true },
      });
      result.suppliersCreated++;
    } else if (supplier.contactName === null) {
      // The demo supplier is created bare by the tree seed; its details are filled in once.
      await prisma.supplier.update({ where: { id: supplier.id }, data: details });
    }
    const farmBases = new Map<string, string>();
    for (const base of spec.farmBases) {
      const row =
        (await prisma.farmBase.findUnique({ where: { supplierId_name: { supplierId: supplier.id, name: base.name } }, select: { id: true } })) ??
        (await prisma.farmBase.create({ data: { supplierId: supplier.id, ...base }, select: { id: true } }));
      farmBases.set(base.name, row.id);
    }
    for (const doc of spec.documents) {
      const number = doc.number || code;
      const exists = await prisma.supplierDocument.findFirst({ where: { supplierId: supplier.id, kind: doc.kind, number }, select: { id: true } });
      if (exists) continue;
      const lines = [`${doc.title} (demo document)`, `Holder credit code: ${code}`, `Number: ${number}`, 'Issued for the canteen supervision platform demo.'];
      const data = doc.format === 'png' ? demoPng(`${code}/${doc.key}`) : demoPdf(lines);
      const fileId = await storeFile(`seed/suppliers/${code.toLowerCase()}/${doc.key}.${doc.format}`, `${number}.${doc.format}`, data, { supplierId: supplier.id });
      await prisma.supplierDocument.create({
        data: {
          supplierId: supplier.id,
          farmBaseId: doc.farmBase ? (farmBases.get(doc.farmBase) ?? null) : null,
          kind: doc.kind,
          number,
          issuedOn: asDate(addDays(today, -doc.issuedDaysAgo)),
          expiresOn: doc.expiresInDays === null ? null : asDate(addDays(today, doc.expiresInDays)),
          fileId,
        },
      });
      result.documentsCreated++;
    }
    suppliers.set(spec.key, { id: supplier.id, spec, farmBases });
  }

  // The demo distributor's own system sends some manifests through the API. The secret of this
  // key was never shown to anyone (a supplier user creates a working one in the portal).
  const xianda = suppliers.get('xianda')!;
  const apiKey =
    (await prisma.supplierApiKey.findFirst({ where: { supplierId: xianda.id, label: DEMO_API_KEY_LABEL }, select: { id: true } })) ??
    (await prisma.supplierApiKey.create({
      data: {
        supplierId: xianda.id,
        prefix: randomBytes(6).toString('hex'),
        secretHash: createHash('sha256').update(randomBytes(32)).digest('hex'),
        label: DEMO_API_KEY_LABEL,
        createdById: supplierUser?.id ?? null,
      },
      select: { id: true },
    }));

  // ─── Schools, canteens and their canteen accounts ───
  const schools = await prisma.orgUnit.findMany({
    where: { level: 'school', OR: SEED_COUNTIES.map((county) => ({ code: { startsWith: `${county}-S` } })) },
    select: { id: true, code: true, name: true, kind: true, enrolment: true, children: { where: { level: 'canteen' }, select: { id: true, code: true, name: true }, orderBy: { code: 'asc' } } },
    orderBy: { code: 'asc' },
  });
  let passwordHash: string | undefined;
  const account = async (username: string, displayName: string, role: string, orgUnitId: string, phone: string) => {
    const existing = await prisma.user.findUnique({ where: { username }, select: { id: true } });
    if (existing) return existing.id;
    passwordHash ??= await hash(DEMO_PASSWORD, { algorithm: 2, memoryCost: 19_456, timeCost: 2, parallelism: 1 });
    // Not advertised demo logins: whoever is given one sets a password first.
    const row = await prisma.user.create({ data: { username, displayName, role, orgUnitId, phone, passwordHash, mustChangePassword: true }, select: { id: true } });
    result.accountsCreated++;
    return row.id;
  };
  const canteens: Canteen[] = [];
  for (const [i, school] of schools.entries()) {
    let inspectorIds: [string, string];
    if (school.code === DEMO_SCHOOL_CODE) {
      const demo = await prisma.user.findMany({ where: { username: { in: ['canteen_manager_demo', 'canteen_staff_demo'] } }, select: { id: true, username: true } });
      const id = (username: string) => demo.find((u) => u.username === username)?.id;
      if (!id('canteen_manager_demo') || !id('canteen_staff_demo')) throw new Error('the demo canteen accounts are missing: seed the tree and accounts first');
      inspectorIds = [id('canteen_manager_demo')!, id('canteen_staff_demo')!];
    } else {
      const slug = school.code.toLowerCase().replace('-', '_');
      const name = (n: number) => `${SURNAMES[(i * 3 + n) % SURNAMES.length]}${GIVEN_NAMES[(i * 5 + n * 7) % GIVEN_NAMES.length]}`;
      inspectorIds = [
        await account(`cm_${slug}`, name(0), 'canteen_manager', school.id, `1350818${String(2000 + i * 2).padStart(4, '0')}`),
        await account(`cs_${slug}`, name(1), 'canteen_staff', school.id, `1350818${String(2001 + i * 2).padStart(4, '0')}`),
      ];
    }
    for (const canteen of school.children) {
      const teachers = canteen.name.includes('教师');
      const diners = teachers ? TEACHER_CANTEEN_DINERS : (school.enrolment ?? 600);
      const servings = teachers ? (category: string) => (category === 'milk' ? 0 : 1) : (category: string, code: string) => servingsPerDiner(school.kind, category, code);
      canteens.push({ id: canteen.id, code: canteen.code, name: canteen.name, diners, servings, school: { id: school.id, code: school.code }, inspectorIds });
    }
  }

  // ─── Contracts (a blacklisted supplier gets none) ───
  const contracts = new Map<string, string>(); // `${supplierKey}/${schoolId}` → contract id
  const validFrom = addDays(today, -90);
  const validTo = addDays(today, 275);
  for (const [key, supplier] of suppliers) {
    if (supplier.spec.blacklistReason) continue;
    for (const school of schools) {
      const code = `HT-${key.toUpperCase()}-${school.code}`;
      let contract = await prisma.supplyContract.findUnique({ where: { code }, select: { id: true } });
      if (!contract) {
        contract = await prisma.supplyContract.create({
          data: {
            code,
            supplierId: supplier.id,
            schoolId: school.id,
            canteenIds: school.children.map((c) => c.id),
            categories: supplier.spec.categories,
            validFrom: asDate(validFrom),
            validTo: asDate(validTo),
          },
          select: { id: true },
        });
        result.contractsCreated++;
      }
      contracts.set(`${key}/${school.id}`, contract.id);
    }
  }

  // ─── A month of deliveries, written once ───
  const already = await prisma.deliveryManifest.count({ where: { contractId: { in: [...contracts.values()] } } });
  if (already === 0 && canteens.length > 0) {
    result.manifestsCreated = await seedDeliveries(prisma, { today, canteens, contracts, suppliers, ingredients, storeFile, supplierUserId: supplierUser?.id ?? null, apiKeyId: apiKey.id });
  }
  return result;
}

interface DeliveryContext {
  today: string;
  canteens: Canteen[];
  contracts: Map<string, string>;
  suppliers: Map<SupplierKey, { id: string; spec: SeedSupplier; farmBases: Map<string, string> }>;
  ingredients: Map<string, IngredientRow>;
  storeFile: DemoFileStore;
  supplierUserId: string | null;
  apiKeyId: string;
}

interface PlannedLine {
  ingredient: IngredientRow;
  lotCode: string;
  productionDate: string;
  quantity: string;
  farmBase: string | null;
  certificateKey: string | null;
}

interface PlannedDelivery {
  supplier: SupplierKey;
  canteen: Canteen;
  day: string;
  at: [hour: number, minute: number];
  source: 'form' | 'file' | 'api';
  lines: PlannedLine[];
  /** Left waiting at the canteen's door for the acceptance screen. */
  pending?: boolean;
}

let foods: Map<string, { group: string; edible: number; colour: string | null }> | undefined;
/** The linked food of a catalogue ingredient in the shipped table: its group, the share of it that is eaten (食部) and a fresh vegetable's colour. */
function foodOf(code: string): { group: string; edible: number; colour: string | null } | undefined {
  foods ??= new Map(readFoodTable().map((food) => [food.code, { group: food.foodGroup, edible: Number(food.ediblePercent) / 100, colour: food.vegetableColour ?? null }]));
  const link = CATALOGUE_FOODS[code];
  return link ? foods.get(link.food) : undefined;
}

/**
 * What each supplier brings on a school day (weekday 1–5), per canteen: per diner, in a 9–11-year-old's
 * servings of the county lunch (the menus seed's recipes), times the canteen's servings per diner.
 * The first school day of the month also brings the staples' opening stock.
 */
function plan(day: string, dayIndex: number, canteen: Canteen, canteenIndex: number, get: (code: string) => IngredientRow): PlannedDelivery[] {
  const weekday = asDate(day).getUTCDay();
  const d = canteen.diners;
  const deliveries: PlannedDelivery[] = [];
  const line = (code: string, amount: number, lotCode: string, productionDate: string, farmBase: string | null, certificateKey: string | null): PlannedLine[] => {
    const ingredient = get(code);
    const sized = amount * canteen.servings(ingredient.category, ingredient.code);
    return sized > 0 ? [{ ingredient, lotCode, productionDate, quantity: quantity(sized, ingredient.unit), farmBase, certificateKey }] : [];
  };

  // 鲜达: vegetables every school day from the 宣汉 base (one residue test report a day), fruit, eggs, tofu.
  // Produce is ordered by what is eaten of it: 25 g of each of six vegetables, four of them dark-coloured
  // (WS/T 554: over half of the day's kinds), and 82 g of fruit a diner.
  const vegetables = INGREDIENTS.filter((i) => i.category === 'vegetables' && i.shelfLifeDays !== null && i.shelfLifeDays <= 14 && foodOf(i.code)?.group === 'vegetables');
  const rotate = (colour: string, count: number, step: number) => {
    const list = vegetables.filter((i) => foodOf(i.code)?.colour === colour);
    return Array.from({ length: count }, (_, k) => list[(dayIndex * step + k + canteenIndex * 3) % list.length]!.code);
  };
  const dark = rotate('dark', 4, 3);
  // Tuesday's 番茄炒蛋 needs tomatoes.
  if (weekday === 2 && !dark.includes('V011')) dark[3] = 'V011';
  const fresh: PlannedLine[] = [...dark, ...rotate('light', 2, 2)].flatMap((code) => line(code, (d * 0.025) / (foodOf(code)?.edible ?? 1), `XD${compact(day)}-${code}`, day, '宣汉县峰城镇蔬菜种植基地', `xianda/${day}/report`));
  const fruit = INGREDIENTS.filter((i) => i.category === 'fruit')[dayIndex % 7]!;
  fresh.push(...line(fruit.code, (d * 0.082) / (foodOf(fruit.code)?.edible ?? 1), `XD${compact(day)}-${fruit.code}`, addDays(day, -2), null, null));
  // Eggs for Tuesday's 番茄炒蛋 and Thursday's 肉末蒸蛋, tofu for the other days.
  if (weekday === 2 || weekday === 4) fresh.push(...line('E001', d * 0.0346, `XD${compact(addDays(day, -1))}-E001`, addDays(day, -1), '达川区石桥镇蛋鸡养殖场', null));
  if (weekday === 1 || weekday === 3 || weekday === 5) fresh.push(...line('S001', d * 0.0269, `XD${compact(day)}-S001`, day, '开江县普安镇豆制品加工厂', null));
  deliveries.push({ supplier: 'xianda', canteen, day, at: [6, 40 + (canteenIndex % 15)], source: canteenIndex % 3 === 0 ? 'api' : 'file', lines: fresh });

  // 川东肉类: chilled front-leg pork daily, chicken legs, fish or ribs on given days, for the weekday's
  // dishes (menus.ts MENU_OF_WEEKDAY); one quarantine certificate per product and day.
  const slaughtered = addDays(day, -1);
  const meat: PlannedLine[] = [];
  const meatLine = (code: string, amount: number, farmBase: string | null) =>
    line(code, amount, `CD${compact(slaughtered)}-${code}`, slaughtered, farmBase, get(code).quarantineRequired ? `meat/${slaughtered}/${code}` : null);
  const pork: Record<number, number> = { 1: 0.0115, 2: 0.0187, 3: 0.0173, 4: 0.0173, 5: 0.0115 };
  meat.push(...meatLine('M001', d * pork[weekday]!, '大竹县庙坝镇生猪养殖基地'));
  if (weekday === 1) meat.push(...meatLine('M007', d * 0.0096, '渠县三汇镇肉鸡养殖场'));
  if (weekday === 4) meat.push(...meatLine('A001', d * 0.0288, '达川区河市镇水产养殖基地'));
  if (weekday === 5) meat.push(...meatLine('M003', d * 0.0096, '大竹县庙坝镇生猪养殖基地'));
  deliveries.push({ supplier: 'meat', canteen, day, at: [6, 55 + (canteenIndex % 4)], source: 'file', lines: meat });

  // 粮油: a week's staples on Mondays (rice, flour for Tuesday's 花卷, millet for the 二米饭, oil, the
  // peanuts of the 宫保 dishes); lots are the month of milling or pressing, so one lot reaches many
  // canteens over weeks. Seasonings come every other week for ten days; the first day brings a week's
  // staples and both seasoning sets besides, so that the store never runs dry.
  const opening = dayIndex === 0;
  if (weekday === 1 || opening) {
    const month = `${addDays(day, -20).slice(0, 7)}-01`;
    const batch = (code: string, amount: number, farmBase: string | null = null) => line(code, amount, `LY${compact(month).slice(0, 6)}-${code}`, month, farmBase, null);
    const weeks = opening && weekday === 1 ? 2 : 1;
    const grains = [
      ...batch('G001', d * 0.09 * 5 * weeks, '渠县有庆镇优质稻种植基地'),
      ...batch('G002', d * 0.0075 * 5 * weeks),
      ...batch('G005', d * 0.024 * 5 * weeks),
      ...batch('O001', d * 0.012 * 5 * weeks),
      ...batch('S005', d * 0.03 * weeks),
    ];
    if (opening || dayIndex % 2 === 0) grains.push(...batch('N001', d * 0.002 * 10), ...batch('C002', d * 0.002 * 10), ...batch('C004', d * 0.002 * 10));
    if (opening || dayIndex % 2 === 1) grains.push(...batch('C001', d * 0.002 * 10), ...batch('C010', d * 0.001 * 10));
    deliveries.push({ supplier: 'grain', canteen, day, at: [14, 10 + (canteenIndex % 30)], source: 'form', lines: grains });
  }

  // 巴山乳业: the kindergartens' 午点 on Mondays and Thursdays (and the first day): 125 mL of student
  // milk a child a day until the next delivery, and on Thursdays a cup of yoghurt instead.
  if (weekday === 1 || weekday === 4 || opening) {
    let milkDays = 0;
    for (let w = weekday; w <= 5 && (w === weekday || (w !== 1 && w !== 4)); w++) if (w !== 4) milkDays++;
    const produced = addDays(day, -2);
    const dairy = line('D001', (d * milkDays * 0.625) / 24, `RY${compact(produced)}-D001`, produced, '万源市大竹河奶牛牧场', null);
    if (weekday === 4) dairy.push(...line('D002', d / 20, `RY${compact(produced)}-D002`, produced, '万源市大竹河奶牛牧场', null));
    if (dairy.length > 0) deliveries.push({ supplier: 'dairy', canteen, day, at: [7, 20 + (canteenIndex % 10)], source: 'form', lines: dairy });
  }
  return deliveries;
}

async function seedDeliveries(prisma: Db, context: DeliveryContext): Promise<number> {
  const { today, canteens, contracts, suppliers, ingredients } = context;
  const get = (code: string) => {
    const ingredient = ingredients.get(code);
    if (!ingredient) throw new Error(`ingredient ${code} is missing from the catalogue`);
    return ingredient;
  };

  const planned: PlannedDelivery[] = [];
  let dayIndex = 0;
  for (let back = 30; back >= 1; back--) {
    const day = addDays(today, -back);
    const weekday = asDate(day).getUTCDay();
    if (weekday === 0 || weekday === 6) continue;
    canteens.forEach((canteen, i) => planned.push(...plan(day, dayIndex, canteen, i, get)));
    dayIndex++;
  }
  const demoCanteen = canteens.find((c) => c.school.code === DEMO_SCHOOL_CODE) ?? canteens[0]!;
  const waiting = plan(today, dayIndex, demoCanteen, 0, get).find((p) => p.supplier === 'xianda')!;
  planned.push({ ...waiting, at: [6, 45], pending: true });

  // Certificates: one quarantine certificate per meat product and day, one residue test report per day of vegetables.
  const certificateIds = new Map<string, string>();
  for (const delivery of planned) {
    for (const l of delivery.lines) {
      if (!l.certificateKey || certificateIds.has(l.certificateKey)) continue;
      const supplier = suppliers.get(delivery.supplier)!;
      const [, day, code] = l.certificateKey.split('/') as [string, string, string];
      const isQuarantine = delivery.supplier === 'meat';
      const name = isQuarantine ? `动物检疫合格证明_${l.ingredient.name}_${compact(day)}.pdf` : `农药残留快速检测报告_${compact(day)}.pdf`;
      const lines = isQuarantine
        ? ['Animal quarantine certificate (demo)', `Product: ${l.ingredient.code}, lot ${l.lotCode}`, `Slaughtered on ${day}`, 'Issued by the county animal health supervision office (demo).']
        : ['Pesticide residue rapid test report (demo)', `Vegetables harvested on ${day}`, 'Result: all samples below the inhibition threshold (negative).'];
      const key = `seed/certificates/${supplier.spec.key}/${compact(day)}${code === 'report' ? '' : `-${code.toLowerCase()}`}.pdf`;
      certificateIds.set(
        l.certificateKey,
        await context.storeFile(key, name, demoPdf(lines), {
          supplierId: supplier.id,
          uploadedById: delivery.supplier === 'xianda' ? context.supplierUserId : null,
          retainUntil: addMonths(day, 24),
        }),
      );
    }
  }

  // Continue each day's numbering after codes the application already issued (DN-/PO-YYYYMMDD-NNNN).
  const issued = await prisma.$queryRaw<{ key: string; n: number }[]>`
    SELECT left(code, 11) AS key, max(right(code, 4)::int)::int AS n
      FROM (SELECT code FROM delivery_manifest UNION ALL SELECT code FROM purchase_order) c
     WHERE code ~ '^(DN|PO)-[0-9]{8}-[0-9]{4}$'
     GROUP BY 1`;
  const codeCounters = new Map<string, number>(issued.map((row) => [row.key, row.n]));
  const nextCode = (kind: 'DN' | 'PO', day: string) => {
    const key = `${kind}-${compact(day)}`;
    const n = (codeCounters.get(key) ?? 0) + 1;
    codeCounters.set(key, n);
    return `${key}-${String(n).padStart(4, '0')}`;
  };

  const orders: Prisma.PurchaseOrderCreateManyInput[] = [];
  const orderLines: Prisma.PurchaseOrderLineCreateManyInput[] = [];
  const manifests: Prisma.DeliveryManifestCreateManyInput[] = [];
  const lines: Prisma.DeliveryLineCreateManyInput[] = [];
  const lots = new Map<string, Prisma.SupplierLotCreateManyInput>();
  const acceptances: Prisma.AcceptanceCreateManyInput[] = [];
  const acceptanceLines: Prisma.AcceptanceLineCreateManyInput[] = [];
  const batches: Prisma.StockBatchCreateManyInput[] = [];
  let lineCounter = 0;

  for (const delivery of planned) {
    const supplier = suppliers.get(delivery.supplier)!;
    const contractId = contracts.get(`${delivery.supplier}/${delivery.canteen.school.id}`);
    if (!contractId) continue;
    const manifestId = randomUUID();
    const acceptedAt = shanghaiAt(delivery.day, delivery.at[0], delivery.at[1]);
    const priced = delivery.lines.map((l) => {
      const swing = (((dayOf(delivery.day) * 13 + l.ingredient.code.charCodeAt(3) * 7) % 9) - 4) / 100;
      const expiryDate = l.ingredient.shelfLifeDays === null ? NO_SHELF_LIFE_EXPIRY : addDays(l.productionDate, l.ingredient.shelfLifeDays);
      return { ...l, unitPriceFen: Math.round(l.ingredient.priceFen * (1 + swing)), expiryDate, id: randomUUID() };
    });

    // The demo school orders ahead; the manifest refers to its purchase order.
    let purchaseOrderId: string | null = null;
    if (delivery.canteen.school.code === DEMO_SCHOOL_CODE) {
      const orderId = randomUUID();
      purchaseOrderId = orderId;
      orders.push({
        id: orderId,
        code: nextCode('PO', addDays(delivery.day, -1)),
        canteenId: delivery.canteen.id,
        supplierId: supplier.id,
        contractId,
        deliveryDate: asDate(delivery.day),
        status: delivery.pending ? 'submitted' : 'delivered',
        createdById: delivery.canteen.inspectorIds[0],
        createdAt: shanghaiAt(addDays(delivery.day, -1), 16, 30),
      });
      priced.forEach((l, i) => orderLines.push({ orderId, lineNo: i + 1, ingredientId: l.ingredient.id, quantity: l.quantity, unit: l.ingredient.unit, unitPriceFen: l.unitPriceFen }));
    }

    const checked = priced.map((l) => {
      lineCounter++;
      const reject = !delivery.pending && l.ingredient.category === 'vegetables' && lineCounter % 97 === 13;
      const short = !reject && !delivery.pending && l.ingredient.unit === 'kg' && Number(l.quantity) > 10 && lineCounter % 61 === 7;
      return { ...l, n: lineCounter, decision: reject ? 'reject' : 'accept', acceptedQuantity: reject ? '0' : short ? String(Number(l.quantity) - 0.5) : l.quantity, reject, short };
    });
    const status = delivery.pending
      ? 'submitted'
      : checked.every((l) => l.reject)
        ? 'rejected'
        : checked.some((l) => l.reject || l.short)
          ? 'partially_accepted'
          : 'accepted';
    manifests.push({
      id: manifestId,
      code: nextCode('DN', delivery.day),
      supplierId: supplier.id,
      canteenId: delivery.canteen.id,
      contractId,
      purchaseOrderId,
      deliveryDate: asDate(delivery.day),
      source: delivery.source,
      status,
      submittedById: delivery.supplier === 'xianda' && delivery.source !== 'api' ? context.supplierUserId : null,
      apiKeyId: delivery.source === 'api' ? context.apiKeyId : null,
      retainUntil: asDate(retainUntil(checked.map((l) => l.expiryDate), delivery.day)),
      createdAt: shanghaiAt(delivery.day, 5, 30),
    });
    for (const [i, l] of checked.entries()) {
      const farmBaseId = l.farmBase ? (supplier.farmBases.get(l.farmBase) ?? null) : null;
      lines.push({
        id: l.id,
        manifestId,
        lineNo: i + 1,
        ingredientId: l.ingredient.id,
        lotCode: l.lotCode,
        productionDate: asDate(l.productionDate),
        expiryDate: asDate(l.expiryDate),
        quantity: l.quantity,
        unit: l.ingredient.unit,
        unitPriceFen: l.unitPriceFen,
        farmBaseId,
        certificateIds: l.certificateKey ? [certificateIds.get(l.certificateKey)!] : [],
      });
      lots.set(`${supplier.id}/${l.lotCode}`, { supplierId: supplier.id, lotCode: l.lotCode, ingredientId: l.ingredient.id });
    }
    if (delivery.pending) continue;

    const acceptanceId = randomUUID();
    acceptances.push({ id: acceptanceId, manifestId, canteenId: delivery.canteen.id, inspectorIds: delivery.canteen.inspectorIds, acceptedAt });
    for (const l of checked) {
      acceptanceLines.push({
        acceptanceId,
        deliveryLineId: l.id,
        decision: l.decision,
        acceptedQuantity: l.acceptedQuantity,
        temperatureC: temperature(l.ingredient, l.n),
        reason: l.reject ? '叶片发黄腐烂，感官检查不合格，已退回' : l.short ? '复称短缺 0.5 kg，按实收数量验收' : null,
      });
      if (l.reject) continue;
      batches.push({
        canteenId: delivery.canteen.id,
        ingredientId: l.ingredient.id,
        supplierId: supplier.id,
        deliveryLineId: l.id,
        lotCode: l.lotCode,
        quantity: l.acceptedQuantity,
        unit: l.ingredient.unit,
        unitPriceFen: l.unitPriceFen,
        productionDate: asDate(l.productionDate),
        expiryDate: asDate(l.expiryDate),
        receivedAt: acceptedAt,
      });
    }
  }

  const chunked = async <T>(rows: T[], insert: (chunk: T[]) => Promise<unknown>) => {
    for (let i = 0; i < rows.length; i += 1000) await insert(rows.slice(i, i + 1000));
  };
  await prisma.$transaction(
    async (tx) => {
      await chunked(orders, (data) => tx.purchaseOrder.createMany({ data }));
      await chunked(orderLines, (data) => tx.purchaseOrderLine.createMany({ data }));
      await chunked(manifests, (data) => tx.deliveryManifest.createMany({ data }));
      await chunked(lines, (data) => tx.deliveryLine.createMany({ data }));
      await chunked([...lots.values()], (data) => tx.supplierLot.createMany({ data, skipDuplicates: true }));
      await chunked(acceptances, (data) => tx.acceptance.createMany({ data }));
      await chunked(acceptanceLines, (data) => tx.acceptanceLine.createMany({ data }));
      await chunked(batches, (data) => tx.stockBatch.createMany({ data }));
    },
    { timeout: 300_000, maxWait: 10_000 },
  );
  return manifests.length;
}

const dayOf = (day: string) => Number(day.slice(8, 10));

/** A plausible reading inside the limits: chilled 0–8 °C, frozen at or below −12 °C. */
function temperature(ingredient: SeedIngredient, salt: number): number | null {
  if (ingredient.coldChain === 'chilled') return Math.round((1.5 + (salt % 9) * 0.5) * 10) / 10;
  if (ingredient.coldChain === 'frozen') return -18 + (salt % 5);
  return null;
}
