import ExcelJS from 'exceljs';
import {
  FOOD_GROUP_NAMES,
  type FoodGroup,
  type Meal,
  type MovementKind,
  SHANGHAI_OFFSET_MS,
  type TBackwardTrace,
  type TForwardTrace,
  type TTraceCanteen,
  type TTraceDelivery,
  type TTraceFarmBase,
  type TTraceIngredient,
  type TTraceMeal,
  type TTraceStockMovement,
  type TTraceSupplier,
} from '@canteen/shared';

export const XLSX_CONTENT_TYPE = 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet';

export const UNIT_NAMES: Record<string, string> = { kg: '千克', g: '克', L: '升', mL: '毫升', piece: '个', box: '箱', bag: '袋' };
export const KIND_NAMES: Record<MovementKind, string> = {
  stock_in: '入库',
  stock_out: '出库',
  return: '退货',
  write_off: '报损',
  adjustment: '盘点调整',
  reversal: '冲正',
};
export const MEAL_NAMES: Record<Meal, string> = { breakfast: '早餐', lunch: '午餐', dinner: '晚餐' };
const STATUS_NAMES: Record<string, string> = { submitted: '待验收', accepted: '已验收', partially_accepted: '部分验收', rejected: '已拒收' };
const DECISION_NAMES: Record<string, string> = { accept: '验收合格', accepted: '验收合格', reject: '拒收', rejected: '拒收' };
const DOCUMENT_NAMES: Record<string, string> = {
  business_licence: '营业执照',
  food_business_licence: '食品经营许可证',
  food_production_licence: '食品生产许可证',
  animal_epidemic_certificate: '动物防疫条件合格证',
  origin_certificate: '产地证明',
  green_food_certificate: '绿色食品证书',
  organic_certificate: '有机产品认证证书',
  other: '其他',
};
const CORRECTION_NAMES: Record<string, string> = { acceptedQuantity: '验收数量', unitPriceFen: '单价（分）', lotCode: '批次号', productionDate: '生产日期', expiryDate: '保质期至', note: '备注' };
const label = (names: Record<string, string>, value: string) => names[value] ?? value;

/** One row per receipt of the lot at a canteen (FSMA 204 key data elements). */
interface Movement {
  event: string;
  note: string;
  lotCode: string;
  ingredient: TTraceIngredient;
  canteen: TTraceCanteen;
  supplier: Pick<TTraceSupplier, 'name' | 'creditCode'>;
  farmBase: TTraceFarmBase | null;
  delivery: TTraceDelivery;
  batch: { quantityInStock: string; booked: boolean } | null;
}

/** Where the received batches went at a canteen: its ledger movements and the meals they fed. */
interface CanteenLedger {
  canteen: TTraceCanteen;
  movements: TTraceStockMovement[];
  meals: TTraceMeal[];
  /** Lot code and ingredient name of each batch, by batch id. */
  batches: Map<string, { lotCode: string; ingredient: string }>;
}

