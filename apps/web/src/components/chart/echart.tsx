import { Spin } from 'antd';
import { lazy, Suspense } from 'react';
import type { EChartProps } from './echart-host';

export type { EChartOption } from './echart-host';

/*
 * ECharts is a quarter of a county home page's script (206 KB gzip). Loaded here rather than with the
 * page, the page's table and figures show while it downloads, and the chart fills its box after.
 */
const EChartHost = lazy(() => import('./echart-host').then((m) => ({ default: m.EChartHost })));

/** A chart of `height` pixels; the box is held, with a spinner, until ECharts has loaded. */
export function EChart({ height = 360, ...props }: EChartProps) {
  return (
    <Suspense
      fallback={
        <div style={{ height, display: 'flex', alignItems: 'center', justifyContent: 'center' }}>
          <Spin />
        </div>
      }
    >
      <EChartHost {...props} height={height} />
    </Suspense>
  );
}
