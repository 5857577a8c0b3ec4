import { Select, InputNumber, Tag, Tooltip } from 'antd';
import { useTranslation } from 'react-i18next';
import {
  MEALS,
  type AgeBand,
  type Meal,
  type TAssessMeal,
  type TDish,
  type TPlan,
} from '@canteen/shared';
import { dayjs, formatYuan } from '@/lib/format';
import { cellKey, type PlanDraft } from '../utils/plan-draft';
import { cookingMethodLabel } from '../utils/menu-labels';
import './menus.css';

export interface PlanGridProps {
  draft: PlanDraft;
  days: string[];
  ageBand: AgeBand;
  editable: boolean;
  /** The dishes offered for this age band, and every dish the plan names (for their names). */
  library: TDish[];
  dishNames: Map<string, string>;
  /** Planned cost from the last save; stale while the draft has unsaved changes. */
  saved: TPlan | undefined;
  costsStale: boolean;
  cellErrors: Record<string, string[]>;
  today: string;
  selectedDay: string | undefined;
  onSelectDay: (day: string) => void;
  onChangeCell: (
    day: string,
    meal: Meal,
    patch: { dishIds?: string[]; headcount?: number | null },
  ) => void;
  mealsOf: (day: string) => TAssessMeal[];
  renderMealNutrition?: (day: string, meal: Meal, meals: TAssessMeal[]) => React.ReactNode;
  renderDayVerdict?: (day: string, meals: TAssessMeal[]) => React.ReactNode;
}

