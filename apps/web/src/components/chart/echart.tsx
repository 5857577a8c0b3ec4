import { Spin } from 'antd';
import { lazy, Suspense, useEffect } from 'react';
import type { EChartProps } from './echart-host';

export type { EChartOption } from './echart-host';

/*
 * ECharts is a quarter of a county home page's script (206 KB gzip). Loaded here rather than with the
 * page, the page's table and figures show while it downloads, and the chart fills its box after.
 */
let host: Promise<typeof import('./echart-host')> | undefined;
const loadHost = () => (host ??= import('./echart-host'));
const EChartHost = lazy(() => loadHost().then((m) => ({ default: m.EChartHost })));

/** For a panel that fetches its data before it draws: ECharts downloads beside the data, not after it. */
export function usePreloadEChart() {
  useEffect(() => void loadHost(), []);
}

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