const COLUMNS: Column<Movement>[] = [
  { header: '追溯批次号', key: 'lot', width: 18, value: (m) => m.lotCode },
  { header: '食材', key: 'product', width: 14, value: (m) => m.ingredient.name },
  { header: '食材编码', key: 'productCode', width: 12, value: (m) => m.ingredient.code },
  { header: '类别', key: 'category', width: 10, value: (m) => FOOD_GROUP_NAMES[m.ingredient.category as FoodGroup]?.zh ?? m.ingredient.category },
  { header: '事件', key: 'event', width: 10, value: (m) => m.event },
  { header: '送货日期', key: 'date', width: 12, numFmt: 'yyyy-mm-dd', value: (m) => asDate(m.delivery.deliveryDate) },
  { header: '验收时间', key: 'acceptedAt', width: 17, numFmt: 'yyyy-mm-dd hh:mm', value: (m) => (m.delivery.acceptance ? asShanghaiTime(m.delivery.acceptance.acceptedAt) : null) },
  { header: '收货地点（食堂）', key: 'location', width: 28, value: (m) => `${m.canteen.school.name} ${m.canteen.name}` },
  { header: '区县', key: 'county', width: 12, value: (m) => m.canteen.county.name },
  { header: '供应商', key: 'supplier', width: 28, value: (m) => m.supplier.name },
  { header: '统一社会信用代码', key: 'creditCode', width: 21, value: (m) => m.supplier.creditCode },
  { header: '基地/产地', key: 'farmBase', width: 24, value: (m) => (m.farmBase ? `${m.farmBase.name}（${m.farmBase.region}）` : null) },
  { header: '送货数量', key: 'quantity', width: 11, numFmt: '0.###', value: (m) => Number(m.delivery.quantity) },
  { header: '验收数量', key: 'accepted', width: 11, numFmt: '0.###', value: (m) => (m.delivery.acceptance ? Number(m.delivery.acceptance.acceptedQuantity) : null) },
  { header: '当前在库', key: 'inStock', width: 11, numFmt: '0.###', value: (m) => (m.batch ? Number(m.batch.quantityInStock) : null) },
  { header: '单位', key: 'unit', width: 7, value: (m) => label(UNIT_NAMES, m.delivery.unit) },
  { header: '单价（元）', key: 'price', width: 10, numFmt: '0.00', value: (m) => m.delivery.unitPriceFen / 100 },
  { header: '生产日期', key: 'productionDate', width: 12, numFmt: 'yyyy-mm-dd', value: (m) => asDate(m.delivery.productionDate) },
  { header: '保质期至', key: 'expiryDate', width: 12, numFmt: 'yyyy-mm-dd', value: (m) => (m.delivery.expiryDate ? asDate(m.delivery.expiryDate) : null) },
  { header: '送货单状态', key: 'status', width: 10, value: (m) => label(STATUS_NAMES, m.delivery.status) },
  { header: '验收结论', key: 'decision', width: 10, value: (m) => (m.delivery.acceptance ? label(DECISION_NAMES, m.delivery.acceptance.decision) : null) },
  { header: '温度（℃）', key: 'temperature', width: 9, numFmt: '0.0', value: (m) => m.delivery.acceptance?.temperatureC ?? null },
  { header: '验收人', key: 'inspectors', width: 16, value: (m) => m.delivery.acceptance?.inspectors.map((i) => i.displayName).join('、') ?? null },
  { header: '参考单据类型', key: 'referenceType', width: 12, value: () => '送货单' },
  { header: '参考单据号', key: 'reference', width: 22, value: (m) => m.delivery.manifestCode },
  { header: '采购单号', key: 'order', width: 20, value: (m) => m.delivery.purchaseOrderCode },
  { header: '证明材料', key: 'certificates', width: 30, value: (m) => m.delivery.certificates.map((c) => c.name).join('、') || null },
  { header: '更正记录', key: 'corrections', width: 30, value: (m) => m.delivery.corrections.map((c) => `${CORRECTION_NAMES[c.field] ?? c.field}：${c.oldValue ?? '—'} → ${c.newValue}（${c.reason}）`).join('；') || null },
  {
    header: '备注',
    key: 'note',
    width: 22,
    value: (m) => [m.note, m.delivery.expiryDate ? '' : '无保质期', m.batch && !m.batch.booked ? '尚未入库（在库按验收数量）' : ''].filter(Boolean).join('；') || null,
  },
];

interface LedgerRow {
  ledger: CanteenLedger;
  movement: TTraceStockMovement;
}

/** The canteen a ledger row or a meal belongs to, first on both sheets. */
const CANTEEN_COLUMNS: Column<{ ledger: CanteenLedger }>[] = [
  { header: '食堂', width: 28, value: (r) => `${r.ledger.canteen.school.name} ${r.ledger.canteen.name}` },
  { header: '区县', width: 12, value: (r) => r.ledger.canteen.county.name },
];

const LEDGER_COLUMNS: Column<LedgerRow>[] = [
  ...CANTEEN_COLUMNS,
  { header: '台账序号', width: 9, value: (r) => r.movement.seq },
  { header: '业务日期', width: 12, numFmt: 'yyyy-mm-dd', value: (r) => asDate(r.movement.occurredOn) },
  { header: '类型', width: 10, value: (r) => KIND_NAMES[r.movement.kind] },
  { header: '餐次', width: 7, value: (r) => (r.movement.meal ? MEAL_NAMES[r.movement.meal] : null) },
  { header: '追溯批次号', width: 18, value: (r) => r.ledger.batches.get(r.movement.batchId)?.lotCode ?? null },
  { header: '食材', width: 14, value: (r) => r.ledger.batches.get(r.movement.batchId)?.ingredient ?? null },
  { header: '数量', width: 11, numFmt: '0.###', value: (r) => Number(r.movement.quantity) },
  { header: '单位', width: 7, value: (r) => label(UNIT_NAMES, r.movement.unit) },
  { header: '原因', width: 28, value: (r) => r.movement.reason },
  { header: '冲正关系', width: 16, value: (r) => reversalLink(r) },
];

