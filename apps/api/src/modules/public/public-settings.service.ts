import { Injectable } from '@nestjs/common';
import {
  type OrgLevel,
  type TPublicSectionsOverride,
  type TPublicSettingsView,
  type TPutPublicSettings,
  hasPermission,
  isManagementLevel,
  visiblePublicSections,
} from '@canteen/shared';
import type { Actor } from '@/common/tenancy/actor';
import { requireAccess } from '@/common/tenancy/scope';
import { SettingsService } from '@/modules/settings/settings.service';
import { PublicCacheInvalidation } from './public-cache-invalidation';

/**
 * Which sections a canteen's public page shows: the setting 'public.sections', chosen by the school
 * within the limits its county sets. The settings module stores, audits and checks it.
 */
@Injectable()
export class PublicSettingsService {
  constructor(
    private readonly settings: SettingsService,
    private readonly invalidation: PublicCacheInvalidation,
  ) {}

  async get(actor: Actor, orgUnitId: string): Promise<TPublicSettingsView> {
    const scope = requireAccess(actor, 'org:read');
    const unit = await this.settings.unitInScope(scope, orgUnitId);
    const resolved = await this.settings.resolve('public.sections', unit.id);
    const own = resolved.layers.find((layer) => layer.source.orgUnitId === unit.id)?.override ?? null;
    const manages = hasPermission(actor.role, 'public:manage');
    return {
      orgUnit: { id: unit.id, name: unit.name, level: unit.level },
      value: resolved.value,
      source: resolved.sourceUnit,
      own: own as TPublicSectionsOverride | null,
      visible: visiblePublicSections(resolved.value),
      editable: { shown: manages, limits: manages && isManagementLevel(unit.level as OrgLevel) },
    };
  }

  /** Stored through the settings module (level, limits, audit, event); the unit's pages are dropped at once. */
  async put(actor: Actor, orgUnitId: string, body: TPutPublicSettings): Promise<TPublicSettingsView> {
    const scope = requireAccess(actor, 'public:manage');
    const unit = await this.settings.unitInScope(scope, orgUnitId);
    await this.settings.set(actor, 'public.sections', unit.id, { value: body.value, reason: body.reason });
    await this.invalidation.invalidateUnder(unit.path);
    return this.get(actor, unit.id);
  }
}
