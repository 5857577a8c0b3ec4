import { WarningOutlined } from '@ant-design/icons';
import { Alert, Card, Empty, Popover, Skeleton, Space, Tooltip } from 'antd';
import { useTranslation } from 'react-i18next';
import {
  MEAL_GROUPS,
  MEAL_GROUP_NAMES,
  pickLanguage,
  type Meal,
  type MealGroup,
  type TAgeBandTargets,
  type TAssessNutrition,
  type TDayAssessment,
  type TMealAssessment,
  type TNutritionAssessment,
  type Verdict,
} from '@canteen/shared';
import { errorText } from '@/components/ui/error-alert';
import { contractLanguage } from '@/lib/i18n';
import { foodGroupLabel } from '@/lib/labels';
import { useNutritionAssessment } from '../api/assess-nutrition';
import { RangeBar } from './range-bar';
import { VerdictTag } from './verdict-tag';
import './nutrition.css';

type Ratios = TDayAssessment | TMealAssessment;

function Bars({ ratios, targets }: { ratios: Ratios; targets: TAgeBandTargets }) {
  const { t } = useTranslation();
  const margin = targets.amberMarginPercent;
  return (
    <div className="nutrition-bars">
      <RangeBar
        label={t('menus.nutrition.energy', { kcal: Math.round(ratios.totals.energyKcal) })}
        value={ratios.energyPercentOfTarget}
        range={targets.energyPercent}
        amberMarginPercent={margin}
      />
      <RangeBar
        label={t('menus.nutrition.protein', { g: ratios.totals.proteinG.toFixed(1) })}
        value={ratios.proteinPercentOfTarget}
        range={targets.proteinPercent}
        amberMarginPercent={margin}
      />
      <RangeBar
        label={t('menus.nutrition.fat')}
        value={ratios.fatPercentEnergy}
        range={targets.fatPercentEnergy}
        amberMarginPercent={margin}
        unit="%E"
      />
      <RangeBar
        label={t('menus.nutrition.carbohydrate')}
        value={ratios.carbohydratePercentEnergy}
        range={targets.carbohydratePercentEnergy}
        amberMarginPercent={margin}
        unit="%E"
      />
    </div>
  );
}

/** The four WS/T 554 groups, filled when the meal has them. */
export function GroupsPresent({ present }: { present: readonly MealGroup[] }) {
  const { i18n, t } = useTranslation();
  const lang = contractLanguage(i18n.language);
  return (
    <div className="meal-groups" aria-label={t('menus.nutrition.groupsPresent')}>
      {MEAL_GROUPS.map((group) => {
        const has = present.includes(group);
        return (
          <span
            key={group}
            className={`meal-group ${has ? 'meal-group-on' : 'meal-group-off'}`}
            data-present={has}
          >
            {MEAL_GROUP_NAMES[group][lang]}
          </span>
        );
      })}
    </div>
  );
}

const VEGETABLE_CHECKS = new Set(['vegetableKinds', 'darkVegetableShare']);
const WORSE: Record<Verdict, number> = { green: 0, amber: 1, red: 2 };

/** WS/T 554's daily rule: the day's fresh vegetables by kind, the dark ones marked, against the targets. */
export function VegetableVariety({ assessment }: { assessment: TNutritionAssessment }) {
  const { t } = useTranslation();
  const { kinds, darkKinds, foods } = assessment.day.vegetables;
  const verdict = assessment.day.checks
    .filter((c) => VEGETABLE_CHECKS.has(c.key))
    .reduce<Verdict>((worst, c) => (WORSE[c.verdict] > WORSE[worst] ? c.verdict : worst), 'green');
  return (
    <div className="vegetable-variety" data-testid="vegetable-variety" data-verdict={verdict}>
      <div className="range-bar-head">
        <span className="range-bar-label">{t('menus.nutrition.vegetables')}</span>
        <span className={`range-bar-value tabular vegetable-verdict-${verdict}`}>
          {t('menus.nutrition.vegetableCount', { kinds, dark: darkKinds })}
          <span className="range-bar-target">
            {' / '}
            {t('menus.nutrition.vegetableTarget', {
              min: assessment.targets.minVegetableKindsPerDay,
              share: Math.round(assessment.targets.darkVegetableShareOver * 100),
            })}
          </span>
        </span>
      </div>
      {foods.length > 0 && (
        <div className="meal-groups">
          {foods.map((food) => (
            <span
              key={food.code}
              className={`meal-group vegetable-${food.colour}`}
              data-colour={food.colour}
              title={t(`menus.nutrition.vegetableColour.${food.colour}`)}
            >
              {food.name}
            </span>
          ))}
        </div>
      )}
    </div>
  );
}

