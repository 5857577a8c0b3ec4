import { ExportOutlined } from '@ant-design/icons';
import { Card, Empty, Grid, Space, Statistic, Table, Tooltip, type TableColumnsType } from 'antd';
import { useMemo } from 'react';
import { useTranslation } from 'react-i18next';
import { Link } from 'react-router';
import type { TConnectionRate } from '@canteen/shared';
import { EChart, type EChartOption, usePreloadEChart } from '@/components/chart/echart';
import { ErrorAlert } from '@/components/ui/error-alert';
import { PageLoading } from '@/components/ui/page-loading';
import { RateProgress, rateColor } from '@/components/ui/rate-progress';
import { formatRate } from '@/lib/format';
import { useConnectionRate } from '../api/get-connection-rate';
import { ConnectionTrendChart } from './connection-trend-chart';

type Child = TConnectionRate['children'][number];

/**
 * Sibling units usually share their parents' names as a prefix (达州市通川区…): the axis shows what
 * tells them apart, the tooltip the full name.
 */
export function shortLabels(names: string[]): string[] {
  if (names.length < 2) return names;
  let prefix = names[0] ?? '';
  for (const name of names) {
    while (prefix && !name.startsWith(prefix)) prefix = prefix.slice(0, -1);
  }
  return names.map((name) => (name.length - prefix.length >= 2 ? name.slice(prefix.length) : name));
}

