import { Descriptions, Table, Typography } from 'antd';
import type { TFunction } from 'i18next';
import { useTranslation } from 'react-i18next';
import {
  DELIVERY_REFUSAL_REASONS,
  DEVIATION_STATUSES,
  MANIFEST_SOURCES,
  MEALS,
} from '@canteen/shared';
import { formatDateTime, formatYuan } from '@/lib/format';
import { foodGroupLabel, unitLabel } from '@/lib/labels';

/** Facts that rules commonly record; anything else is shown under its own name. */
const FACT_KEYS = [
  'ingredientName',
  'quantity',
  'acceptedQuantity',
  'unit',
  'costFen',
  'valueFen',
  'dayFen',
  'averageFen',
  'unitPriceFen',
  'referencePriceFen',
  'occurredOn',
  'day',
  'meal',
  'code',
  'supplier',
  'supplierName',
  'farmBaseName',
  'canteenName',
  'deliveryDate',
  'acceptedAt',
  'minInspectors',
  'inspectorCount',
  'daysToExpiry',
  'nearExpiryDays',
  'fifoOverride',
  'weekStart',
  'checkedOn',
  'kind',
  'number',
  'expiresOn',
  'daysLeft',
  'variancePercent',
  'markupPercent',
  'normDays',
  'lotCode',
  'lineNo',
  'lines',
  'thresholds',
  'city',
  'version',
  'reason',
  'issued',
  'expected',
  'deviation',
  'status',
  'overPercent',
  'underPercent',
  'recordVersion',
  'book',
  'counted',
  'variance',
  'share',
  'varianceFen',
  'source',
  'categories',
  'lineCount',
  'refusedAt',
] as const;
type FactKey = (typeof FACT_KEYS)[number];

const isOneOf = <T extends string>(values: readonly T[], value: unknown): value is T =>
  (values as readonly unknown[]).includes(value);
const isFactKey = (key: string): key is FactKey => isOneOf(FACT_KEYS, key);

/** Record ids mean nothing to a reader; the named facts beside them say the same. */
const isInternalId = (key: string) => /(^id$|Id$|Ids$)/.test(key);

function factLabel(t: TFunction, key: string): string {
  return isFactKey(key) ? t(`alerts.fact.${key}`) : key;
}

function scalarText(key: string, value: unknown): string {
  if (value === null || value === undefined || value === '') return '—';
  if (typeof value === 'boolean') return value ? '✓' : '✗';
  if (typeof value === 'number' && key.endsWith('Fen')) return formatYuan(value);
  // Rules record a deviation as a fraction (−0.776) and thresholds as whole per cents.
  if (typeof value === 'number' && (key === 'deviation' || key === 'share'))
    return `${value > 0 ? '+' : ''}${(value * 100).toFixed(1)}%`;
  if (typeof value === 'number' && key.endsWith('Percent')) return `${value}%`;
  if (typeof value === 'string' && /^\d{4}-\d{2}-\d{2}T/.test(value)) return formatDateTime(value);
  return String(value);
}

function FactValue({ name, value }: { name: string; value: unknown }) {
  const { t } = useTranslation();
  if (Array.isArray(value)) {
    if (value.every((v) => typeof v !== 'object' || v === null)) {
      const text = (v: unknown) =>
        name === 'categories' && typeof v === 'string' ? foodGroupLabel(t, v) : scalarText(name, v);
      return <>{value.map(text).join('、') || '—'}</>;
    }
    const rows = value as Record<string, unknown>[];
    // Columns in the catalogue's order (the ingredient first), whatever order the rule wrote.
    const rank = (key: string) => (isFactKey(key) ? FACT_KEYS.indexOf(key) : FACT_KEYS.length);
    const keys = [...new Set(rows.flatMap((row) => Object.keys(row ?? {})))]
      .filter((key) => !isInternalId(key))
      .sort((a, b) => rank(a) - rank(b));
    return (
      <Table
        size="small"
        pagination={false}
        rowKey={(_, index) => String(index)}
        dataSource={rows}
        columns={keys.map((key) => ({
          key,
          title: factLabel(t, key),
          render: (_: unknown, row: Record<string, unknown>) => (
            <FactValue name={key} value={row[key]} />
          ),
        }))}
        className="alert-fact-table"
      />
    );
  }
  if (typeof value === 'object' && value !== null) {
    const entries = Object.entries(value as Record<string, unknown>).filter(
      ([key]) => !isInternalId(key),
    );
    if ('name' in value && typeof (value as { name: unknown }).name === 'string') {
      return <>{(value as { name: string }).name}</>;
    }
    return (
      <>
        {entries
          .map(
            ([key, v]) =>
              `${factLabel(t, key)}：${typeof v === 'object' ? JSON.stringify(v) : scalarText(key, v)}`,
          )
          .join('；') || '—'}
      </>
    );
  }
  // Quantities carry the catalogue's unit codes ('kg', 'L'); readers see their names.
  if (name === 'unit' && typeof value === 'string') return <>{unitLabel(t, value)}</>;
  if (name === 'meal' && isOneOf(MEALS, value)) return <>{t(`menus.meal.${value}`)}</>;
  if (name === 'status' && isOneOf(DEVIATION_STATUSES, value))
    return <>{t(`menus.execution.status.${value}`)}</>;
  if (name === 'source' && isOneOf(MANIFEST_SOURCES, value))
    return <>{t(`supply.manifestSource.${value}`)}</>;
  if (name === 'reason' && isOneOf(DELIVERY_REFUSAL_REASONS, value))
    return <>{t(`alerts.refusalReason.${value}`)}</>;
  return <span className="tabular">{scalarText(name, value)}</span>;
}

/** The facts the rule found, as it recorded them (they differ from rule to rule). */
export function AlertFacts({ detail }: { detail: Record<string, unknown> }) {
  const { t } = useTranslation();
  const entries = Object.entries(detail).filter(([key]) => !isInternalId(key));
  if (entries.length === 0) return <Typography.Text type="secondary">—</Typography.Text>;
  // A list (a meal's ingredients) gets the card's whole width below the single facts.
  const lists = entries.filter(([, value]) => Array.isArray(value));
  return (
    <div data-testid="alert-facts">
      <Descriptions
        size="small"
        bordered
        column={{ xs: 1, md: 2 }}
        items={entries
          .filter(([, value]) => !Array.isArray(value))
          .map(([key, value]) => ({
            key,
            label: factLabel(t, key),
            children: <FactValue name={key} value={value} />,
          }))}
      />
      {lists.map(([key, value]) => (
        <div key={key} className="alert-fact-list">
          <Typography.Text strong>{factLabel(t, key)}</Typography.Text>
          <FactValue name={key} value={value} />
        </div>
      ))}
    </div>
  );
}
