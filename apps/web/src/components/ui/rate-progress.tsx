import { Progress } from 'antd';
import { formatRate } from '@/lib/format';

/** Thresholds for colouring only; the goal for 接入率 is 100 % of canteens. */
export function rateColor(rate: number | null): string {
  if (rate === null) return '#bfbfbf';
  if (rate >= 0.999) return '#389e0d';
  if (rate >= 0.8) return '#1677ff';
  if (rate >= 0.6) return '#fa8c16';
  return '#cf1322';
}

export function RateProgress({ rate, width = 140 }: { rate: number | null; width?: number }) {
  if (rate === null) return <span style={{ color: '#8c8c8c' }}>—</span>;
  return (
    <div style={{ display: 'flex', alignItems: 'center', gap: 8, minWidth: width }}>
      <Progress
        percent={Math.round(rate * 1000) / 10}
        showInfo={false}
        size="small"
        strokeColor={rateColor(rate)}
        style={{ flex: 1, margin: 0 }}
      />
      <span style={{ width: 52, textAlign: 'right', fontVariantNumeric: 'tabular-nums' }}>
        {formatRate(rate)}
      </span>
    </div>
  );
}
