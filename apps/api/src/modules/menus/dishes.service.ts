import { Inject, Injectable } from '@nestjs/common';
import {
  AGE_BANDS,
  type AgeBand,
  type TCreateDish,
  type TDeliveryFile,
  type TDish,
  type TDishQuery,
  type TPage,
  type TReviseDish,
  type TSetDishActive,
  forbiddenReason,
  pickLanguage,
} from '@canteen/shared';
import type { FastifyRequest } from 'fastify';
import { AuditWriter } from '@/common/audit/audit.writer';
import { APP_CONFIG, type AppConfig } from '@/common/config/config';
import { AppError, conflict, notFound } from '@/common/http/app-error';
import { StoredFiles } from '@/common/storage/stored-files';
import { readUpload } from '@/common/storage/uploads';
import type { Actor } from '@/common/tenancy/actor';
import { type Scope, requireAccess } from '@/common/tenancy/scope';
import { OrgUnitsRepository } from '@/modules/org-units/org-units.repository';
import { type DishContent, type DishRow, DishesRepository } from './dishes.repository';
import { toDish, toDishVersion } from './dishes.mapper';
import { CanteensRepository } from './canteens.repository';
import { type Issue, canteenNotFound, refuse } from './menu-errors';

export const dishNotFound = () => notFound('未找到该菜品', 'Dish not found');


/** 菜品 and their quantified recipes (带量食谱): a change is a new version, plans keep theirs. */
@Injectable()
export class DishesService {
  constructor(
    private readonly repository: DishesRepository,
    private readonly canteens: CanteensRepository,
    private readonly orgUnits: OrgUnitsRepository,
    private readonly files: StoredFiles,
    private readonly audit: AuditWriter,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
  ) {}

  async create(actor: Actor, body: TCreateDish): Promise<TDish> {
    const scope = requireAccess(actor, 'dish:write');
    const owner = await this.repository.findOwner(scope, body.ownerUnitId ?? actor.orgUnit!.id);
    if (!owner) throw notFound('未找到该单位', 'Unit not found');
    const content = await this.checkedContent(scope, actor, body, null);
    const id = await this.repository.prisma.$transaction(async (tx) => {
      const dishId = await this.repository.create(tx, scope, owner, content);
      const created = await this.repository.findById(scope, dishId, tx);
      await this.audit.record(tx, actor, { action: 'create', entity: 'dish', entityId: dishId, orgPath: owner.path, after: this.auditView(created!) });
      return dishId;
    });
    return this.get(actor, id);
  }

  /** A new version of the dish; the old one stays as plans published it. */
  async revise(actor: Actor, id: string, body: TReviseDish): Promise<TDish> {
    const scope = requireAccess(actor, 'dish:write');
    const current = await this.writableDish(scope, id);
    const content = await this.checkedContent(scope, actor, body, body.reason ?? null);
    await this.repository.prisma.$transaction(async (tx) => {
      if (!(await this.repository.addVersion(tx, scope, id, current.currentVersion, content))) {
        throw conflict('该菜品刚被他人修改，请刷新后重试', 'The dish was changed meanwhile; reload and try again');
      }
      const after = await this.repository.findById(scope, id, tx);
      await this.audit.record(tx, actor, {
        action: 'revise',
        entity: 'dish',
        entityId: id,
        orgPath: current.owner.path,
        before: this.auditView(current),
        after: this.auditView(after!),
      });
    });
    return this.get(actor, id);
  }

  /** A retired dish is no longer offered for new plans; plans that use it keep it. */
  async setActive(actor: Actor, id: string, body: TSetDishActive): Promise<TDish> {
    const scope = requireAccess(actor, 'dish:write');
    const current = await this.writableDish(scope, id);
    await this.repository.prisma.$transaction(async (tx) => {
      await this.repository.setActive(tx, scope, id, body.active);
      await this.audit.record(tx, actor, {
        action: body.active ? 'activate' : 'deactivate',
        entity: 'dish',
        entityId: id,
        orgPath: current.owner.path,
        before: { active: current.active },
        after: { active: body.active, reason: body.reason },
      });
    });
    return this.get(actor, id);
  }

  async get(actor: Actor, id: string): Promise<TDish> {
    const scope = requireAccess(actor, 'menu:read');
    const row = await this.repository.findById(scope, id);
    if (!row) throw dishNotFound();
    return toDish(row, await this.orgUnits.findActorNames([row.version.createdById]));
  }

  async versions(actor: Actor, id: string): Promise<TDish[]> {
    const scope = requireAccess(actor, 'menu:read');
    const row = await this.repository.findById(scope, id);
    if (!row) throw dishNotFound();
    const versions = await this.repository.findVersions(scope, id);
    const users = await this.orgUnits.findActorNames([...new Set(versions.map((v) => v.createdById))]);
    return versions.map((version) => toDishVersion(row, version, users));
  }

