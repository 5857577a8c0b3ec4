import { Card, Col, Empty, Row, Statistic, Table, Tag, Tooltip, type TableColumnsType } from 'antd';
import { useTranslation } from 'react-i18next';
import type {
  TExecutionMeal,
  TMassBalanceDay,
  TMenuCosts,
  TMenuPeriodQuery,
} from '@canteen/shared';
import { ErrorAlert } from '@/components/ui/error-alert';
import { PageLoading } from '@/components/ui/page-loading';
import { dayjs, formatYuan } from '@/lib/format';
import { quantityText } from '@/lib/labels';
import { useExecution } from '../api/get-execution';
import { useMenuCosts } from '../api/get-menu-costs';
import { deviationText } from '../utils/menu-labels';
import { ExecutionLinesTable } from './execution-lines-table';
import './menus.css';

const kg = (value: number) => `${value.toLocaleString('zh-CN', { maximumFractionDigits: 1 })} kg`;

function dayText(day: string) {
  return dayjs(day).format('MM-DD dd');
}

/**
 * 执行情况 for officials and the school: per meal and ingredient, the recipes' demand (grams ×
 * headcount) against the ledger's issues, the day's mass balance, and the cost per student beside
 * the planned cost and the fund standard.
 */
export function ExecutionView({ query }: { query: TMenuPeriodQuery }) {
  const { t } = useTranslation();
  const execution = useExecution(query);
  const costs = useMenuCosts(query);
  if (execution.isError)
    return <ErrorAlert error={execution.error} onRetry={() => void execution.refetch()} />;
  if (!execution.data) return <PageLoading />;
  const data = execution.data;
  const judged = data.meals.filter((m) => m.headcountSource === 'served');
  const flagged = data.meals.filter((m) => m.outOfTolerance);
  const overLines = data.meals.flatMap((m) => m.lines).filter((l) => l.status === 'over').length;

  return (
    <div className="execution-view" data-testid="execution-view">
      <Row gutter={[12, 12]}>
        <Col xs={12} md={6}>
          <Card size="small" className="section-card">
            <Statistic
              title={t('menus.execution.mealsJudged')}
              value={judged.length}
              suffix={`/ ${data.meals.length}`}
            />
          </Card>
        </Col>
        <Col xs={12} md={6}>
          <Card size="small" className="section-card">
            <Statistic
              title={t('menus.execution.mealsFlagged')}
              value={flagged.length}
              valueStyle={{ color: flagged.length ? '#cf1322' : undefined }}
            />
          </Card>
        </Col>
        <Col xs={12} md={6}>
          <Card size="small" className="section-card">
            <Statistic
              title={t('menus.execution.overLines')}
              value={overLines}
              valueStyle={{ color: overLines ? '#cf1322' : undefined }}
            />
          </Card>
        </Col>
        <Col xs={12} md={6}>
          <Card size="small" className="section-card">
            <Statistic
              title={t('menus.execution.costPerStudent')}
              value={formatYuan(costs.data?.totals.actualPerStudentFen)}
            />
          </Card>
        </Col>
      </Row>
      <div className="muted" style={{ margin: '8px 0 4px' }}>
        {t('menus.execution.toleranceNote', {
          over: Math.round(data.tolerance.over * 100),
          under: Math.round(data.tolerance.under * 100),
        })}
      </div>

      <Card
        size="small"
        className="section-card"
        title={t('menus.execution.mealsTitle')}
        style={{ marginTop: 8 }}
      >
        <MealsTable meals={data.meals} />
      </Card>

      <Card
        size="small"
        className="section-card"
        title={t('menus.execution.massBalance')}
        style={{ marginTop: 12 }}
      >
        <MassBalanceTable days={data.massBalance} />
      </Card>

      <Card
        size="small"
        className="section-card"
        title={t('menus.cost.title')}
        style={{ marginTop: 12 }}
      >
        {costs.isError ? <ErrorAlert error={costs.error} /> : <CostsTable costs={costs.data} />}
      </Card>
    </div>
  );
}

