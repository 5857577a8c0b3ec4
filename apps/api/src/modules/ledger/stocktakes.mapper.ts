import { NO_SHELF_LIFE_EXPIRY, type StocktakeStatus, type TStocktake, normaliseDecimal } from '@canteen/shared';
import { toDay } from '@/modules/deliveries/delivery-rules';
import type { StocktakeLineRow, StocktakeRow } from './stocktakes.repository';

const person = (id: string, users: Map<string, string>) => ({ id, name: users.get(id) ?? '—' });
const decimalOrNull = (text: string | null) => (text === null ? null : normaliseDecimal(text));

export function toStocktake(row: StocktakeRow, lines: StocktakeLineRow[], users: Map<string, string>): TStocktake {
  return {
    id: row.id,
    canteen: { id: row.canteen.id, name: row.canteen.name },
    countedOn: toDay(row.countedOn),
    status: row.status as StocktakeStatus,
    note: row.note,
    createdBy: person(row.createdById, users),
    createdAt: row.createdAt.toISOString(),
    postedBy: row.postedById ? person(row.postedById, users) : null,
    postedAt: row.postedAt?.toISOString() ?? null,
    lines: lines.map((line) => ({
      id: line.id,
      batch: { id: line.batch_id, lotCode: line.lot_code, expiryDate: line.expiry_date === NO_SHELF_LIFE_EXPIRY ? null : line.expiry_date },
      ingredient: { id: line.ingredient_id, name: line.ingredient_name, unit: line.unit, unitDecimals: line.unit_decimals },
      bookQuantity: normaliseDecimal(line.book_quantity),
      countedQuantity: decimalOrNull(line.counted_quantity),
      variance: decimalOrNull(line.variance),
      varianceFen: line.variance_fen,
      reason: line.reason,
    })),
  };
}