  async list(actor: Actor, query: TDishQuery): Promise<TPage<TDish>> {
    const scope = requireAccess(actor, 'menu:read');
    let plannableFor: string | undefined;
    if (query.canteenId) {
      const canteen = await this.canteens.findCanteen(scope, query.canteenId);
      if (!canteen) throw canteenNotFound();
      plannableFor = canteen.path;
    }
    const { rows, total } = await this.repository.list(scope, query, plannableFor);
    const users = await this.orgUnits.findActorNames([...new Set(rows.map((r) => r.version.createdById))]);
    return { items: rows.map((row) => toDish(row, users)), total, page: query.page, pageSize: query.pageSize };
  }

  async uploadPhoto(actor: Actor, request: FastifyRequest): Promise<TDeliveryFile> {
    const scope = requireAccess(actor, 'dish:write');
    const upload = await readUpload(request, ['jpeg', 'png'], this.config.UPLOAD_MAX_BYTES);
    return this.repository.prisma.$transaction(async (tx) => {
      const file = await this.files.save(tx, upload, { uploadedById: actor.userId, supplierId: null });
      await this.audit.record(tx, actor, { action: 'upload', entity: 'stored_file', entityId: file.id, orgPath: scope.path, after: { ...file, purpose: 'dish-photo' } });
      return file;
    });
  }

  /** The photo of the dish's current version. */
  async photo(actor: Actor, id: string) {
    const scope = requireAccess(actor, 'menu:read');
    const row = await this.repository.findById(scope, id);
    const file = row?.version.photoFileId ? await this.files.read(row.version.photoFileId) : null;
    if (!file) throw notFound('该菜品没有照片', 'The dish has no photo');
    return file;
  }

  /** A dish the actor may change: owned by a unit inside its subtree (a school cannot change its county's standard dish). */
  private async writableDish(scope: Scope, id: string): Promise<DishRow> {
    const row = await this.repository.findById(scope, id);
    if (!row) throw dishNotFound();
    if (!row.owner.path.startsWith(scope.path)) {
      throw new AppError(403, 'DISH_NOT_OWN', '这是上级单位的标准菜品，只能由其所属单位修改', "This is a standard dish of a unit above yours; only that unit may change it");
    }
    return row;
  }

  /** Every refusal at once: forbidden names and ingredients, unknown ingredients, a photo not one's own. */
  private async checkedContent(scope: Scope, actor: Actor, body: TReviseDish | TCreateDish, reason: string | null): Promise<DishContent> {
    const issues: Issue[] = [];
    const nameReason = forbiddenReason(body.name);
    if (nameReason) {
      issues.push({ path: 'name', message: `「${body.name}」禁止在学校食堂制售：${pickLanguage(nameReason, 'zh')}`, messageEn: `Forbidden in school canteens: ${pickLanguage(nameReason, 'en')}` });
    }
    const ingredients = new Map((await this.repository.findIngredients(body.lines.map((l) => l.ingredientId))).map((row) => [row.id, row]));
    body.lines.forEach((line, i) => {
      const ingredient = ingredients.get(line.ingredientId);
      if (!ingredient) {
        issues.push({ path: `lines.${i}.ingredientId`, message: '食材目录中没有该食材', messageEn: 'No such ingredient in the catalogue' });
        return;
      }
      const reasonText = forbiddenReason(ingredient.name);
      if (reasonText) {
        issues.push({
          path: `lines.${i}.ingredientId`,
          message: `「${ingredient.name}」禁止在学校食堂使用：${pickLanguage(reasonText, 'zh')}`,
          messageEn: `Forbidden in school canteens: ${pickLanguage(reasonText, 'en')}`,
        });
      }
    });
    if (body.photoFileId && !(await this.repository.isOwnPhoto(scope, body.photoFileId))) {
      issues.push({ path: 'photoFileId', message: '照片不存在或不是本单位上传的', messageEn: 'The photo does not exist or was not uploaded by your unit' });
    }
    if (issues.length > 0) throw refuse('DISH_INVALID', { zh: '菜品', en: 'dish' }, issues);

    const ageBands = (Object.keys(body.lines[0]!.grams) as AgeBand[]).sort((a, b) => AGE_BANDS.indexOf(a) - AGE_BANDS.indexOf(b));
    return {
      name: body.name,
      cookingMethod: body.cookingMethod,
      photoFileId: body.photoFileId ?? null,
      allergens: [...new Set(body.allergens)],
      ageBands,
      reason,
      createdById: actor.userId,
      lines: body.lines.flatMap((line, position) =>
        ageBands.map((ageBand) => ({ ingredientId: line.ingredientId, ageBand, grams: line.grams[ageBand]!, position })),
      ),
    };
  }

  private auditView(row: DishRow) {
    return { version: row.version.version, name: row.version.name, cookingMethod: row.version.cookingMethod, ageBands: row.version.ageBands, lines: row.version.lines.map((l) => ({ ingredientId: l.ingredientId, ageBand: l.ageBand, grams: l.grams.toFixed() })) };
  }
}
