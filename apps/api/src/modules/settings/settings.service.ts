import { Injectable, Logger } from '@nestjs/common';
import {
  type OrgLevel,
  SETTINGS,
  SETTING_KEYS,
  type SettingDefinition,
  type SettingKey,
  type SettingValue,
  type TPutSetting,
  type TSettingSource,
  type TSettingView,
  bilingual,
  hasPermission,
  pickLanguage,
} from '@canteen/shared';
import { AuditWriter } from '@/common/audit/audit.writer';
import { AppError, badRequest, notFound } from '@/common/http/app-error';
import { ZodValidationPipe } from '@/common/http/zod-validation.pipe';
import { OutboxWriter } from '@/common/outbox/outbox.writer';
import type { Prisma } from '@/common/prisma/prisma.service';
import type { Actor } from '@/common/tenancy/actor';
import { type Scope, requireAccess } from '@/common/tenancy/scope';
import { type SettingRow, type SettingUnitRow, SettingsRepository } from './settings.repository';

/** One unit's stored value on the way down the tree. */
export interface SettingLayer<K extends SettingKey = SettingKey> {
  source: NonNullable<TSettingSource>;
  override: Parameters<(typeof SETTINGS)[K]['merge']>[1];
  updatedAt: Date;
}

export interface ResolvedSetting<K extends SettingKey> {
  value: SettingValue<K>;
  /** The nearest unit (self or ancestor) that set it; null: the built-in default. */
  sourceUnit: TSettingSource;
  /** Stored values from the root down to the unit itself. */
  layers: SettingLayer<K>[];
}

// The keys' value types differ; inside this service they are handled through one erased shape.
type AnyDefinition = SettingDefinition<unknown, unknown>;
const definitionOf = (key: SettingKey) => SETTINGS[key] as unknown as AnyDefinition;

const LEVEL_NAMES: Record<string, { zh: string; en: string }> = {
  province: { zh: '省', en: 'province' },
  city: { zh: '市', en: 'city' },
  county: { zh: '县（区）', en: 'county' },
  school: { zh: '学校', en: 'school' },
  canteen: { zh: '食堂', en: 'canteen' },
};

/** The key's own schema, its issues named from the request body ("value.9-11.dailyEnergyKcal"). */
function parseOverride(definition: AnyDefinition, value: unknown): unknown {
  try {
    return new ZodValidationPipe(definition.override).transform(value);
  } catch (error) {
    if (!(error instanceof AppError)) throw error;
    throw new AppError(
      error.getStatus(),
      error.code,
      error.zh,
      error.en,
      error.issues?.map((issue) => ({
        ...issue,
        path: issue.path ? `value.${issue.path}` : 'value',
      })),
    );
  }
}

const unitNotFound = () => notFound('未找到该单位', 'Org unit not found');

/**
 * Settings inherited down the org tree: a unit's value holds for its subtree until a unit below sets
 * its own. Keys, schemas, defaults and merge rules are declared once in @canteen/shared.
 */
@Injectable()
export class SettingsService {
  private readonly logger = new Logger(SettingsService.name);

  constructor(
    private readonly repository: SettingsRepository,
    private readonly audit: AuditWriter,
    private readonly outbox: OutboxWriter,
  ) {}

  /** The unit if it lies in the scope, else 404 (never 403). */
  async unitInScope(scope: Scope, orgUnitId: string): Promise<SettingUnitRow> {
    const unit = await this.repository.findUnit(scope, orgUnitId);
    if (!unit) throw unitNotFound();
    return unit;
  }

  /**
   * The effective value at a unit for services that already read the unit in their scope (menus,
   * nutrition, warnings).
   */
  async resolve<K extends SettingKey>(key: K, orgUnitId: string): Promise<ResolvedSetting<K>> {
    const found = await this.repository.inherited(orgUnitId, [key]);
    if (!found) throw unitNotFound();
    return this.fold(key, found.rows);
  }

  /** `resolve` for many units in two queries (the worker judges a batch of events at once); unknown units are left out. */
  async resolveMany<K extends SettingKey>(
    key: K,
    orgUnitIds: string[],
  ): Promise<Map<string, SettingValue<K>>> {
    const found = await this.repository.inheritedMany(orgUnitIds, [key]);
    return new Map([...found].map(([id, { rows }]) => [id, this.fold(key, rows).value]));
  }

