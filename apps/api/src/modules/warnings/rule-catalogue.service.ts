import { Injectable } from '@nestjs/common';
import {
  type OrgLevel,
  SETTINGS,
  type TPutRuleThresholds,
  type TRuleThreshold,
  type TRuleThresholdValues,
  type TSettingSource,
  type TWarningRule,
  hasPermission,
  isTighter,
} from '@canteen/shared';
import { badRequest, notFound } from '@/common/http/app-error';
import type { Actor } from '@/common/tenancy/actor';
import { requireAccess } from '@/common/tenancy/scope';
import { type ResolvedSetting, SettingsService } from '@/modules/settings/settings.service';
import type { RuleDefinition } from './rule';
import { RULES, findRule, ruleDefaults } from './rule-catalogue';

type ResolvedThresholds = ResolvedSetting<'warnings.thresholds'>;
type Unit = { id: string; level: string };

const THRESHOLDS_KEY = 'warnings.thresholds';
const ruleNotFound = () => notFound('未找到该预警规则', 'Warning rule not found');

/**
 * The rule catalogue with each rule's thresholds as they hold at a unit, and where each value comes
 * from. Values are stored through the settings module (audited, inherited, tighten-only below).
 */
@Injectable()
export class RuleCatalogueService {
  constructor(private readonly settings: SettingsService) {}

  async list(actor: Actor, orgUnitId: string): Promise<TWarningRule[]> {
    const scope = requireAccess(actor, 'alert:read');
    const unit = await this.settings.unitInScope(scope, orgUnitId);
    const resolved = await this.settings.resolve(THRESHOLDS_KEY, unit.id);
    return RULES.map((rule) => this.view(actor, unit, rule, resolved));
  }

  async putThresholds(actor: Actor, ruleId: string, orgUnitId: string, body: TPutRuleThresholds): Promise<TWarningRule> {
    const scope = requireAccess(actor, 'settings:write');
    const rule = findRule(ruleId);
    if (!rule) throw ruleNotFound();
    const unit = await this.settings.unitInScope(scope, orgUnitId);
    const known = Object.keys(rule.thresholds.fields);
    const unknown = Object.keys(body.values).filter((name) => !known.includes(name));
    if (unknown.length > 0) {
      throw badRequest('UNKNOWN_THRESHOLD', `规则「${rule.name.zh}」没有阈值 ${unknown.join('、')}`, `Rule "${rule.name.en}" has no threshold ${unknown.join(', ')}`);
    }

    // The unit stores one value for all rules: change this rule's part, keep the others.
    const resolved = await this.settings.resolve(THRESHOLDS_KEY, unit.id);
    const own: TRuleThresholdValues = { ...(resolved.layers.find((layer) => layer.source.orgUnitId === unit.id)?.override ?? {}) };
    const ruleOwn = { ...(own[rule.id] ?? {}) };
    for (const [name, value] of Object.entries(body.values)) {
      if (value === null) delete ruleOwn[name];
      else ruleOwn[name] = value;
    }
    if (Object.keys(ruleOwn).length > 0) own[rule.id] = ruleOwn;
    else delete own[rule.id];
    await this.settings.set(actor, THRESHOLDS_KEY, unit.id, { value: Object.keys(own).length > 0 ? own : null, reason: body.reason });

    return this.view(actor, unit, rule, await this.settings.resolve(THRESHOLDS_KEY, unit.id));
  }

  private view(actor: Actor, unit: Unit, rule: RuleDefinition, resolved: ResolvedThresholds): TWarningRule {
    const defaults = ruleDefaults(rule);
    const thresholds = Object.entries(rule.thresholds.fields).map(([name, field]): TRuleThreshold => {
      // The value in force is the strictest set on the way down; its source is the unit that set it.
      let value = defaults[name]!;
      let source: TSettingSource = null;
      let own: number | null = null;
      for (const layer of resolved.layers) {
        const stored = layer.override[rule.id]?.[name];
        if (stored === undefined) continue;
        if (source === null || isTighter(field.tighter, stored, value)) {
          value = stored;
          source = layer.source;
        }
        if (layer.source.orgUnitId === unit.id) own = stored;
      }
      return { name, label: field.label, unit: field.unit ?? null, value, default: defaults[name]!, tighter: field.tighter, source, own };
    });
    return {
      id: rule.id,
      name: rule.name,
      description: rule.description,
      severity: rule.severity,
      responsibleLevel: rule.responsibleLevel,
      trigger: 'events' in rule.trigger ? { kind: 'event', events: [...rule.trigger.events] } : { kind: 'schedule', cron: rule.trigger.schedule },
      thresholds,
      editable: hasPermission(actor.role, 'settings:write') && SETTINGS[THRESHOLDS_KEY].levels.includes(unit.level as OrgLevel),
    };
  }
}
