import { FOOD_GROUPS, type FoodGroup, type MovementKind, type TLedgerReport, type TMealCosts, normaliseDecimal } from '@canteen/shared';
import type { MealCostRow, ReportCanteenRow, ReportCellRow } from './ledger-reports.repository';

type ReportRow = TLedgerReport['rows'][number];
type QuantityValue = ReportRow['opening'];
type Figure = Exclude<keyof ReportRow, 'ingredient' | 'unit'>;

const FIGURE_OF: Record<'opening' | MovementKind, Figure> = {
  opening: 'opening',
  stock_in: 'stockIn',
  stock_out: 'stockOut',
  return: 'returned',
  write_off: 'writtenOff',
  adjustment: 'adjusted',
  reversal: 'reversed',
};
const PERIOD_FIGURES: Figure[] = ['stockIn', 'stockOut', 'returned', 'writtenOff', 'adjusted', 'reversed'];

const zero = (): QuantityValue => ({ quantity: '0', valueFen: 0 });
const figure = (cell: ReportCellRow): QuantityValue => ({ quantity: normaliseDecimal(cell.quantity), valueFen: Number(cell.value_fen) });
const categoryRank = (category: string) => FOOD_GROUPS.indexOf(category as FoodGroup);

/**
 * Pivots the summed cells into one row per ingredient and unit. An ingredient with nothing on hand
 * at the start and no movement in the period is left out.
 */
export function toLedgerReport(
  canteen: Pick<ReportCanteenRow, 'id' | 'name'>,
  from: string,
  to: string,
  cells: ReportCellRow[],
): TLedgerReport {
  const rows = new Map<string, ReportRow>();
  for (const cell of cells) {
    const key = `${cell.ingredient_id}|${cell.unit}`;
    let row = rows.get(key);
    if (!row) {
      row = {
        ingredient: { id: cell.ingredient_id, code: cell.ingredient_code, name: cell.ingredient_name, category: cell.category as FoodGroup },
        unit: cell.unit,
        opening: zero(),
        stockIn: zero(),
        stockOut: zero(),
        returned: zero(),
        writtenOff: zero(),
        adjusted: zero(),
        reversed: zero(),
        closing: zero(),
      };
      rows.set(key, row);
    }
    row[cell.bucket === null ? 'closing' : FIGURE_OF[cell.bucket]] = figure(cell);
  }
  const moved = (row: ReportRow) => PERIOD_FIGURES.some((name) => row[name].quantity !== '0' || row[name].valueFen !== 0);
  const shown = [...rows.values()]
    .filter((row) => moved(row) || row.opening.quantity !== '0' || row.opening.valueFen !== 0)
    .sort(
      (a, b) =>
        categoryRank(a.ingredient.category) - categoryRank(b.ingredient.category) ||
        a.ingredient.code.localeCompare(b.ingredient.code) ||
        a.unit.localeCompare(b.unit),
    );
  const total = (name: Figure) => shown.reduce((sum, row) => sum + row[name].valueFen, 0);
  return {
    canteen: { id: canteen.id, name: canteen.name },
    from,
    to,
    rows: shown,
    totals: { openingFen: total('opening'), stockInFen: total('stockIn'), stockOutFen: total('stockOut'), closingFen: total('closing') },
  };
}

export function toMealCosts(canteen: Pick<ReportCanteenRow, 'id' | 'name'>, from: string, to: string, rows: MealCostRow[]): TMealCosts {
  const meals = rows.map((row) => ({
    day: row.day,
    meal: row.meal,
    costFen: Number(row.cost_fen),
    headcount: row.headcount,
    perStudentFen: row.per_student_fen === null ? null : Number(row.per_student_fen),
  }));
  return { canteen: { id: canteen.id, name: canteen.name }, from, to, meals, totalFen: meals.reduce((sum, meal) => sum + meal.costFen, 0) };
}