function MealsTable({ meals }: { meals: TExecutionMeal[] }) {
  const { t } = useTranslation();
  const columns: TableColumnsType<TExecutionMeal> = [
    { title: t('menus.execution.day'), dataIndex: 'day', width: 110, render: dayText },
    {
      title: t('menus.execution.meal'),
      dataIndex: 'meal',
      width: 80,
      render: (meal: TExecutionMeal['meal']) => t(`menus.meal.${meal}`),
    },
    {
      title: t('menus.execution.headcount'),
      key: 'headcount',
      width: 140,
      render: (_, m) =>
        m.headcountSource === 'planned' && m.headcount === 0 ? (
          <span className="muted">—</span>
        ) : (
          <span>
            <span className="tabular">{m.headcount}</span>{' '}
            <Tag bordered={false} color={m.headcountSource === 'served' ? 'blue' : 'default'}>
              {t(`menus.execution.source.${m.headcountSource}`)}
            </Tag>
          </span>
        ),
    },
    {
      title: t('menus.execution.expectedCost'),
      dataIndex: 'expectedFen',
      align: 'right',
      render: (v: number) => <span className="tabular">{formatYuan(v)}</span>,
    },
    {
      title: t('menus.execution.issuedCost'),
      dataIndex: 'issuedFen',
      align: 'right',
      render: (v: number) => <span className="tabular">{formatYuan(v)}</span>,
    },
    {
      title: t('menus.execution.deviation'),
      dataIndex: 'deviation',
      align: 'right',
      width: 110,
      render: (v: number | null, m) => (
        <span className={`tabular${m.outOfTolerance ? ' deviation-flagged' : ''}`}>
          {deviationText(v)}
        </span>
      ),
    },
    {
      title: t('menus.execution.flags'),
      key: 'flags',
      width: 200,
      render: (_, m) => {
        const over = m.lines.filter((l) => l.status === 'over').length;
        const under = m.lines.filter((l) => l.status === 'under').length;
        const unplanned = m.lines.filter((l) => l.status === 'unplanned').length;
        return (
          <span className="execution-flags">
            {m.outOfTolerance && <Tag color="red">{t('menus.execution.outOfTolerance')}</Tag>}
            {over > 0 && (
              <Tag color="red" bordered={false}>
                {t('menus.execution.overCount', { count: over })}
              </Tag>
            )}
            {under > 0 && (
              <Tag color="orange" bordered={false}>
                {t('menus.execution.underCount', { count: under })}
              </Tag>
            )}
            {unplanned > 0 && (
              <Tag color="purple" bordered={false}>
                {t('menus.execution.unplannedCount', { count: unplanned })}
              </Tag>
            )}
            {!m.plan && <Tag>{t('menus.execution.noPlan')}</Tag>}
          </span>
        );
      },
    },
  ];
  return (
    <Table<TExecutionMeal>
      size="small"
      rowKey={(m) => `${m.day}|${m.meal}`}
      columns={columns}
      dataSource={meals}
      pagination={false}
      scroll={{ x: 900 }}
      data-testid="execution-meals"
      rowClassName={(m) => (m.outOfTolerance ? 'execution-meal-flagged' : '')}
      expandable={{
        expandedRowRender: (m) => <ExecutionLinesTable lines={m.lines} />,
        rowExpandable: (m) => m.lines.length > 0,
      }}
      locale={{ emptyText: <Empty description={t('menus.execution.empty')} /> }}
    />
  );
}