function reversalLink({ ledger, movement }: LedgerRow): string | null {
  if (movement.reversesId) {
    const original = ledger.movements.find((m) => m.id === movement.reversesId);
    return original ? `冲正第 ${original.seq} 笔` : '冲正（原记录在追溯日之前）';
  }
  const reversal = ledger.movements.find((m) => m.reversesId === movement.id);
  return reversal ? `已被第 ${reversal.seq} 笔冲正` : null;
}

interface MealRow {
  ledger: CanteenLedger;
  meal: TTraceMeal;
}

const MEAL_COLUMNS: Column<MealRow>[] = [
  ...CANTEEN_COLUMNS,
  { header: '日期', width: 12, numFmt: 'yyyy-mm-dd', value: (r) => asDate(r.meal.day) },
  { header: '餐次', width: 7, value: (r) => MEAL_NAMES[r.meal.meal] },
  { header: '菜品', width: 36, value: (r) => r.meal.dishes.join('；') || null },
  { header: '就餐人数', width: 9, value: (r) => r.meal.servedTotal },
  {
    header: '所用批次',
    width: 36,
    value: (r) =>
      r.meal.batchIds
        .map((id) => r.ledger.batches.get(id))
        .flatMap((b) => (b ? [`${b.ingredient} ${b.lotCode}`] : []))
        .join('、'),
  },
];

type Column<T> = { header: string; key?: string; width: number; numFmt?: string; value: (row: T) => ExcelJS.CellValue };

/** One sheet of rows under a bold, frozen, filterable header. */
function addTable<T>(book: ExcelJS.Workbook, name: string, columns: Column<T>[], rows: T[]): void {
  const sheet = book.addWorksheet(name, { views: [{ state: 'frozen', ySplit: 1 }] });
  sheet.columns = columns.map((c) => ({ header: c.header, key: c.key, width: c.width, ...(c.numFmt ? { style: { numFmt: c.numFmt } } : {}) }));
  for (const row of rows) sheet.addRow(columns.map((c) => c.value(row)));
  sheet.getRow(1).font = { bold: true };
  sheet.autoFilter = { from: { row: 1, column: 1 }, to: { row: Math.max(1, rows.length + 1), column: columns.length } };
}

/** A day as an Excel date: exceljs writes a Date's UTC calendar day. */
export const asDate = (day: string) => new Date(`${day}T00:00:00Z`);
/** An instant as the wall-clock time in Asia/Shanghai (UTC+8, no daylight saving). */
export const asShanghaiTime = (iso: string) => new Date(new Date(iso).getTime() + SHANGHAI_OFFSET_MS);

async function workbook(title: string, about: [string, string][], movements: Movement[], suppliers: TTraceSupplier[], ledgers: CanteenLedger[]): Promise<Buffer> {
  const book = new ExcelJS.Workbook();
  book.creator = '互联网+明厨亮灶 食材溯源';
  book.created = new Date();

  addTable(book, '追溯记录', COLUMNS, movements);
  addTable(
    book,
    '台账流水',
    LEDGER_COLUMNS,
    ledgers.flatMap((ledger) => ledger.movements.map((movement) => ({ ledger, movement }))),
  );
  addTable(
    book,
    '供餐餐次',
    MEAL_COLUMNS,
    ledgers.flatMap((ledger) => ledger.meals.map((meal) => ({ ledger, meal }))),
  );

  const licences = book.addWorksheet('供应商资质', { views: [{ state: 'frozen', ySplit: 1 }] });
  licences.columns = [
    { header: '供应商', key: 'supplier', width: 28 },
    { header: '统一社会信用代码', key: 'creditCode', width: 21 },
    { header: '失信名单', key: 'blacklist', width: 24 },
    { header: '证照', key: 'kind', width: 16 },
    { header: '编号', key: 'number', width: 24 },
    { header: '有效期至', key: 'expiresOn', width: 12, style: { numFmt: 'yyyy-mm-dd' } },
    { header: '状态', key: 'valid', width: 8 },
    { header: '文件', key: 'file', width: 28 },
  ];
  for (const supplier of suppliers) {
    const blacklist = supplier.blacklisted ? `已列入：${supplier.blacklistReason ?? ''}` : '否';
    if (supplier.documents.length === 0) licences.addRow([supplier.name, supplier.creditCode, blacklist, '（未上传）']);
    for (const doc of supplier.documents) {
      licences.addRow([
        supplier.name,
        supplier.creditCode,
        blacklist,
        label(DOCUMENT_NAMES, doc.kind),
        doc.number,
        doc.expiresOn ? asDate(doc.expiresOn) : '长期',
        doc.valid ? '有效' : '已过期',
        doc.file?.name ?? null,
      ]);
    }
  }
  licences.getRow(1).font = { bold: true };
  licences.autoFilter = { from: { row: 1, column: 1 }, to: { row: Math.max(1, licences.rowCount), column: 8 } };

  const info = book.addWorksheet('说明');
  info.columns = [{ width: 16 }, { width: 60 }];
  info.addRow([title]).font = { bold: true, size: 14 };
  for (const row of about) info.addRow(row);
  info.addRow(['记录数', movements.length]);
  info.addRow([
    '说明',
    '“追溯记录”每行为一次收货验收（供应商送达食堂），“当前在库”为出入库台账的结存；“台账流水”为这些批次在食堂台账中的出入库记录；“供餐餐次”为其出库所供的餐次、菜品与就餐人数（已冲正的出库不计）。留样记录在相应功能上线后加入。',
  ]);

  return Buffer.from(await book.xlsx.writeBuffer());
}

