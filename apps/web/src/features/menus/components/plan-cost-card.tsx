import { Card, Tooltip } from 'antd';
import { useTranslation } from 'react-i18next';
import { MEALS, type TPlan } from '@canteen/shared';
import { dayjs, formatYuan } from '@/lib/format';

/**
 * Planned ingredient cost per student of each meal (all age bands, headcount-weighted) against
 * the meal-fund standard in force at the canteen, as of the last save.
 */
export function PlanCostCard({
  plan,
  days,
  stale,
}: {
  plan: TPlan;
  days: string[];
  stale: boolean;
}) {
  const { t } = useTranslation();
  const meals = MEALS.filter((meal) => plan.costs.some((c) => c.meal === meal));
  return (
    <Card
      size="small"
      className="section-card plan-cost-card"
      data-testid="plan-costs"
      title={t('menus.cost.plannedTitle')}
      extra={
        <span className="muted">
          {plan.fundStandardSource
            ? t('menus.cost.standardFrom', { name: plan.fundStandardSource.name })
            : t('menus.cost.standardDefault')}
        </span>
      }
    >
      {stale && (
        <div className="muted" style={{ marginBottom: 8 }}>
          {t('menus.plan.costStale')}
        </div>
      )}
      <table className="compact-table">
        <thead>
          <tr>
            <th />
            {days.map((day) => (
              <th key={day}>{dayjs(day).format('ddd MM-DD')}</th>
            ))}
            <th>{t('menus.cost.standard')}</th>
          </tr>
        </thead>
        <tbody>
          {meals.map((meal) => (
            <tr key={meal}>
              <th>{t(`menus.meal.${meal}`)}</th>
              {days.map((day) => {
                const cost = plan.costs.find((c) => c.day === day && c.meal === meal);
                if (!cost)
                  return (
                    <td key={day} className="muted">
                      —
                    </td>
                  );
                const unknown = cost.plannedPerStudentFen === null;
                return (
                  <td
                    key={day}
                    className={`tabular${cost.overStandard ? ' cost-over' : ''}${unknown ? ' muted' : ''}`}
                  >
                    <Tooltip
                      title={
                        unknown
                          ? t('menus.cost.uncosted', {
                              items: cost.uncosted
                                .map((gap) =>
                                  t(`menus.cost.missing.${gap.missing}`, { name: gap.name }),
                                )
                                .join('、'),
                            })
                          : t('menus.cost.cellTip', {
                              headcount: cost.headcount,
                              standard: formatYuan(cost.fundStandardFen),
                            })
                      }
                    >
                      <span data-testid={unknown ? 'cost-unknown' : undefined}>
                        {formatYuan(cost.plannedPerStudentFen)}
                      </span>
                    </Tooltip>
                  </td>
                );
              })}
              <td className="tabular muted">
                {formatYuan(plan.costs.find((c) => c.meal === meal)?.fundStandardFen)}
              </td>
            </tr>
          ))}
        </tbody>
      </table>
    </Card>
  );
}
