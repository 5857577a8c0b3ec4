import { Inject, Injectable } from '@nestjs/common';
import {
  AGE_BANDS,
  type AgeBand,
  type FoodGroup,
  type IngredientUnit,
  type TAssessMeal,
  type TAssessNutrition,
  type TFood,
  type TFoodImportResult,
  type TFoodQuery,
  type TIngredientNutrition,
  type TIngredientNutritionQuery,
  type TLinkIngredientFood,
  type TNutritionAssessment,
  type TNutritionTargetsQuery,
  type TNutritionTargetsView,
  type TPage,
  type TPurchaseConversion,
  gramsPerStockUnit,
  purchaseGramsFromEdible,
} from '@canteen/shared';
import type { FastifyRequest } from 'fastify';
import { AuditWriter } from '@/common/audit/audit.writer';
import { APP_CONFIG, type AppConfig } from '@/common/config/config';
import { AppError, badRequest, notFound } from '@/common/http/app-error';
import { readUpload } from '@/common/storage/uploads';
import type { Actor } from '@/common/tenancy/actor';
import { type Scope, requireAccess } from '@/common/tenancy/scope';
import { SettingsService } from '@/modules/settings/settings.service';
import { type FoodFileResult, type FoodRow, validateFoodCsv } from './food-import.validator';
import { toFood, toIngredientNutrition, toNutrients, toVegetable } from './nutrition.mapper';
import { NutritionRepository } from './nutrition.repository';
import { type AssessMealInput, assessNutrition } from './nutrition-assessment';

type AuditWho = Parameters<AuditWriter['record']>[1];

/** The refusal of an invalid file, rows and columns named in both languages. */
export function foodFileError(result: Extract<FoodFileResult, { ok: false }>): AppError {
  return new AppError(
    400,
    result.code,
    result.zh,
    result.en,
    result.issues.map((i) => ({ path: i.column ? `rows.${i.row}.${i.column}` : `rows.${i.row}`, message: i.message, messageEn: i.messageEn })),
  );
}

/**
 * Stores a validated table and its audit entry in one transaction. The HTTP import and
 * `pnpm nutrition:import` both end here.
 */
export async function storeFoodTable(
  repository: NutritionRepository,
  audit: AuditWriter,
  who: AuditWho,
  importedBy: string,
  rows: FoodRow[],
  file: { name: string; sha256?: string },
): Promise<{ created: number; updated: number }> {
  return repository.prisma.$transaction(
    async (tx) => {
      const counts = await repository.upsertFoods(tx, rows, importedBy);
      await audit.record(tx, who, {
        action: 'import',
        entity: 'food_composition',
        entityId: file.sha256 ?? file.name,
        orgPath: null,
        after: { file: file.name, sha256: file.sha256, rows: rows.length, ...counts, codes: rows.slice(0, 50).map((r) => r.code) },
      });
      return counts;
    },
    { timeout: 120_000 },
  );
}

const ingredientNotFound = () => notFound('未找到该食材', 'Ingredient not found');

/** Nutrition: the food composition table, its import, targets per unit, and WS/T 554 assessments of meals. */
@Injectable()
export class NutritionService {
  constructor(
    private readonly repository: NutritionRepository,
    private readonly settings: SettingsService,
    private readonly audit: AuditWriter,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
  ) {}

  async listFoods(actor: Actor, query: TFoodQuery): Promise<TPage<TFood>> {
    requireAccess(actor, 'org:read');
    const { rows, total } = await this.repository.listFoods(query);
    return { items: rows.map(toFood), total, page: query.page, pageSize: query.pageSize };
  }

  async importFoods(actor: Actor, request: FastifyRequest): Promise<TFoodImportResult> {
    requireAccess(actor, 'nutrition:import');
    const upload = await readUpload(request, ['csv'], this.config.UPLOAD_MAX_BYTES).catch((error: unknown) => {
      // The upload layer reads GBK as CSV too; a GBK file is refused by name in validateFoodCsv,
      // since food names, unlike a manifest's catalogue names, are not checked against anything.
      if (error instanceof AppError && error.code === 'FILE_TYPE_NOT_ALLOWED') {
        throw new AppError(
          415,
          'FILE_TYPE_NOT_ALLOWED',
          '只接受 UTF-8 编码的 CSV 文件（.xlsx 请在 Excel 中另存为「CSV UTF-8（逗号分隔）」）',
          'Only UTF-8 CSV files are accepted (save .xlsx as "CSV UTF-8 (comma delimited)")',
        );
      }
      throw error;
    });
    const source = upload.fields.source?.trim();
    const result = validateFoodCsv(upload.data, source ? { defaultSource: source } : {});
    if (!result.ok) throw foodFileError(result);
    const counts = await storeFoodTable(this.repository, this.audit, actor, actor.username, result.rows, { name: upload.originalName, sha256: upload.sha256 });
    return { rows: result.rows.length, ...counts, skippedChecks: result.skippedChecks };
  }

  async listIngredients(actor: Actor, query: TIngredientNutritionQuery): Promise<TPage<TIngredientNutrition>> {
    requireAccess(actor, 'org:read');
    const { rows, total } = await this.repository.listIngredients(query);
    return { items: rows.map(toIngredientNutrition), total, page: query.page, pageSize: query.pageSize };
  }