function MassBalanceTable({ days }: { days: TMassBalanceDay[] }) {
  const { t } = useTranslation();
  const columns: TableColumnsType<TMassBalanceDay> = [
    { title: t('menus.execution.day'), dataIndex: 'day', width: 110, render: dayText },
    {
      title: t('menus.balance.delivered'),
      dataIndex: 'deliveredFen',
      align: 'right',
      render: (v: number) => <span className="tabular">{formatYuan(v)}</span>,
    },
    {
      title: t('menus.balance.stockedIn'),
      dataIndex: 'stockedInFen',
      align: 'right',
      render: (v: number) => <span className="tabular">{formatYuan(v)}</span>,
    },
    {
      title: t('menus.balance.issued'),
      dataIndex: 'issuedFen',
      align: 'right',
      render: (v: number) => <span className="tabular">{formatYuan(v)}</span>,
    },
    {
      title: t('menus.balance.issuedEdible'),
      dataIndex: 'issuedEdibleKg',
      align: 'right',
      render: (v: number) => <span className="tabular">{kg(v)}</span>,
    },
    {
      title: t('menus.balance.served'),
      dataIndex: 'servedKg',
      align: 'right',
      render: (v: number, d) => (
        <Tooltip title={t('menus.balance.servedTip', { count: d.headcount })}>
          <span className="tabular">{kg(v)}</span>
        </Tooltip>
      ),
    },
    {
      title: t('menus.balance.leftover'),
      dataIndex: 'leftoverKg',
      align: 'right',
      render: (v: number, d) => (
        <span className="tabular">
          {kg(v)}
          {d.servedKg > 0 && (
            <span className="muted"> ({Math.round((v / d.servedKg) * 100)}%)</span>
          )}
        </span>
      ),
    },
    {
      title: t('menus.execution.headcount'),
      dataIndex: 'headcount',
      align: 'right',
      render: (v: number) => <span className="tabular">{v}</span>,
    },
  ];
  return (
    <Table<TMassBalanceDay>
      size="small"
      rowKey="day"
      columns={columns}
      dataSource={days}
      pagination={false}
      scroll={{ x: 900 }}
      data-testid="mass-balance"
      expandable={{
        rowExpandable: (d) => d.ingredients.length > 0,
        expandedRowRender: (d) => (
          <table className="compact-table">
            <thead>
              <tr>
                <th>{t('menus.execution.ingredient')}</th>
                <th>{t('menus.balance.delivered')}</th>
                <th>{t('menus.balance.stockedIn')}</th>
                <th>{t('menus.execution.expected')}</th>
                <th>{t('menus.balance.issued')}</th>
              </tr>
            </thead>
            <tbody>
              {d.ingredients.map((row) => (
                <tr key={row.ingredient.id}>
                  <td>{row.ingredient.name}</td>
                  <td className="tabular">{quantityText(t, row.delivered, row.ingredient.unit)}</td>
                  <td className="tabular">{quantityText(t, row.stockedIn, row.ingredient.unit)}</td>
                  <td className="tabular">{quantityText(t, row.expected, row.ingredient.unit)}</td>
                  <td className="tabular">{quantityText(t, row.issued, row.ingredient.unit)}</td>
                </tr>
              ))}
            </tbody>
          </table>
        ),
      }}
    />
  );
}

type CostRow = TMenuCosts['meals'][number];

function CostsTable({ costs }: { costs: TMenuCosts | undefined }) {
  const { t } = useTranslation();
  const columns: TableColumnsType<CostRow> = [
    { title: t('menus.execution.day'), dataIndex: 'day', width: 110, render: dayText },
    {
      title: t('menus.execution.meal'),
      dataIndex: 'meal',
      width: 80,
      render: (meal: CostRow['meal']) => t(`menus.meal.${meal}`),
    },
    {
      title: t('menus.cost.issued'),
      dataIndex: 'issuedFen',
      align: 'right',
      render: (v: number) => <span className="tabular">{formatYuan(v)}</span>,
    },
    {
      title: t('menus.cost.served'),
      dataIndex: 'servedHeadcount',
      align: 'right',
      render: (v: number | null) => <span className="tabular">{v ?? '—'}</span>,
    },
    {
      title: t('menus.cost.actual'),
      dataIndex: 'actualPerStudentFen',
      align: 'right',
      render: (v: number | null, row) => (
        <strong
          className={`tabular${v !== null && row.fundStandardFen !== null && v > row.fundStandardFen ? ' cost-over' : ''}`}
        >
          {formatYuan(v)}
        </strong>
      ),
    },
    {
      title: t('menus.cost.planned'),
      dataIndex: 'plannedPerStudentFen',
      align: 'right',
      render: (v: number | null) => <span className="tabular">{formatYuan(v)}</span>,
    },
    {
      title: t('menus.cost.standard'),
      dataIndex: 'fundStandardFen',
      align: 'right',
      render: (v: number | null) => <span className="tabular muted">{formatYuan(v)}</span>,
    },
  ];
  return (
    <>
      <div className="muted" style={{ marginBottom: 8 }}>
        {costs?.fundStandardSource
          ? t('menus.cost.standardFrom', { name: costs.fundStandardSource.name })
          : t('menus.cost.standardDefault')}
      </div>
      <Table<CostRow>
        size="small"
        rowKey={(r) => `${r.day}|${r.meal}`}
        columns={columns}
        dataSource={costs?.meals}
        loading={!costs}
        pagination={false}
        scroll={{ x: 800 }}
        data-testid="menu-costs"
      />
    </>
  );
}
