import type { Role, TStockMovement } from '@canteen/shared';
import type { AuditWriter } from '@/common/audit/audit.writer';
import { AppError } from '@/common/http/app-error';
import type { OutboxWriter } from '@/common/outbox/outbox.writer';
import type { Actor } from '@/common/tenancy/actor';
import type { MovementsRepository } from './movements.repository';
import type { MovementDraft, MovementsService } from './movements.service';
import type {
  LockedStocktake,
  PostingLineRow,
  StocktakesRepository,
} from './stocktakes.repository';
import { StocktakesService } from './stocktakes.service';

const SCHOOL_PATH = '/p/c/k/s/';
const CANTEEN_PATH = `${SCHOOL_PATH}canteen-1/`;

function actor(role: Role): Actor {
  return {
    userId: 'user-1',
    username: 'manager',
    displayName: '王店长',
    role,
    permissions: [],
    mustChangePassword: false,
    orgUnit: { id: 's', name: '学校', level: 'school', path: SCHOOL_PATH },
    supplier: null,
    sessionId: 's',
    ip: '127.0.0.1',
    requestId: 'r',
  };
}

function line(overrides: Partial<PostingLineRow>): PostingLineRow {
  return {
    id: 'line-1',
    batch_id: 'batch-1',
    ingredient_id: 'ing-1',
    ingredient_name: '猪肉',
    lot_code: 'LOT-1',
    book_quantity: '10.000',
    counted_quantity: '10.000',
    reason: null,
    balance: '10.000',
    variance: '0.000',
    ...overrides,
  };
}

function setup(lines: PostingLineRow[], status: LockedStocktake['status'] = 'open') {
  const tx = { marker: 'tx' };
  const emitted: { type: string; payload: unknown }[] = [];
  const books: { lineId: string; book: string }[][] = [];
  const drafts: MovementDraft[][] = [];
  const closed: unknown[] = [];
  const repository = {
    prisma: { $transaction: (work: (t: unknown) => Promise<unknown>) => work(tx) },
    lock: async () => ({
      id: 'st-1',
      status,
      canteen_id: 'canteen-1',
      canteen_name: '学生食堂',
      canteen_path: CANTEEN_PATH,
    }),
    postingLines: async () => lines,
    setBookQuantities: async (
      _tx: unknown,
      _scope: unknown,
      _id: string,
      rows: { lineId: string; book: string }[],
    ) => void books.push(rows),
    close: async (_tx: unknown, _scope: unknown, _id: string, change: unknown) =>
      void closed.push(change),
    find: async () => ({
      id: 'st-1',
      countedOn: new Date('2026-11-20T00:00:00Z'),
      status: 'posted',
      note: null,
      createdById: 'user-1',
      createdAt: new Date('2026-11-20T01:00:00Z'),
      postedById: 'user-1',
      postedAt: new Date('2026-11-20T02:00:00Z'),
      canteen: { id: 'canteen-1', name: '学生食堂', path: CANTEEN_PATH },
    }),
    lines: async () => [],
  } as unknown as StocktakesRepository;
  const movements = {
    findUserNames: async () => [{ id: 'user-1', displayName: '王店长' }],
  } as unknown as MovementsRepository;
  const booking = {
    lockDay: async () => undefined,
    book: async (
      _tx: unknown,
      _actor: Actor,
      _scope: unknown,
      _canteen: unknown,
      rows: MovementDraft[],
    ) => {
      drafts.push(rows);
      return rows.map(
        (row, i) =>
          ({
            id: `mv-${i}`,
            seq: 10 + i,
            batch: { id: row.batchId },
            quantity: row.quantity,
            costFen: Math.round(Number(row.quantity) * 2000),
            reason: row.reason,
            hash: 'h',
          }) as unknown as TStockMovement,
      );
    },
  } as unknown as MovementsService;
  const audit = { record: async () => undefined } as unknown as AuditWriter;
  const outbox = {
    emit: async (_tx: unknown, type: string, payload: unknown) =>
      void emitted.push({ type, payload }),
  } as unknown as OutboxWriter;
  const service = new StocktakesService(repository, movements, booking, audit, outbox);
  return { service, emitted, books, drafts, closed };
}

async function postError(service: StocktakesService): Promise<AppError> {
  try {
    await service.post(actor('canteen_manager'), 'st-1');
  } catch (error) {
    return error as AppError;
  }
  throw new Error('posting did not fail');
}

