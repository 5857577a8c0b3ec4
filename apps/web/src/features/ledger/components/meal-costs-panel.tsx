import { Card, Empty, Statistic, Table, type TableColumnsType } from 'antd';
import { useMemo } from 'react';
import { useTranslation } from 'react-i18next';
import { MEALS, type Meal, type TMealCosts, type TPeriodQuery } from '@canteen/shared';
import { EChart, type EChartOption, usePreloadEChart } from '@/components/chart/echart';
import { ErrorAlert } from '@/components/ui/error-alert';
import { PageLoading } from '@/components/ui/page-loading';
import { formatYuan } from '@/lib/format';
import { useMealCosts } from '../api/get-meal-costs';

type Cell = TMealCosts['meals'][number];

interface DayRow {
  day: string;
  meals: Partial<Record<Meal, Cell>>;
  totalFen: number;
}

const MEAL_COLOR: Record<Meal, string> = {
  breakfast: '#f5c518',
  lunch: '#1456c7',
  dinner: '#13a8a8',
};

function MealCell({ cell }: { cell: Cell | undefined }) {
  const { t } = useTranslation();
  if (!cell) return <span className="muted">—</span>;
  return (
    <div className="ledger-report-cell">
      <span className="tabular">{formatYuan(cell.costFen)}</span>
      {cell.perStudentFen !== null && (
        <span className="tabular muted">
          {t('ledger.costs.perStudent', { value: formatYuan(cell.perStudentFen) })}
        </span>
      )}
    </div>
  );
}

/** 餐次成本: what was issued to the kitchen, per day and meal, in money. */
export function MealCostsPanel({ query }: { query: TPeriodQuery }) {
  const { t } = useTranslation();
  usePreloadEChart();
  const costs = useMealCosts(query);

  const rows = useMemo<DayRow[]>(() => {
    const byDay = new Map<string, DayRow>();
    for (const cell of costs.data?.meals ?? []) {
      const row = byDay.get(cell.day) ?? { day: cell.day, meals: {}, totalFen: 0 };
      row.meals[cell.meal] = cell;
      row.totalFen += cell.costFen;
      byDay.set(cell.day, row);
    }
    return [...byDay.values()].sort((a, b) => b.day.localeCompare(a.day));
  }, [costs.data]);

  const perMeal = useMemo(() => {
    const sums = Object.fromEntries(MEALS.map((m) => [m, { fen: 0, count: 0 }])) as Record<
      Meal,
      { fen: number; count: number }
    >;
    for (const cell of costs.data?.meals ?? []) {
      sums[cell.meal].fen += cell.costFen;
      sums[cell.meal].count += 1;
    }
    return sums;
  }, [costs.data]);

  if (costs.isPending) return <PageLoading />;
  if (costs.isError) return <ErrorAlert error={costs.error} onRetry={() => void costs.refetch()} />;

  const ascending = [...rows].reverse();
  const option: EChartOption = {
    tooltip: {
      trigger: 'axis',
      valueFormatter: (value: number) => formatYuan(Math.round(value * 100)),
    },
    legend: { top: 0 },
    grid: { left: 56, right: 16, top: 36, bottom: 28 },
    xAxis: { type: 'category', data: ascending.map((r) => r.day.slice(5)) },
    yAxis: { type: 'value', name: t('ledger.costs.yuan') },
    series: MEALS.map((meal) => ({
      name: t(`ledger.meal.${meal}`),
      type: 'bar',
      stack: 'cost',
      itemStyle: { color: MEAL_COLOR[meal] },
      data: ascending.map((r) => (r.meals[meal]?.costFen ?? 0) / 100),
    })),
  };

  const columns: TableColumnsType<DayRow> = [
    {
      title: t('ledger.field.day'),
      dataIndex: 'day',
      width: 120,
      render: (v: string) => <span className="tabular">{v}</span>,
    },
    ...MEALS.map((meal) => ({
      title: t(`ledger.meal.${meal}`),
      key: meal,
      align: 'right' as const,
      render: (_: unknown, row: DayRow) => <MealCell cell={row.meals[meal]} />,
    })),
    {
      title: t('ledger.costs.dayTotal'),
      dataIndex: 'totalFen',
      align: 'right',
      width: 130,
      render: (v: number) => <b className="tabular">{formatYuan(v)}</b>,
    },
  ];

  return (
    <div className="ledger-costs">
      <div className="ledger-stats">
        <Card size="small" className="stat-card">
          <Statistic title={t('ledger.costs.total')} value={formatYuan(costs.data.totalFen)} />
        </Card>
        {MEALS.map((meal) => (
          <Card size="small" className="stat-card" key={meal}>
            <Statistic
              title={t('ledger.costs.average', { meal: t(`ledger.meal.${meal}`) })}
              value={
                perMeal[meal].count
                  ? formatYuan(Math.round(perMeal[meal].fen / perMeal[meal].count))
                  : '—'
              }
            />
          </Card>
        ))}
      </div>
      {rows.length === 0 ? (
        <Card className="section-card" style={{ marginTop: 16 }}>
          <Empty description={t('ledger.costs.empty')} />
        </Card>
      ) : (
        <>
          <Card size="small" className="section-card" style={{ marginTop: 16 }}>
            <EChart option={option} height={260} ariaLabel={t('ledger.costs.chart')} />
          </Card>
          <Card size="small" className="section-card" style={{ marginTop: 16 }}>
            <div className="muted" style={{ marginBottom: 8 }}>
              {t('ledger.costs.headcountNote')}
            </div>
            <Table<DayRow>
              rowKey="day"
              size="middle"
              columns={columns}
              dataSource={rows}
              pagination={{ pageSize: 31, hideOnSinglePage: true }}
              data-testid="meal-costs"
            />
          </Card>
        </>
      )}
    </div>
  );
}
