import { randomBytes } from 'node:crypto';
import { Injectable } from '@nestjs/common';
import {
  type FoodGroup,
  type IngredientUnit,
  type TCreateIngredient,
  type TIngredient,
  type TIngredientQuery,
  type TPage,
  type TUpdateIngredient,
  UNIT_DEFAULT_DECIMALS,
  UNIT_MAX_DECIMALS,
  forbiddenReason,
  pickLanguage,
} from '@canteen/shared';
import { AuditWriter } from '@/common/audit/audit.writer';
import { badRequest, conflict, notFound } from '@/common/http/app-error';
import type { Actor } from '@/common/tenancy/actor';
import { requireAccess } from '@/common/tenancy/scope';
import { IngredientsRepository } from './ingredients.repository';
import { toIngredient } from './suppliers.mapper';

const ingredientNotFound = () => notFound('未找到该食材', 'Ingredient not found');

/** The rules every catalogue entry holds, on create and on update alike. */
function assertIngredientRules(entry: { name: string; category: FoodGroup; unit: IngredientUnit; unitDecimals: number; quarantineRequired: boolean }): void {
  const reason = forbiddenReason(entry.name);
  if (reason) throw badRequest('FORBIDDEN_FOOD', pickLanguage(reason, 'zh'), pickLanguage(reason, 'en'));
  if (entry.unitDecimals > UNIT_MAX_DECIMALS[entry.unit]) {
    throw badRequest(
      'UNIT_DECIMALS',
      `单位「${entry.unit}」最多 ${UNIT_MAX_DECIMALS[entry.unit]} 位小数`,
      `Unit ${entry.unit} allows at most ${UNIT_MAX_DECIMALS[entry.unit]} decimals`,
    );
  }
  // Meat needs an animal quarantine certificate with every delivery (domain rules).
  if (entry.category === 'livestock' && !entry.quarantineRequired) {
    throw badRequest('QUARANTINE_REQUIRED', '畜禽肉类必须要求动物检疫合格证明', 'Livestock and poultry always require a quarantine certificate');
  }
}

/** The ingredient catalogue: platform-wide reference data that every signed-in user may read. */
@Injectable()
export class IngredientsService {
  constructor(
    private readonly repository: IngredientsRepository,
    private readonly audit: AuditWriter,
  ) {}

  async list(_actor: Actor, query: TIngredientQuery): Promise<TPage<TIngredient>> {
    const { rows, total } = await this.repository.list(query);
    return { items: rows.map(toIngredient), total, page: query.page, pageSize: query.pageSize };
  }

  async get(_actor: Actor, id: string): Promise<TIngredient> {
    const row = await this.repository.findById(id);
    if (!row) throw ingredientNotFound();
    return toIngredient(row);
  }

  async create(actor: Actor, body: TCreateIngredient): Promise<TIngredient> {
    requireAccess(actor, 'supplier:write');
    const entry = {
      code: body.code ?? `ING-${randomBytes(4).toString('hex').toUpperCase()}`,
      name: body.name,
      category: body.category,
      unit: body.unit,
      unitDecimals: body.unitDecimals ?? UNIT_DEFAULT_DECIMALS[body.unit],
      shelfLifeDays: body.shelfLifeDays ?? null,
      coldChain: body.coldChain,
      quarantineRequired: body.quarantineRequired ?? body.category === 'livestock',
    };
    assertIngredientRules(entry);
    await this.assertUnique(entry);
    return this.repository.prisma.$transaction(async (tx) => {
      const row = await this.repository.create(tx, entry);
      await this.audit.record(tx, actor, { action: 'create', entity: 'ingredient', entityId: row.id, orgPath: actor.orgUnit?.path ?? null, after: toIngredient(row) });
      return toIngredient(row);
    });
  }

  async update(actor: Actor, id: string, body: TUpdateIngredient): Promise<TIngredient> {
    requireAccess(actor, 'supplier:write');
    const before = await this.repository.findById(id);
    if (!before) throw ingredientNotFound();
    const merged = { ...toIngredient(before), ...body };
    if (body.unit && body.unitDecimals === undefined) merged.unitDecimals = Math.min(merged.unitDecimals, UNIT_MAX_DECIMALS[body.unit]);
    if (body.category === 'livestock' && body.quarantineRequired === undefined) merged.quarantineRequired = true;
    assertIngredientRules(merged);
    if (body.name && body.name !== before.name) await this.assertUnique({ name: body.name }, id);
    return this.repository.prisma.$transaction(async (tx) => {
      const row = await this.repository.update(tx, id, {
        name: merged.name,
        category: merged.category,
        unit: merged.unit,
        unitDecimals: merged.unitDecimals,
        shelfLifeDays: merged.shelfLifeDays,
        coldChain: merged.coldChain,
        quarantineRequired: merged.quarantineRequired,
      });
      await this.audit.record(tx, actor, {
        action: 'update',
        entity: 'ingredient',
        entityId: id,
        orgPath: actor.orgUnit?.path ?? null,
        before: toIngredient(before),
        after: toIngredient(row),
      });
      return toIngredient(row);
    });
  }

  private async assertUnique(values: { code?: string; name?: string }, exceptId?: string): Promise<void> {
    const clash = await this.repository.clash(values, exceptId);
    if (clash === 'code') throw conflict('该食材编码已存在', 'An ingredient with that code already exists');
    if (clash === 'name') throw conflict('该食材名称已存在', 'An ingredient with that name already exists');
  }
}