describe('StocktakesService.post', () => {
  it('needs stocktake:post', async () => {
    const { service } = setup([line({})]);
    await expect(service.post(actor('canteen_staff'), 'st-1')).rejects.toMatchObject({
      status: 403,
    });
  });

  it('refuses a sheet that is not open', async () => {
    const { service, drafts } = setup([line({})], 'posted');
    expect((await postError(service)).getStatus()).toBe(409);
    expect(drafts).toHaveLength(0);
  });

  it('names every uncounted line and books nothing', async () => {
    const { service, drafts, closed } = setup([
      line({ id: 'a', counted_quantity: null, variance: null }),
      line({
        id: 'b',
        ingredient_name: '白菜',
        lot_code: 'C-9',
        counted_quantity: null,
        variance: null,
      }),
      line({ id: 'c' }),
    ]);
    const error = await postError(service);
    expect(error).toBeInstanceOf(AppError);
    expect(error.code).toBe('STOCKTAKE_UNCOUNTED');
    expect(error.zh).toContain('「白菜」批次 C-9');
    expect(error.issues?.map((issue) => issue.path)).toEqual(['lines.0', 'lines.1']);
    expect(drafts).toHaveLength(0);
    expect(closed).toHaveLength(0);
  });

  it('asks a reason for a variance, not for a line that matches', async () => {
    const { service, drafts } = setup([
      line({ id: 'a' }),
      line({ id: 'b', counted_quantity: '9.000', variance: '-1.000' }),
    ]);
    const error = await postError(service);
    expect(error.code).toBe('STOCKTAKE_REASON_REQUIRED');
    expect(error.issues?.map((issue) => issue.path)).toEqual(['lines.1']);
    expect(drafts).toHaveLength(0);
  });

  it('books each variance against the balance now, refreshes book quantities, and reports every line with a variance for the rule to judge', async () => {
    const { service, drafts, books, emitted, closed } = setup([
      line({ id: 'same', batch_id: 'b-same' }),
      line({
        id: 'moved',
        batch_id: 'b-moved',
        book_quantity: '20.000',
        balance: '18.000',
        counted_quantity: '20.000',
        variance: '2.000',
        reason: '补记',
      }),
      line({
        id: 'small',
        batch_id: 'b-small',
        counted_quantity: '9.500',
        variance: '-0.500',
        reason: '损耗',
      }),
      line({
        id: 'found',
        batch_id: 'b-found',
        book_quantity: '1.000',
        balance: '0.000',
        counted_quantity: '0.250',
        variance: '0.250',
        reason: '找到',
      }),
    ]);
    const posted = await service.post(actor('canteen_manager'), 'st-1');
    expect(posted).toMatchObject({ status: 'posted', postedBy: { id: 'user-1', name: '王店长' } });
    expect(drafts[0]!.map((d) => [d.kind, d.batchId, d.quantity, d.stocktakeId, d.reason])).toEqual(
      [
        ['adjustment', 'b-moved', '2', 'st-1', '补记'],
        ['adjustment', 'b-small', '-0.5', 'st-1', '损耗'],
        ['adjustment', 'b-found', '0.25', 'st-1', '找到'],
      ],
    );
    expect(new Set(drafts[0]!.map((d) => d.groupId)).size).toBe(1);
    expect(books).toEqual([
      [
        { lineId: 'moved', book: '18.000' },
        { lineId: 'found', book: '0.000' },
      ],
    ]);
    expect(emitted).toEqual([
      {
        type: 'ledger.stocktake-variance',
        payload: {
          stocktakeId: 'st-1',
          canteenId: 'canteen-1',
          lines: [
            {
              batchId: 'b-moved',
              ingredientId: 'ing-1',
              book: '18',
              counted: '20',
              variance: '2',
              share: 0.1111,
              varianceFen: 4000,
            },
            {
              batchId: 'b-small',
              ingredientId: 'ing-1',
              book: '10',
              counted: '9.5',
              variance: '-0.5',
              share: 0.05,
              varianceFen: -1000,
            },
            {
              batchId: 'b-found',
              ingredientId: 'ing-1',
              book: '0',
              counted: '0.25',
              variance: '0.25',
              share: null,
              varianceFen: 500,
            },
          ],
        },
      },
    ]);
    expect(closed).toEqual([{ status: 'posted', postedById: 'user-1' }]);
  });

  it('closes a sheet without variances without booking or reporting anything', async () => {
    const { service, drafts, emitted, closed } = setup([line({})]);
    await service.post(actor('canteen_manager'), 'st-1');
    expect(drafts).toEqual([]);
    expect(emitted).toEqual([]);
    expect(closed).toHaveLength(1);
  });
});
