import { Table, Typography } from 'antd';
import { useTranslation } from 'react-i18next';
import type { TFunction } from 'i18next';
import { CONNECTION_STATUSES, ROLES, type ConnectionStatus, type Role } from '@canteen/shared';
import { formatDateTime } from '@/lib/format';
import { kindLabel } from '@/lib/labels';
import { fieldLabel } from './audit-labels';

type Snapshot = Record<string, unknown>;

const asRecord = (value: unknown): Snapshot | null =>
  value && typeof value === 'object' && !Array.isArray(value) ? (value as Snapshot) : null;

const ISO = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}/;
const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

/** Internal bookkeeping that says nothing to a reader (the materialised path, tree depth, row id). */
const HIDDEN = new Set(['id', 'path', 'depth']);

/** Known values are shown as a reader would say them (statuses, roles, kinds, times). */
function display(t: TFunction, field: string, value: unknown): string {
  if (value === null || value === undefined || value === '') return '—';
  if (typeof value === 'boolean') return value ? t('common.yes') : t('common.no');
  if (typeof value === 'string') {
    if (
      field === 'connectionStatus' &&
      (CONNECTION_STATUSES as readonly string[]).includes(value)
    ) {
      return t(`connection.status.${value as ConnectionStatus}`);
    }
    if (field === 'role' && (ROLES as readonly string[]).includes(value))
      return t(`role.${value as Role}`);
    if (field === 'kind') return kindLabel(t, value);
    if (ISO.test(value)) return formatDateTime(value);
    if (UUID.test(value)) return `${value.slice(0, 8)}…`;
    return value;
  }
  if (typeof value === 'number') return String(value);
  return JSON.stringify(value);
}

interface DiffRow {
  field: string;
  before: string;
  after: string;
  changed: boolean;
}

/** Before and after of one audit entry, field by field, changed fields first and marked. */
export function AuditDiff({ before, after }: { before: unknown; after: unknown }) {
  const { t } = useTranslation();
  const b = asRecord(before);
  const a = asRecord(after);
  if (!b && !a) return <Typography.Text type="secondary">{t('audit.noDetails')}</Typography.Text>;

  const fields = [...new Set([...Object.keys(b ?? {}), ...Object.keys(a ?? {})])].filter(
    (f) => !HIDDEN.has(f),
  );
  const rows: DiffRow[] = fields
    .map((field) => {
      const before = b ? display(t, field, b[field]) : '—';
      const after = a ? display(t, field, a[field]) : '—';
      return {
        field,
        before,
        after,
        changed: !!b && !!a && JSON.stringify(b[field]) !== JSON.stringify(a[field]),
      };
    })
    .sort((x, y) => Number(y.changed) - Number(x.changed));

  return (
    <Table<DiffRow>
      className="audit-diff"
      rowKey="field"
      size="small"
      pagination={false}
      dataSource={rows}
      rowClassName={(row) => (row.changed ? 'audit-diff-changed' : '')}
      columns={[
        {
          title: t('audit.fieldName'),
          dataIndex: 'field',
          width: 160,
          render: (f: string) => fieldLabel(t, f),
        },
        ...(b
          ? [{ title: t('audit.before'), dataIndex: 'before', className: 'audit-diff-before' }]
          : []),
        ...(a
          ? [{ title: t('audit.after'), dataIndex: 'after', className: 'audit-diff-after' }]
          : []),
      ]}
    />
  );
}