function Reasons({ reasons }: { reasons: string[] }) {
  const { i18n } = useTranslation();
  if (reasons.length === 0) return null;
  const lang = contractLanguage(i18n.language);
  return (
    <ul className="nutrition-reasons">
      {reasons.map((reason) => (
        <li key={reason}>{pickLanguage(reason, lang)}</li>
      ))}
    </ul>
  );
}

function FoodGroupGrams({ meal }: { meal: TMealAssessment }) {
  const { t } = useTranslation();
  const rows = meal.foodGroups.filter((g) => g.grams > 0 || g.min !== null);
  if (rows.length === 0) return null;
  return (
    <table className="food-group-grams">
      <tbody>
        {rows.map((g) => (
          <tr key={g.group} className={`group-${g.status}`}>
            <td>{foodGroupLabel(t, g.group)}</td>
            <td className="tabular">{Math.round(g.grams)} g</td>
            <td className="tabular muted">
              {g.min === null && g.max === null
                ? ''
                : g.min === null
                  ? `≤ ${g.max} g`
                  : g.max === null
                    ? `≥ ${g.min} g`
                    : `${g.min}–${g.max} g`}
            </td>
          </tr>
        ))}
      </tbody>
    </table>
  );
}

/** One meal's conformity card: verdict with reasons, the four bars, groups present, group grams. */
export function MealNutritionCard({
  assessment,
  targets,
  title,
}: {
  assessment: TMealAssessment;
  targets: TAgeBandTargets;
  title?: React.ReactNode;
}) {
  const { t } = useTranslation();
  return (
    <Card
      size="small"
      className="nutrition-card"
      data-testid={`nutrition-meal-${assessment.meal}`}
      title={title ?? t(`menus.meal.${assessment.meal}`)}
      extra={<VerdictTag verdict={assessment.verdict} />}
    >
      {assessment.shareOfDayPercent !== null && (
        <div className="nutrition-share muted">
          {t('menus.nutrition.shareOfDay', {
            share: Math.round(assessment.shareOfDayPercent),
            min: targets.mealSharePercent[assessment.meal].min,
            max: targets.mealSharePercent[assessment.meal].max,
          })}
        </div>
      )}
      <Bars ratios={assessment} targets={targets} />
      <GroupsPresent present={assessment.groupsPresent} />
      <Reasons reasons={assessment.reasons} />
      <FoodGroupGrams meal={assessment} />
      {assessment.unknownIngredientIds.length > 0 && (
        <div className="nutrition-unknown">
          <WarningOutlined />{' '}
          {t('menus.nutrition.unknownIngredients', {
            count: assessment.unknownIngredientIds.length,
          })}
        </div>
      )}
    </Card>
  );
}