  /** Links a catalogue ingredient to a food and sets its grams per stock unit (catalogue managers). */
  async linkIngredient(actor: Actor, id: string, body: TLinkIngredientFood): Promise<TIngredientNutrition> {
    requireAccess(actor, 'supplier:write');
    const before = await this.repository.findIngredient(id);
    if (!before) throw ingredientNotFound();
    if (body.foodCode !== null && !(await this.repository.findFood(body.foodCode))) {
      throw badRequest('FOOD_NOT_FOUND', `食物成分表中没有编码「${body.foodCode}」`, `No food with code ${body.foodCode} in the composition table`);
    }
    if (body.gramsPerUnit === null && gramsPerStockUnit(before.unit as IngredientUnit, null) === null) {
      throw badRequest('GRAMS_PER_UNIT_REQUIRED', `单位为「${before.unit}」的食材须填写每单位克数`, `Ingredients counted in ${before.unit} need grams per unit`);
    }
    return this.repository.prisma.$transaction(async (tx) => {
      const row = await this.repository.linkIngredient(tx, id, body);
      await this.audit.record(tx, actor, {
        action: 'update',
        entity: 'ingredient',
        entityId: id,
        orgPath: actor.orgUnit?.path ?? null,
        before: toIngredientNutrition(before),
        after: toIngredientNutrition(row),
      });
      return toIngredientNutrition(row);
    });
  }

  /** The effective targets at a unit per age band, each with the unit it was inherited from (null: the standard's default). */
  async targets(actor: Actor, query: TNutritionTargetsQuery): Promise<TNutritionTargetsView> {
    const scope = requireAccess(actor, 'org:read');
    const unit = await this.settings.unitInScope(scope, query.orgUnitId);
    const resolved = await this.settings.resolve('nutrition.targets', unit.id);
    const bands = query.ageBand ? [query.ageBand] : [...AGE_BANDS];
    return {
      orgUnitId: unit.id,
      bands: bands.map((ageBand) => ({
        ageBand,
        targets: resolved.value[ageBand],
        source: resolved.layers.findLast((layer) => layer.override[ageBand] !== undefined)?.source ?? null,
      })),
    };
  }

  async assess(actor: Actor, body: TAssessNutrition): Promise<TNutritionAssessment> {
    const scope = requireAccess(actor, 'menu:read');
    return this.assessMeals(scope, body.canteenId, body.ageBand, body.meals);
  }

  /**
   * WS/T 554 assessment of one day's meals at a canteen (grams = raw edible grams per student),
   * against the targets the canteen inherits. The canteen must lie in the caller's scope.
   */
  async assessMeals(scope: Scope, canteenId: string, ageBand: AgeBand, meals: TAssessMeal[]): Promise<TNutritionAssessment> {
    const canteen = await this.settings.unitInScope(scope, canteenId);
    if (canteen.level !== 'canteen') throw badRequest('NOT_A_CANTEEN', '请选择食堂', 'Choose a canteen');
    const ids = [...new Set(meals.flatMap((m) => m.items.map((i) => i.ingredientId)))];
    const ingredients = new Map((await this.repository.ingredientsWithFood(ids)).map((row) => [row.id, row]));
    const missing = ids.filter((id) => !ingredients.has(id));
    if (missing.length > 0) throw badRequest('INGREDIENT_NOT_FOUND', `食材不存在：${missing.join('、')}`, `Unknown ingredients: ${missing.join(', ')}`);

    const resolved = await this.settings.resolve('nutrition.targets', canteen.id);
    const source = resolved.layers.findLast((layer) => layer.override[ageBand] !== undefined)?.source ?? null;
    const input: AssessMealInput[] = meals.map((meal) => ({
      meal: meal.meal,
      items: meal.items.map((item) => {
        const row = ingredients.get(item.ingredientId)!;
        // The composition table's group is the nutrition authority (绿豆 is a grain there); the catalogue's is the fallback.
        return {
          ingredientId: item.ingredientId,
          grams: item.grams,
          foodGroup: (row.food?.foodGroup ?? row.category) as FoodGroup,
          per100g: row.food ? toNutrients(row.food) : null,
          vegetable: toVegetable(row.food),
        };
      }),
    }));
    return assessNutrition(ageBand, resolved.value[ageBand], source, input);
  }

  /** Edible grams → grams as bought (食部) → the ingredient's stock unit. */
  async purchaseGrams(ingredientId: string, edibleGrams: number): Promise<TPurchaseConversion> {
    const row = await this.repository.findIngredient(ingredientId);
    if (!row) throw ingredientNotFound();
    const ediblePercent = row.food ? Number(row.food.ediblePercent) : 100;
    const purchaseGrams = purchaseGramsFromEdible(edibleGrams, ediblePercent);
    const perUnit = gramsPerStockUnit(row.unit as IngredientUnit, row.gramsPerUnit === null ? null : Number(row.gramsPerUnit));
    return {
      ingredientId,
      edibleGrams,
      ediblePercent,
      ediblePercentKnown: row.food !== null,
      purchaseGrams,
      unit: row.unit as IngredientUnit,
      stockQuantity: perUnit === null ? null : purchaseGrams / perUnit,
    };
  }
}
