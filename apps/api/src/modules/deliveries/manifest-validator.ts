import { Injectable } from '@nestjs/common';
import {
  DELIVERY_DATE_WINDOW,
  NO_SHELF_LIFE_EXPIRY,
  type TManifestHeader,
  type TManifestLineInput,
  addDays,
  decimalPlaces,
  forbiddenReason,
  pickLanguage,
  shanghaiDay,
} from '@canteen/shared';
import { AppError } from '@/common/http/app-error';
import type { Tx } from '@/common/prisma/prisma.service';
import type { SupplierScope } from '@/common/tenancy/scope';
import { SupplyRules } from '@/modules/suppliers/supply-rules';
import { type ManifestContentLine, resolveExpiry } from './delivery-rules';
import { DeliveriesRepository, type IngredientRow } from './deliveries.repository';

/** A problem found in a manifest: on the header (no index) or on the line at `index`, in `field`. */
export interface ManifestProblem {
  index?: number;
  field: string;
  zh: string;
  en: string;
}

/**
 * A line to check: whole when it passed the shared line contract; otherwise the fields of it that
 * did, `refused` naming the others (already reported), so that its remaining problems are found too.
 */
export type LineToCheck =
  | { complete: true; line: TManifestLineInput }
  | { complete: false; line: Partial<TManifestLineInput>; refused: ReadonlySet<string> };

const NONE: ReadonlySet<string> = new Set();

/** A line as it will be stored (its expiry NO_SHELF_LIFE_EXPIRY without a shelf life), with its catalogue row. */
export interface ValidatedLine extends Omit<ManifestContentLine, 'ingredientId'> {
  index: number;
  ingredient: IngredientRow;
  missingQuarantineCertificate: boolean;
}

export interface ValidatedManifest {
  canteen: { id: string; name: string; path: string };
  contractId: string;
  purchaseOrderId: string | null;
  deliveryDate: string;
  note: string | null;
  lines: ValidatedLine[];
}

/** A line whose ingredient is known, for the contract check. */
interface ResolvedLine {
  index: number;
  category: string;
  field: string;
}

/** Dates further than this from the delivery are typing errors (a shelf life is at most 3650 days). */
const PLAUSIBLE_DAYS = 3660;

const unique = <T>(values: T[]) => [...new Set(values)];

/**
 * The one validation of a delivery manifest, whichever way it arrives (form, file, API). A manifest
 * with an incomplete line is never valid, but that line's other problems are still reported.
 * Reads run in the caller's transaction, so what is checked is what gets stored.
 */
@Injectable()
export class ManifestValidator {
  constructor(
    private readonly repository: DeliveriesRepository,
    private readonly rules: SupplyRules,
  ) {}