  async list(actor: Actor, orgUnitId: string): Promise<TSettingView[]> {
    const scope = requireAccess(actor, 'org:read');
    const unit = await this.unitInScope(scope, orgUnitId);
    const found = await this.repository.inherited(unit.id, SETTING_KEYS);
    return SETTING_KEYS.map((key) => this.view(actor, unit, key, found?.rows ?? []));
  }

  async set(
    actor: Actor,
    key: SettingKey,
    orgUnitId: string,
    body: TPutSetting,
  ): Promise<TSettingView> {
    const definition = definitionOf(key);
    const scope = requireAccess(actor, definition.permission ?? 'settings:write');
    const unit = await this.unitInScope(scope, orgUnitId);
    if (!definition.levels.includes(unit.level as OrgLevel)) {
      const levels = definition.levels.map((level) => LEVEL_NAMES[level]!);
      throw badRequest(
        'SETTING_LEVEL',
        `「${definition.label.zh}」只能在${levels.map((l) => l.zh).join('、')}级设置`,
        `"${definition.label.en}" can only be set at ${levels.map((l) => l.en).join(', ')} level`,
      );
    }
    const override = body.value === null ? null : parseOverride(definition, body.value);
    if (override !== null && definition.validateOverride) {
      const inherited = unit.parentId
        ? (await this.resolve(key, unit.parentId)).value
        : definition.default;
      const refusal = definition.validateOverride(inherited, override, unit.level as OrgLevel);
      if (refusal)
        throw badRequest(
          'SETTING_NOT_ALLOWED',
          pickLanguage(refusal, 'zh'),
          pickLanguage(refusal, 'en'),
        );
    }

    await this.repository.prisma.$transaction(async (tx) => {
      const before = await this.repository.findOwn(tx, scope, unit, key);
      if (override === null) {
        if (!before) return;
        await this.repository.remove(tx, scope, unit, key);
      } else {
        await this.repository.upsert(
          tx,
          scope,
          unit,
          key,
          override as Prisma.InputJsonValue,
          body.reason,
          actor.userId,
        );
      }
      const entry = { orgUnitId: unit.id, key };
      await this.audit.record(tx, actor, {
        action: override === null ? 'delete' : before ? 'update' : 'create',
        entity: 'org_setting',
        entityId: unit.id,
        orgPath: unit.path,
        before: before ? { ...entry, value: before.value, reason: before.reason } : undefined,
        after: override === null ? undefined : { ...entry, value: override, reason: body.reason },
      });
      await this.outbox.emit(
        tx,
        'settings.changed',
        { ...entry, cleared: override === null },
        unit.path,
      );
    });
    const found = await this.repository.inherited(unit.id, [key]);
    return this.view(actor, unit, key, found?.rows ?? []);
  }

  private view(
    actor: Actor,
    unit: SettingUnitRow,
    key: SettingKey,
    rows: SettingRow[],
  ): TSettingView {
    const resolved = this.fold(key, rows);
    const own = resolved.layers.find((layer) => layer.source.orgUnitId === unit.id);
    const definition = definitionOf(key);
    return {
      key,
      label: bilingual(definition.label.zh, definition.label.en),
      value: resolved.value,
      source: resolved.sourceUnit,
      own: own?.override ?? null,
      levels: [...definition.levels],
      editable:
        hasPermission(actor.role, definition.permission ?? 'settings:write') &&
        definition.levels.includes(unit.level as OrgLevel),
      updatedAt: own ? own.updatedAt.toISOString() : null,
    };
  }

  /** Default, then each stored value from the root down, merged by the key's rule. */
  private fold<K extends SettingKey>(key: K, rows: SettingRow[]): ResolvedSetting<K> {
    const definition = definitionOf(key);
    let value: unknown = definition.default;
    let sourceUnit: TSettingSource = null;
    const layers: SettingLayer<K>[] = [];
    for (const row of rows) {
      if (row.key !== key) continue;
      const parsed = definition.override.safeParse(row.value);
      // A value stored under an older schema is skipped rather than answered with a 500; it shows as inherited.
      if (!parsed.success) {
        this.logger.warn(
          `org_setting ${key} at ${row.orgUnit.id} no longer matches its schema; inheriting instead`,
        );
        continue;
      }
      value = definition.merge(value, parsed.data);
      sourceUnit = { orgUnitId: row.orgUnit.id, name: row.orgUnit.name, level: row.orgUnit.level };
      layers.push({
        source: sourceUnit,
        override: parsed.data as SettingLayer<K>['override'],
        updatedAt: row.updatedAt,
      });
    }
    return { value: value as SettingValue<K>, sourceUnit, layers };
  }
}