export function forwardWorkbook(trace: TForwardTrace, generatedAt: string): Promise<Buffer> {
  const { lot } = trace;
  const movements = trace.canteens.flatMap((c) =>
    c.deliveries.map((delivery) => ({
      event: '收货验收',
      note: '',
      lotCode: lot.lotCode,
      ingredient: lot.ingredient ?? { id: '', code: '', name: '', category: '', unit: delivery.unit },
      canteen: c.canteen,
      supplier: lot.supplier,
      farmBase: delivery.farmBase,
      delivery,
      batch: delivery.batch,
    })),
  );
  const ingredient = lot.ingredient?.name ?? '';
  const ledgers = trace.canteens.map((c) => ({
    canteen: c.canteen,
    movements: c.stockMovements,
    meals: c.meals,
    batches: new Map(c.deliveries.flatMap((d) => (d.batch ? [[d.batch.id, { lotCode: d.lotCode, ingredient }] as const] : []))),
  }));
  return workbook(
    '正向追溯（批次 → 食堂）',
    [
      ['供应商', `${lot.supplier.name}（${lot.supplier.creditCode}）`],
      ['追溯批次号', lot.lotCode],
      ['食材', lot.ingredient?.name ?? '—'],
      ['涉及食堂', String(trace.totals.canteens)],
      ['生成时间', generatedAt],
      ['范围', '仅含您管辖范围内的食堂'],
    ],
    movements,
    [lot.supplier],
    ledgers,
  );
}

export function backwardWorkbook(trace: TBackwardTrace, generatedAt: string): Promise<Buffer> {
  const suppliers = new Map(trace.suppliers.map((s) => [s.id, s]));
  const movements = trace.rows.map((row) => ({
    event: '收货验收',
    note: row.relation === 'received' ? '追溯日当天收货' : '追溯日在库（此前收货）',
    lotCode: row.delivery.lotCode,
    ingredient: row.ingredient,
    canteen: trace.canteen,
    supplier: suppliers.get(row.supplierId) ?? { name: '—', creditCode: '' },
    farmBase: row.farmBase,
    delivery: row.delivery,
    batch: row.batch,
  }));
  const ledger = {
    canteen: trace.canteen,
    movements: trace.rows.flatMap((row) => row.stockMovements).sort((a, b) => a.seq - b.seq),
    meals: trace.meals,
    batches: new Map(trace.rows.map((row) => [row.batch.id, { lotCode: row.delivery.lotCode, ingredient: row.ingredient.name }])),
  };
  return workbook(
    '反向追溯（食堂 → 来源）',
    [
      ['食堂', `${trace.canteen.school.name} ${trace.canteen.name}（${trace.canteen.county.name}）`],
      ['追溯日期', trace.date],
      ['台账与餐次', '追溯日当天'],
      ['生成时间', generatedAt],
    ],
    movements,
    trace.suppliers,
    [ledger],
  );
}

/** A name safe on every file system: no path separators, reserved or control characters. */
export function safeFileName(name: string): string {
  // eslint-disable-next-line no-control-regex
  return name.replace(/[\\/:*?"<>|\u0000-\u001f\u007f]+/g, '_').slice(0, 150);
}