  async validate(
    tx: Tx,
    scope: SupplierScope,
    header: TManifestHeader,
    lines: LineToCheck[],
  ): Promise<{ manifest: ValidatedManifest | null; problems: ManifestProblem[]; uncontracted: string[] }> {
    // A blacklisted supplier is refused whole, whatever its manifest holds, so the attempt is always announced.
    await this.rules.assertMaySupply(tx, scope.supplierId);
    const problems: ManifestProblem[] = [];
    const present = lines.map((entry, index) => ({ ...entry, index }));

    const today = shanghaiDay();
    const earliest = addDays(today, -DELIVERY_DATE_WINDOW.daysBack);
    const latest = addDays(today, DELIVERY_DATE_WINDOW.daysAhead);
    if (header.deliveryDate < earliest || header.deliveryDate > latest) {
      problems.push({
        field: 'deliveryDate',
        zh: `送货日期须在 ${earliest} 至 ${latest} 之间`,
        en: `The delivery date must be between ${earliest} and ${latest}`,
      });
    }
    const canteen = await this.repository.findContractedCanteen(scope, header.canteenId, tx);
    if (!canteen) {
      problems.push({ field: 'canteenId', zh: '该食堂不存在或与本供应商没有供货合同', en: 'No such canteen under contract with this supplier' });
    }
    if (header.purchaseOrderId) {
      const order = await this.repository.findSupplierOrder(scope, header.purchaseOrderId, tx);
      if (!order || order.canteenId !== header.canteenId) {
        problems.push({ field: 'purchaseOrderId', zh: '采购订单不存在，或不是该食堂向本供应商下的订单', en: 'No such purchase order from this canteen to this supplier' });
      } else if (order.status === 'cancelled') {
        problems.push({ field: 'purchaseOrderId', zh: `采购订单 ${order.code} 已取消`, en: `Purchase order ${order.code} was cancelled` });
      }
    }

    // One connection serves the transaction: its queries run one after another.
    const ingredients = await this.repository.findIngredients(
      unique(present.flatMap(({ line }) => (line.ingredientCode ? [line.ingredientCode] : []))),
      unique(present.flatMap(({ line }) => (line.ingredientName ? [line.ingredientName] : []))),
      tx,
    );
    const farmBases = await this.repository.findFarmBases(
      scope,
      unique(present.flatMap(({ line }) => (line.farmBaseId ? [line.farmBaseId] : []))),
      unique(present.flatMap(({ line }) => (line.farmBaseName ? [line.farmBaseName] : []))),
      tx,
    );
    const files = await this.repository.findSupplierFiles(scope, unique(present.flatMap(({ line }) => line.certificateIds ?? [])), tx);
    const lots = await this.repository.findLots(scope, unique(present.flatMap(({ line }) => (line.lotCode ? [line.lotCode] : []))), tx);
    const byCode = new Map(ingredients.map((row) => [row.code, row]));
    const byName = new Map(ingredients.map((row) => [row.name, row]));
    const farmById = new Map(farmBases.map((row) => [row.id, row]));
    const farmByName = new Map(farmBases.map((row) => [row.name, row]));
    const ownFiles = new Set(files.map((file) => file.id));
    const lotOwners = new Map(lots.map((lot) => [lot.lotCode, lot.ingredientId]));
    const lotNames = new Map(
      (await this.repository.findIngredientsByIds(unique(lots.map((lot) => lot.ingredientId)), tx)).map((row) => [row.id, row.name]),
    );

    const validated: ValidatedLine[] = [];
    const resolved: ResolvedLine[] = [];
    const lotsInManifest = new Map<string, string>();
    for (const entry of present) {
      const { line, index } = entry;
      const refused = entry.complete ? NONE : entry.refused;
      const before = problems.length;
      const add = (field: string, zh: string, en: string) => problems.push({ index, field, zh, en });
      const ingredientField = line.ingredientCode ? 'ingredientCode' : 'ingredientName';
      const ingredient = line.ingredientCode || line.ingredientName ? this.resolveIngredient(line, byCode, byName, (zh, en) => add(ingredientField, zh, en)) : undefined;
      if (ingredient) {
        resolved.push({ index, category: ingredient.category, field: ingredientField });
        if (line.unit !== undefined && line.unit !== ingredient.unit) {
          add('unit', `单位应为 ${ingredient.unit}（食材目录中「${ingredient.name}」的计量单位）`, `The unit must be ${ingredient.unit}, the catalogue unit of this ingredient`);
        }
        if (line.quantity !== undefined && decimalPlaces(line.quantity) > ingredient.unitDecimals) {
          add(
            'quantity',
            ingredient.unitDecimals === 0 ? `「${ingredient.name}」的数量须为整数` : `「${ingredient.name}」的数量最多 ${ingredient.unitDecimals} 位小数`,
            ingredient.unitDecimals === 0 ? 'The quantity must be a whole number' : `The quantity has at most ${ingredient.unitDecimals} decimals`,
          );
        }
      }
      const { productionDate } = line;
      // A refused date leaves the expiry unknown rather than missing.
      const datesRead = productionDate !== undefined && !refused.has('shelfLifeDays') && !refused.has('expiryDate');
      const expiry = ingredient && datesRead ? resolveExpiry({ ...line, productionDate }, ingredient.shelfLifeDays) : line.expiryDate;
      if (ingredient && datesRead && expiry === undefined) {
        add('expiryDate', '请填写到期日期或保质期（天）', 'Give the expiry date or the shelf life in days');
      }
      if (productionDate && productionDate < addDays(header.deliveryDate, -PLAUSIBLE_DAYS)) {
        add('productionDate', '生产日期早于送货日期十年以上，请核对', 'The production date is more than ten years before the delivery; check it');
      }
      if (expiry && expiry !== NO_SHELF_LIFE_EXPIRY && expiry > addDays(header.deliveryDate, PLAUSIBLE_DAYS)) {
        add('expiryDate', '到期日期晚于送货日期十年以上，请核对', 'The expiry date is more than ten years after the delivery; check it');
      }
      if (productionDate && productionDate > header.deliveryDate) {
        add('productionDate', `生产日期晚于送货日期 ${header.deliveryDate}`, `The production date is after the delivery date ${header.deliveryDate}`);
      }
      if (expiry && productionDate && expiry !== NO_SHELF_LIFE_EXPIRY && expiry < header.deliveryDate && expiry >= productionDate) {
        add('expiryDate', `到货时已过期（到期日期 ${expiry} 早于送货日期 ${header.deliveryDate}）`, `Expired on delivery (${expiry} is before ${header.deliveryDate})`);
      }
      let farmBaseId: string | null = null;
      if (line.farmBaseId || line.farmBaseName) {
        const base = line.farmBaseId ? farmById.get(line.farmBaseId) : farmByName.get(line.farmBaseName!);
        if (base) farmBaseId = base.id;
        else {
          add(line.farmBaseId ? 'farmBaseId' : 'farmBaseName', `产地基地「${line.farmBaseName ?? line.farmBaseId}」不是本供应商登记的基地`, 'The farm base is not registered to this supplier');
        }
      }
      line.certificateIds?.forEach((id, k) => {
        if (!ownFiles.has(id)) add(`certificateIds.${k}`, `证书文件 ${id} 不存在或不是本供应商上传的`, `Certificate file ${id} does not exist or was not uploaded by this supplier`);
      });
      if (ingredient && line.lotCode) {
        const owner = lotOwners.get(line.lotCode);
        if (owner && owner !== ingredient.id) {
          add('lotCode', `批次号 ${line.lotCode} 已用于其他食材（${lotNames.get(owner) ?? owner}），同一批次号只能对应一种食材`, `Lot ${line.lotCode} was already used for another ingredient; a lot code names one product`);
        } else if ((lotsInManifest.get(line.lotCode) ?? ingredient.id) !== ingredient.id) {
          add('lotCode', `批次号 ${line.lotCode} 在本送货单中用于了不同食材`, `Lot ${line.lotCode} is used for different ingredients in this manifest`);
        } else lotsInManifest.set(line.lotCode, ingredient.id);
      }
      if (entry.complete && ingredient && expiry && problems.length === before) {
        const whole = entry.line;
        validated.push({
          index,
          ingredient,
          lotCode: whole.lotCode,
          productionDate: whole.productionDate,
          expiryDate: expiry,
          quantity: whole.quantity,
          unit: whole.unit,
          unitPriceFen: whole.unitPriceFen,
          farmBaseId,
          certificateIds: unique(whole.certificateIds),
          note: whole.note ?? null,
          missingQuarantineCertificate: ingredient.quarantineRequired && whole.certificateIds.length === 0,
        });
      }
    }

    const { contracts, uncontracted } = await this.contractsByCategory(tx, scope, header, canteen !== null, resolved, problems);
    problems.sort((a, b) => (a.index ?? -1) - (b.index ?? -1));
    if (problems.length > 0 || !canteen || validated.length !== lines.length) return { manifest: null, problems, uncontracted };
    return {
      manifest: {
        canteen,
        contractId: contracts.get(validated[0]!.ingredient.category)!,
        purchaseOrderId: header.purchaseOrderId ?? null,
        deliveryDate: header.deliveryDate,
        note: header.note ?? null,
        lines: validated,
      },
      problems,
      uncontracted,
    };
  }

