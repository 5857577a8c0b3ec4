import { Card, Empty } from 'antd';
import { useMemo } from 'react';
import { useTranslation } from 'react-i18next';
import { useNavigate } from 'react-router';
import type { TTraceGraph, TraceNodeKind } from '@canteen/shared';
import { EChart, type EChartOption } from '@/components/chart/echart';

/** The columns of the chain, left to right; batches fold into the delivery that brought them. */
const COLUMNS = ['farm_base', 'supplier', 'delivery', 'canteen'] as const;
type Column = (typeof COLUMNS)[number];

const COLOR: Record<Column, string> = {
  farm_base: '#389e0d',
  supplier: '#d46b08',
  delivery: '#1456c7',
  canteen: '#c41d7f',
};
const SYMBOL: Record<Column, string> = {
  farm_base: 'roundRect',
  supplier: 'diamond',
  delivery: 'circle',
  canteen: 'pin',
};

interface Node {
  id: string;
  kind: Column;
  refId: string;
  label: string;
  detail: string | null;
}

/** Drops the batch nodes, joining what led into a batch with what it led to. */
function foldBatches(graph: TTraceGraph): { nodes: Node[]; edges: { from: string; to: string }[] } {
  const isColumn = (kind: TraceNodeKind): kind is Column =>
    (COLUMNS as readonly string[]).includes(kind);
  const batches = new Set(graph.nodes.filter((n) => n.kind === 'batch').map((n) => n.id));
  const into = new Map<string, string[]>();
  const outOf = new Map<string, string[]>();
  for (const e of graph.edges) {
    if (batches.has(e.to)) into.set(e.to, [...(into.get(e.to) ?? []), e.from]);
    if (batches.has(e.from)) outOf.set(e.from, [...(outOf.get(e.from) ?? []), e.to]);
  }
  const edges = new Map<string, { from: string; to: string }>();
  const addEdge = (from: string, to: string) => edges.set(`${from}>${to}`, { from, to });
  for (const e of graph.edges) {
    if (!batches.has(e.from) && !batches.has(e.to)) addEdge(e.from, e.to);
  }
  for (const batch of batches) {
    for (const from of into.get(batch) ?? [])
      for (const to of outOf.get(batch) ?? []) addEdge(from, to);
  }
  const nodes = graph.nodes.flatMap((n) => (isColumn(n.kind) ? [{ ...n, kind: n.kind }] : []));
  return { nodes, edges: [...edges.values()] };
}

/**
 * The chain farm base → supplier → delivery → canteen as an ECharts graph in four columns.
 * Clicking a delivery opens it; clicking a canteen opens its unit page.
 */
export function TraceGraph({ graph, title }: { graph: TTraceGraph; title: string }) {
  const { t } = useTranslation();
  const navigate = useNavigate();
  const folded = useMemo(() => foldBatches(graph), [graph]);

  const { option, height } = useMemo(() => {
    const byColumn = new Map<Column, Node[]>(COLUMNS.map((c) => [c, []]));
    for (const node of folded.nodes) byColumn.get(node.kind)?.push(node);
    const tallest = Math.max(1, ...[...byColumn.values()].map((list) => list.length));
    const chartHeight = Math.min(1100, Math.max(320, tallest * 40 + 90));
    // Nodes spread evenly down their column over the whole drawing height, and two invisible
    // corner anchors fix the bounding box: ECharts then scales x and y alike, whatever the count.
    const usable = chartHeight - 70;
    const data = COLUMNS.flatMap((column, col) => {
      const list = byColumn.get(column) ?? [];
      const step = usable / list.length;
      return list.map((node, row) => ({
        id: node.id,
        name: node.label,
        x: col * 300,
        y: (row + 0.5) * step,
        category: col,
        symbol: SYMBOL[column],
        symbolSize: column === 'delivery' ? 14 : 20,
        itemStyle: { color: COLOR[column] },
        label: {
          show: true,
          position: 'right',
          width: col === COLUMNS.length - 1 ? 230 : 190,
          overflow: 'truncate',
          color: '#262626',
          fontSize: 12,
        },
        detail: node.detail,
        kind: column,
        refId: node.refId,
        cursor: column === 'delivery' || column === 'canteen' ? 'pointer' : 'default',
      }));
    });
    const anchors = [
      { id: '_top', x: 0, y: 0 },
      { id: '_bottom', x: (COLUMNS.length - 1) * 300, y: usable },
    ].map((a) => ({
      ...a,
      name: '',
      symbolSize: 0,
      label: { show: false },
      tooltip: { show: false },
      silent: true,
    }));
    const chartOption: EChartOption = {
      tooltip: {
        formatter: (params: unknown) => {
          const p = params as {
            dataType: string;
            data: { name?: string; detail?: string | null; kind?: Column };
          };
          if (p.dataType !== 'node' || !p.data.kind) return '';
          return [
            `<b>${t(`trace.kind.${p.data.kind}`)}</b>`,
            p.data.name ?? '',
            p.data.detail ?? '',
          ]
            .filter(Boolean)
            .join('<br/>');
        },
      },
      legend: {
        top: 0,
        left: 8,
        data: COLUMNS.map((c) => t(`trace.kind.${c}`)),
        selectedMode: false,
        itemGap: 20,
      },
      series: [
        {
          type: 'graph',
          layout: 'none',
          roam: true,
          top: 40,
          bottom: 20,
          left: 40,
          right: 250,
          categories: COLUMNS.map((c) => ({
            name: t(`trace.kind.${c}`),
            itemStyle: { color: COLOR[c] },
          })),
          nodeScaleRatio: 0,
          data: [...data, ...anchors],
          edges: folded.edges.map((e) => ({ source: e.from, target: e.to })),
          edgeSymbol: ['none', 'arrow'],
          edgeSymbolSize: 7,
          lineStyle: { color: '#adc6ff', width: 1.2, curveness: 0.08, opacity: 0.9 },
          emphasis: { focus: 'adjacency', lineStyle: { width: 2.5, color: '#1456c7' } },
        },
      ],
    };
    return { option: chartOption, height: chartHeight };
  }, [folded, t]);

  return (
    <Card size="small" className="section-card" title={title} data-testid="trace-graph">
      {folded.nodes.length === 0 ? (
        <Empty description={t('trace.noChain')} />
      ) : (
        <>
          <EChart
            option={option}
            height={height}
            ariaLabel={title}
            onClick={({ dataType, data }) => {
              if (dataType !== 'node') return;
              const node = data as { kind?: Column; refId?: string };
              if (node.kind === 'delivery' && node.refId)
                void navigate(`/deliveries/${node.refId}`);
              if (node.kind === 'canteen' && node.refId) void navigate(`/org/${node.refId}`);
            }}
          />
        </>
      )}
    </Card>
  );
}
