import { Card, Empty } from 'antd';
import { useMemo } from 'react';
import { useTranslation } from 'react-i18next';
import { EChart, type EChartOption, usePreloadEChart } from '@/components/chart/echart';
import { ErrorAlert } from '@/components/ui/error-alert';
import { PageLoading } from '@/components/ui/page-loading';
import { formatRate } from '@/lib/format';
import { useConnectionTrend } from '../api/get-connection-trend';

const DAYS = 30;

/** 接入率 day by day from the daily snapshots (oldest first), with the counts behind each point. */
export function ConnectionTrendChart({ unitId, name }: { unitId: string; name: string }) {
  const { t } = useTranslation();
  usePreloadEChart();
  const { data, isPending, isError, error, refetch } = useConnectionTrend(unitId, DAYS);

  const option = useMemo<EChartOption>(() => {
    const points = data ?? [];
    return {
      grid: { left: 48, right: 48, top: 40, bottom: 32 },
      legend: { top: 4, right: 8, itemWidth: 14, itemHeight: 8 },
      tooltip: {
        trigger: 'axis',
        formatter: (params: unknown) => {
          const first = (params as { dataIndex: number }[])[0];
          const point = first ? points[first.dataIndex] : undefined;
          if (!point) return '';
          return [
            `<b>${point.day}</b>`,
            `${t('connection.rate')}：${formatRate(point.rate)}`,
            `${t('org.stats.canteens')}：${point.total}`,
            `${t('connection.status.connected')}：${point.connected}`,
            `${t('connection.status.suspended')}：${point.suspended}`,
          ].join('<br/>');
        },
      },
      xAxis: {
        type: 'category',
        boundaryGap: false,
        data: points.map((p) => p.day.slice(5)),
        axisLabel: { color: '#595959' },
      },
      yAxis: [
        {
          type: 'value',
          min: 0,
          max: 100,
          axisLabel: { formatter: '{value}%' },
          splitLine: { lineStyle: { type: 'dashed', color: '#e8e8e8' } },
        },
        { type: 'value', minInterval: 1, splitLine: { show: false } },
      ],
      series: [
        {
          name: t('connection.rate'),
          type: 'line',
          smooth: true,
          symbolSize: 6,
          data: points.map((p) => (p.rate === null ? null : Math.round(p.rate * 1000) / 10)),
          lineStyle: { width: 3, color: '#1456c7' },
          itemStyle: { color: '#1456c7' },
          areaStyle: { color: 'rgba(20, 86, 199, 0.08)' },
        },
        {
          name: t('connection.status.connected'),
          type: 'line',
          yAxisIndex: 1,
          symbol: 'none',
          data: points.map((p) => p.connected),
          lineStyle: { width: 1.5, color: '#52c41a', type: 'dashed' },
          itemStyle: { color: '#52c41a' },
        },
        {
          name: t('connection.status.suspended'),
          type: 'line',
          yAxisIndex: 1,
          symbol: 'none',
          data: points.map((p) => p.suspended),
          lineStyle: { width: 1.5, color: '#faad14', type: 'dashed' },
          itemStyle: { color: '#faad14' },
        },
      ],
    };
  }, [data, t]);

  return (
    <Card
      size="small"
      className="section-card"
      title={t('connection.trendTitle', { name, days: DAYS })}
      data-testid="connection-trend"
    >
      {isPending ? (
        <PageLoading />
      ) : isError ? (
        <ErrorAlert error={error} onRetry={() => void refetch()} />
      ) : data.length === 0 ? (
        <Empty description={t('connection.trendEmpty')} />
      ) : (
        <EChart
          option={option}
          height={260}
          ariaLabel={t('connection.trendTitle', { name, days: DAYS })}
        />
      )}
    </Card>
  );
}