/** The day as a whole (energy and protein against the daily targets, and its fresh vegetables). */
export function DayNutritionCard({
  assessment,
  title,
}: {
  assessment: TNutritionAssessment;
  title?: React.ReactNode;
}) {
  const { t, i18n } = useTranslation();
  return (
    <Card
      size="small"
      className="nutrition-card nutrition-card-day"
      data-testid="nutrition-day"
      title={title ?? t('menus.nutrition.dayTitle')}
      extra={<VerdictTag verdict={assessment.verdict} />}
    >
      <div className="nutrition-share muted">
        {t('menus.nutrition.targetsLine', {
          kcal: assessment.targets.dailyEnergyKcal,
          protein: assessment.targets.dailyProteinG,
        })}
        {' · '}
        <Tooltip title={pickLanguage(assessment.targets.basis, contractLanguage(i18n.language))}>
          <span className="nutrition-dotted">
            {assessment.targetsSource
              ? t('menus.nutrition.sourceUnit', { name: assessment.targetsSource.name })
              : t('menus.nutrition.sourceDefault')}
          </span>
        </Tooltip>
      </div>
      <Bars ratios={assessment.day} targets={assessment.targets} />
      <VegetableVariety assessment={assessment} />
      <Reasons reasons={assessment.day.reasons} />
    </Card>
  );
}

/**
 * A day of one age band assessed live while the plan is edited: the day card and one card per
 * planned meal side by side.
 */
export function NutritionDayPanel({
  body,
  title,
}: {
  body: TAssessNutrition | undefined;
  title?: React.ReactNode;
}) {
  const { t, i18n } = useTranslation();
  const assessment = useNutritionAssessment(body);
  if (!body || body.meals.length === 0)
    return <Empty image={Empty.PRESENTED_IMAGE_SIMPLE} description={t('menus.nutrition.empty')} />;
  if (assessment.isError)
    return (
      <Alert
        type="warning"
        showIcon
        message={errorText(assessment.error, i18n.language, t('menus.nutrition.failed'))}
      />
    );
  if (!assessment.data) return <Skeleton active paragraph={{ rows: 4 }} />;
  const data = assessment.data;
  return (
    <div
      className="nutrition-panel"
      data-testid="nutrition-panel"
      aria-busy={assessment.isFetching}
    >
      <DayNutritionCard assessment={data} title={title} />
      {data.meals.map((meal) => (
        <MealNutritionCard key={meal.meal} assessment={meal} targets={data.targets} />
      ))}
    </div>
  );
}

/**
 * The compact strip inside a plan cell: the meal's verdict and groups, the full card on hover.
 * It reads the same cached assessment as the day panel.
 */
export function MealNutritionBadge({
  body,
  meal,
}: {
  body: TAssessNutrition | undefined;
  meal: Meal;
}) {
  const { t } = useTranslation();
  const assessment = useNutritionAssessment(body);
  const mealAssessment = assessment.data?.meals.find((m) => m.meal === meal);
  if (!body || !mealAssessment || !assessment.data) {
    return assessment.isFetching ? (
      <span className="muted">{t('menus.nutrition.assessing')}</span>
    ) : null;
  }
  const targets = assessment.data.targets;
  return (
    <Popover
      trigger={['hover', 'click']}
      content={<MealNutritionCard assessment={mealAssessment} targets={targets} />}
      styles={{ body: { padding: 0, width: 320 } }}
    >
      <Space size={4} className="meal-badge" data-testid="meal-badge" wrap>
        <VerdictTag verdict={mealAssessment.verdict} compact />
        <span className="tabular muted">{Math.round(mealAssessment.totals.energyKcal)} kcal</span>
      </Space>
    </Popover>
  );
}

/** The day's verdict under its column of the plan, from the same cached assessment. */
export function DayVerdictBadge({ body }: { body: TAssessNutrition }) {
  const { t } = useTranslation();
  const assessment = useNutritionAssessment(body);
  if (!assessment.data)
    return assessment.isFetching ? (
      <span className="muted">{t('menus.nutrition.assessing')}</span>
    ) : null;
  return (
    <Space size={4} data-testid="day-badge">
      <VerdictTag verdict={assessment.data.verdict} compact />
      <span className="tabular muted">
        {t('menus.nutrition.energyShort', {
          percent: Math.round(assessment.data.day.energyPercentOfTarget),
        })}
      </span>
    </Space>
  );
}