  private resolveIngredient(
    line: Pick<TManifestLineInput, 'ingredientCode' | 'ingredientName'>,
    byCode: Map<string, IngredientRow>,
    byName: Map<string, IngredientRow>,
    add: (zh: string, en: string) => void,
  ): IngredientRow | undefined {
    const named = line.ingredientCode ? byCode.get(line.ingredientCode) : byName.get(line.ingredientName!);
    if (!named) {
      const given = line.ingredientCode ?? line.ingredientName!;
      const reason = forbiddenReason(line.ingredientName ?? given);
      if (reason) add(`「${line.ingredientName ?? given}」禁止在学校食堂使用：${pickLanguage(reason, 'zh')}`, `Forbidden in school canteens: ${pickLanguage(reason, 'en')}`);
      else add(`未知食材「${given}」，请按食材目录填写编码或名称`, `Unknown ingredient "${given}"; use a code or name from the catalogue`);
      return undefined;
    }
    if (line.ingredientCode && line.ingredientName && named.name !== line.ingredientName) {
      add(`食材编码 ${named.code} 对应「${named.name}」，与名称「${line.ingredientName}」不符`, `Code ${named.code} is not the ingredient named "${line.ingredientName}"`);
      return undefined;
    }
    const reason = forbiddenReason(named.name);
    if (reason) {
      add(`「${named.name}」禁止在学校食堂使用：${pickLanguage(reason, 'zh')}`, `Forbidden in school canteens: ${pickLanguage(reason, 'en')}`);
      return undefined;
    }
    return named;
  }

  /**
   * The supply rules (not blacklisted, under a contract for each food group on the delivery day).
   * A blacklisted supplier is refused whole; a food group without a contract marks its lines and
   * is returned in `uncontracted` (every group, when the canteen has no contract with the supplier).
   */
  private async contractsByCategory(
    tx: Tx,
    scope: SupplierScope,
    header: TManifestHeader,
    canteenKnown: boolean,
    lines: ResolvedLine[],
    problems: ManifestProblem[],
  ): Promise<{ contracts: Map<string, string>; uncontracted: string[] }> {
    const contracts = new Map<string, string>();
    const uncontracted: string[] = [];
    for (const category of unique(lines.map((line) => line.category))) {
      try {
        contracts.set(category, (await this.rules.findActiveContract(tx, scope.supplierId, header.canteenId, header.deliveryDate, category)).id);
      } catch (error) {
        if (!(error instanceof AppError) || error.code !== 'NO_ACTIVE_CONTRACT') throw error;
        uncontracted.push(category);
        if (!canteenKnown) continue;
        for (const line of lines.filter((l) => l.category === category)) {
          problems.push({ index: line.index, field: line.field, zh: error.zh, en: error.en });
        }
      }
    }
    return { contracts, uncontracted };
  }
}