/** Bar chart and table of 接入率 per child unit; clicking a unit drills down into it. */
export function ConnectionRatePanel({
  unitId,
  onDrill,
}: {
  unitId: string;
  onDrill: (id: string) => void;
}) {
  const { t } = useTranslation();
  usePreloadEChart();
  const { data, isPending, isError, error, refetch } = useConnectionRate(unitId);
  const wide = !!Grid.useBreakpoint().xl;

  const children = useMemo(
    () =>
      [...(data?.children ?? [])].sort(
        (a, b) => (b.rate ?? -1) - (a.rate ?? -1) || b.canteens - a.canteens,
      ),
    [data],
  );

  const option = useMemo<EChartOption>(() => {
    const many = children.length > 12;
    const labels = shortLabels(children.map((c) => c.name));
    return {
      grid: { left: 48, right: 24, top: 36, bottom: many ? 96 : 64 },
      tooltip: {
        trigger: 'axis',
        axisPointer: { type: 'shadow' },
        formatter: (params: unknown) => {
          const first = (params as { dataIndex: number }[])[0];
          const child = first ? children[first.dataIndex] : undefined;
          if (!child) return '';
          return [
            `<b>${child.name}</b>`,
            `${t('connection.rate')}：${formatRate(child.rate)}`,
            `${t('org.stats.canteens')}：${child.canteens}`,
            `${t('connection.status.connected')}：${child.connected}`,
            `${t('connection.status.suspended')}：${child.suspended}`,
            `${t('connection.status.not_connected')}：${child.notConnected}`,
          ].join('<br/>');
        },
      },
      xAxis: {
        type: 'category',
        data: labels,
        axisLabel: {
          interval: 0,
          rotate: many ? 35 : 0,
          width: many ? 110 : 84,
          overflow: many ? 'truncate' : 'break',
          lineHeight: 16,
          color: '#434343',
        },
        axisTick: { alignWithLabel: true },
      },
      yAxis: {
        type: 'value',
        min: 0,
        max: 100,
        axisLabel: { formatter: '{value}%' },
        splitLine: { lineStyle: { type: 'dashed', color: '#e8e8e8' } },
      },
      dataZoom:
        children.length > 20
          ? [{ type: 'slider', start: 0, end: (20 / children.length) * 100, bottom: 8, height: 16 }]
          : [],
      series: [
        {
          type: 'bar',
          barMaxWidth: 44,
          cursor: 'pointer',
          data: children.map((c) => ({
            value: c.rate === null ? 0 : Math.round(c.rate * 1000) / 10,
            itemStyle: { color: rateColor(c.rate), borderRadius: [3, 3, 0, 0] },
          })),
          label: {
            show: true,
            position: 'top',
            formatter: (p: { dataIndex: number }) =>
              formatRate(children[p.dataIndex]?.rate ?? null),
            color: '#262626',
            fontSize: 12,
          },
          markLine: {
            silent: true,
            symbol: 'none',
            lineStyle: { color: '#cf1322', type: 'dashed' },
            label: {
              formatter: t('connection.goalShort'),
              color: '#cf1322',
              position: 'insideEndTop',
            },
            data: [{ yAxis: 100 }],
          },
        },
      ],
    };
  }, [children, t]);

  const columns: TableColumnsType<Child> = [
    {
      title: t('connection.rank'),
      key: 'rank',
      width: 64,
      align: 'center',
      render: (_, __, index) => index + 1,
    },
    {
      title: t('org.field.name'),
      dataIndex: 'name',
      render: (_, row) => (
        <Space size={8}>
          {row.level === 'canteen' ? (
            <Link to={`/org/${row.id}`}>{row.name}</Link>
          ) : (
            <Tooltip title={t('connection.drillDown')}>
              <a onClick={() => onDrill(row.id)}>{row.name}</a>
            </Tooltip>
          )}
          {row.level !== 'canteen' && (
            <Tooltip title={t('org.unitPage')}>
              <Link to={`/org/${row.id}`} className="muted" aria-label={t('org.unitPage')}>
                <ExportOutlined />
              </Link>
            </Tooltip>
          )}
        </Space>
      ),
    },
    ...(wide
      ? [
          {
            title: t('org.field.level'),
            dataIndex: 'level',
            width: 110,
            render: (_: unknown, row: Child) => t(`level.${row.level}`),
          },
        ]
      : []),
    {
      title: t('org.stats.canteens'),
      dataIndex: 'canteens',
      width: 112,
      align: 'right',
      sorter: (a, b) => a.canteens - b.canteens,
    },
    { title: t('connection.status.connected'), dataIndex: 'connected', width: 96, align: 'right' },
    ...(wide
      ? [
          {
            title: t('connection.status.suspended'),
            dataIndex: 'suspended',
            width: 96,
            align: 'right' as const,
          },
        ]
      : []),
    {
      title: t('connection.status.not_connected'),
      dataIndex: 'notConnected',
      width: 96,
      align: 'right',
    },
    {
      title: t('connection.rate'),
      dataIndex: 'rate',
      width: 200,
      sorter: (a, b) => (a.rate ?? -1) - (b.rate ?? -1),
      render: (_, row) => <RateProgress rate={row.rate} />,
    },
  ];

  if (isPending) return <PageLoading />;
  if (isError) return <ErrorAlert error={error} onRetry={() => void refetch()} />;

  const total = data.total;
  return (
    <Space direction="vertical" size={16} style={{ width: '100%' }}>
      <div className="stats-grid stats-grid-5">
        {[
          { title: t('org.stats.canteens'), value: total.canteens },
          { title: t('connection.status.connected'), value: total.connected, color: '#389e0d' },
          { title: t('connection.status.suspended'), value: total.suspended, color: '#d48806' },
          {
            title: t('connection.status.not_connected'),
            value: total.notConnected,
            color: '#8c8c8c',
          },
        ].map((item) => (
          <Card key={item.title} size="small" className="stat-card">
            <Statistic
              title={item.title}
              value={item.value}
              valueStyle={item.color ? { color: item.color } : undefined}
            />
          </Card>
        ))}
        <Card size="small" className="stat-card">
          <Statistic
            title={t('connection.rateOf', { name: data.unit.name })}
            value={formatRate(total.rate)}
            valueStyle={{ color: rateColor(total.rate), fontWeight: 600 }}
          />
        </Card>
      </div>
      <ConnectionTrendChart unitId={data.unit.id} name={data.unit.name} />
      <Card
        size="small"
        title={t('connection.chartTitle', { name: data.unit.name })}
        className="section-card"
      >
        {children.length === 0 ? (
          <Empty description={t('connection.noChildren')} />
        ) : (
          <EChart
            option={option}
            height={380}
            ariaLabel={t('connection.chartTitle', { name: data.unit.name })}
            onClick={({ dataIndex }) => {
              const child = children[dataIndex];
              if (child && child.level !== 'canteen') onDrill(child.id);
            }}
          />
        )}
      </Card>
      <Card size="small" title={t('connection.tableTitle')} className="section-card">
        <Table<Child>
          rowKey="id"
          size="middle"
          columns={columns}
          dataSource={children}
          pagination={{ pageSize: 20, hideOnSinglePage: true, showSizeChanger: false }}
          scroll={{ x: 720 }}
          summary={() => (
            <Table.Summary fixed>
              <Table.Summary.Row className="table-summary">
                <Table.Summary.Cell index={0} colSpan={wide ? 3 : 2}>
                  {t('common.sum')}
                </Table.Summary.Cell>
                <Table.Summary.Cell index={3} align="right">
                  {total.canteens}
                </Table.Summary.Cell>
                <Table.Summary.Cell index={4} align="right">
                  {total.connected}
                </Table.Summary.Cell>
                {wide && (
                  <Table.Summary.Cell index={5} align="right">
                    {total.suspended}
                  </Table.Summary.Cell>
                )}
                <Table.Summary.Cell index={6} align="right">
                  {total.notConnected}
                </Table.Summary.Cell>
                <Table.Summary.Cell index={7}>
                  <RateProgress rate={total.rate} />
                </Table.Summary.Cell>
              </Table.Summary.Row>
            </Table.Summary>
          )}
        />
      </Card>
    </Space>
  );
}