/** The week as days × meals for one age band: dishes, headcount, nutrition and cost of each meal. */
export function PlanGrid({
  draft,
  days,
  ageBand,
  editable,
  library,
  dishNames,
  saved,
  costsStale,
  cellErrors,
  today,
  selectedDay,
  onSelectDay,
  onChangeCell,
  mealsOf,
  renderMealNutrition,
  renderDayVerdict,
}: PlanGridProps) {
  const { t, i18n } = useTranslation();
  const bandHeadcount = draft.ageBands.find((b) => b.ageBand === ageBand)?.headcount ?? null;
  const offered = library.filter((dish) => dish.ageBands.includes(ageBand));
  const byId = new Map(offered.map((dish) => [dish.id, dish]));
  const options = offered.map((dish) => ({ value: dish.id, label: dish.name }));
  const known = new Set(options.map((o) => o.value));
  // A published week without dinners shows no empty dinner row; while editing every meal is offered.
  const plannedMeals = MEALS.filter((meal) =>
    Object.entries(draft.entries).some(
      ([key, entry]) => entry.dishIds.length > 0 && key.split('|')[1] === meal,
    ),
  );
  const visibleMeals = editable || plannedMeals.length === 0 ? MEALS : plannedMeals;

  return (
    <div className="plan-grid-scroll">
      <div
        className="plan-grid"
        style={{ gridTemplateColumns: `76px repeat(${days.length}, minmax(150px, 1fr))` }}
        data-testid="plan-grid"
      >
        <div className="plan-grid-corner" />
        {days.map((day) => (
          <button
            type="button"
            key={day}
            className={`plan-grid-day${day === today ? ' is-today' : ''}${day === selectedDay ? ' is-selected' : ''}`}
            onClick={() => onSelectDay(day)}
          >
            <span className="plan-grid-weekday">{dayjs(day).format('dddd')}</span>
            <span className="plan-grid-date tabular">{dayjs(day).format('MM-DD')}</span>
          </button>
        ))}
        {visibleMeals.map((meal) => (
          <MealRow
            key={meal}
            meal={meal}
            days={days}
            render={(day) => {
              const key = cellKey(day, meal, ageBand);
              const entry = draft.entries[key];
              const dishIds = entry?.dishIds ?? [];
              const errors = cellErrors[key] ?? [];
              const savedEntry = saved?.entries.find(
                (e) => e.day === day && e.meal === meal && e.ageBand === ageBand,
              );
              const standard = saved?.costs.find(
                (c) => c.day === day && c.meal === meal,
              )?.fundStandardFen;
              const cost = savedEntry?.costPerStudentFen ?? null;
              return (
                <div
                  className={`plan-cell${errors.length ? ' has-error' : ''}${dishIds.length ? '' : ' is-empty'}`}
                  data-testid={`plan-cell-${day}-${meal}`}
                >
                  {editable ? (
                    <Select
                      mode="multiple"
                      size="small"
                      value={dishIds}
                      placeholder={t('menus.plan.addDish')}
                      aria-label={t('menus.plan.dishesOf', {
                        day: dayjs(day).format('dddd'),
                        meal: t(`menus.meal.${meal}`),
                      })}
                      showSearch
                      optionFilterProp="label"
                      className="plan-cell-select"
                      variant="borderless"
                      popupMatchSelectWidth={240}
                      options={[
                        ...options,
                        ...dishIds
                          .filter((id) => !known.has(id))
                          .map((id) => ({ value: id, label: dishNames.get(id) ?? id })),
                      ]}
                      optionRender={(option) => {
                        const dish = byId.get(String(option.value));
                        return (
                          <span className="dish-option">
                            <span>{option.label}</span>
                            {dish && (
                              <span className="muted">
                                {cookingMethodLabel(dish.cookingMethod, i18n.language)}
                                {dish.standard && (
                                  <Tag
                                    color="blue"
                                    bordered={false}
                                    style={{ marginInlineStart: 4 }}
                                  >
                                    {t('menus.dish.standard')}
                                  </Tag>
                                )}
                              </span>
                            )}
                          </span>
                        );
                      }}
                      onChange={(ids: string[]) => onChangeCell(day, meal, { dishIds: ids })}
                    />
                  ) : (
                    <ul className="plan-cell-dishes">
                      {dishIds.map((id) => (
                        <li key={id}>{dishNames.get(id) ?? '—'}</li>
                      ))}
                    </ul>
                  )}
                  {dishIds.length > 0 && (
                    <div className="plan-cell-foot">
                      {editable ? (
                        <InputNumber
                          size="small"
                          min={0}
                          precision={0}
                          value={entry?.headcount ?? undefined}
                          placeholder={bandHeadcount === null ? undefined : String(bandHeadcount)}
                          onChange={(v) => onChangeCell(day, meal, { headcount: v ?? null })}
                          aria-label={t('menus.plan.headcount')}
                          prefix={<span className="muted">{t('menus.plan.people')}</span>}
                          style={{ width: 104 }}
                        />
                      ) : (
                        <span className="muted tabular">
                          {t('menus.plan.headcountShort', {
                            count: entry?.headcount ?? bandHeadcount ?? 0,
                          })}
                        </span>
                      )}
                      {cost !== null && (
                        <Tooltip
                          title={
                            costsStale
                              ? t('menus.plan.costStale')
                              : t('menus.plan.costTip', { standard: formatYuan(standard) })
                          }
                        >
                          <span
                            className={`plan-cell-cost tabular${standard !== undefined && standard !== null && cost > standard ? ' over' : ''}${costsStale ? ' stale' : ''}`}
                          >
                            {formatYuan(cost)}
                            {standard !== undefined && standard !== null && (
                              <span className="muted"> / {formatYuan(standard)}</span>
                            )}
                          </span>
                        </Tooltip>
                      )}
                    </div>
                  )}
                  {dishIds.length > 0 && renderMealNutrition?.(day, meal, mealsOf(day))}
                  {errors.map((message) => (
                    <div key={message} className="plan-cell-error">
                      {message}
                    </div>
                  ))}
                </div>
              );
            }}
          />
        ))}
        <div className="plan-grid-meal plan-grid-meal-day">{t('menus.plan.dayRow')}</div>
        {days.map((day) => {
          const meals = mealsOf(day);
          return (
            <button
              type="button"
              key={day}
              className={`plan-grid-dayfoot${day === selectedDay ? ' is-selected' : ''}`}
              onClick={() => onSelectDay(day)}
              data-testid={`plan-day-${day}`}
            >
              {meals.length > 0 ? renderDayVerdict?.(day, meals) : <span className="muted">—</span>}
            </button>
          );
        })}
      </div>
    </div>
  );
}

function MealRow({
  meal,
  days,
  render,
}: {
  meal: Meal;
  days: string[];
  render: (day: string) => React.ReactNode;
}) {
  const { t } = useTranslation();
  return (
    <>
      <div className="plan-grid-meal">{t(`menus.meal.${meal}`)}</div>
      {days.map((day) => (
        <div key={day} className="plan-grid-cellwrap">
          {render(day)}
        </div>
      ))}
    </>
  );
}
