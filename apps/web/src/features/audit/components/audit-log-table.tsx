import { ReloadOutlined } from '@ant-design/icons';
import {
  Button,
  DatePicker,
  Select,
  Space,
  Table,
  Tag,
  Tooltip,
  Typography,
  type TableColumnsType,
} from 'antd';
import type { Dayjs } from 'dayjs';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { Link } from 'react-router';
import type { TAuditEntry } from '@canteen/shared';
import { ErrorAlert } from '@/components/ui/error-alert';
import { OrgUnitTreeSelect } from '@/components/ui/org-unit-tree-select';
import { dayjs, formatDateTime, shanghaiDayEnd, shanghaiDayStart } from '@/lib/format';
import { useAuditLog, type AuditLogQuery } from '../api/get-audit-log';
import { AuditDiff } from './audit-diff';
import { AUDIT_ENTITIES, actionColor, actionLabel, entityLabel } from './audit-labels';

type Range = [Dayjs | null, Dayjs | null] | null;

/** What the record was, in words: its name in the snapshot, or the actor for their own sign-in. */
function subjectOf(entry: TAuditEntry): string | null {
  for (const snapshot of [entry.after, entry.before]) {
    if (snapshot && typeof snapshot === 'object') {
      const s = snapshot as Record<string, unknown>;
      const name = s.name ?? s.displayName ?? s.username;
      if (typeof name === 'string') return name;
    }
  }
  if (entry.entity === 'user' && entry.entityId === entry.actorId) return entry.actorName;
  return null;
}

/** The audit trail of the user's subtree, or of one unit's subtree when `orgUnitId` is given. */
export function AuditLogTable({ orgUnitId }: { orgUnitId?: string }) {
  const { t } = useTranslation();
  const [query, setQuery] = useState<AuditLogQuery>({ page: 1, pageSize: 20, orgUnitId });
  const [range, setRange] = useState<Range>(null);
  const log = useAuditLog(query);

  const patchQuery = (patch: AuditLogQuery) => setQuery((q) => ({ ...q, page: 1, ...patch }));

  const columns: TableColumnsType<TAuditEntry> = [
    {
      title: t('audit.at'),
      dataIndex: 'at',
      width: 180,
      render: (v: string) => <span className="tabular">{formatDateTime(v)}</span>,
    },
    {
      title: t('audit.actor'),
      dataIndex: 'actorName',
      width: 110,
      render: (v: string | null) => v ?? t('audit.system'),
    },
    {
      title: t('audit.ip'),
      dataIndex: 'ip',
      width: 130,
      responsive: ['lg'],
      render: (v: string | null) => <span className="tabular">{v ?? '—'}</span>,
    },
    {
      title: t('audit.actionLabel'),
      dataIndex: 'action',
      width: 140,
      render: (action: string) => <Tag color={actionColor(action)}>{actionLabel(t, action)}</Tag>,
    },
    {
      title: t('audit.entityLabel'),
      dataIndex: 'entity',
      width: 90,
      render: (entity: string) => entityLabel(t, entity),
    },
    {
      title: t('audit.subject'),
      key: 'subject',
      render: (_, entry) => {
        const subject = subjectOf(entry);
        const id = <Typography.Text type="secondary">{entry.entityId.slice(0, 8)}</Typography.Text>;
        const label = subject ?? id;
        return (
          <Tooltip title={entry.entityId}>
            {entry.entity === 'org_unit' ? (
              <Link to={`/org/${entry.entityId}`}>{label}</Link>
            ) : (
              <span>{label}</span>
            )}
          </Tooltip>
        );
      },
    },
  ];

  return (
    <>
      <div className="table-toolbar">
        <Space wrap>
          {!orgUnitId && (
            <OrgUnitTreeSelect
              value={query.orgUnitId}
              onChange={(id) => patchQuery({ orgUnitId: id })}
              placeholder={t('audit.filterUnit')}
              style={{ width: 220 }}
            />
          )}
          <Select
            allowClear
            value={query.entity}
            onChange={(entity?: string) => patchQuery({ entity })}
            placeholder={t('audit.filterEntity')}
            style={{ width: 150 }}
            options={AUDIT_ENTITIES.map((entity) => ({
              value: entity,
              label: entityLabel(t, entity),
            }))}
          />
          <DatePicker.RangePicker
            value={range}
            onChange={(next) => {
              setRange(next);
              const [from, to] = next ?? [null, null];
              patchQuery({
                from: from ? shanghaiDayStart(from) : undefined,
                to: to ? shanghaiDayEnd(to) : undefined,
              });
            }}
            disabledDate={(day) => day.isAfter(dayjs(), 'day')}
            presets={[
              { label: t('audit.preset.today'), value: [dayjs(), dayjs()] },
              { label: t('audit.preset.week'), value: [dayjs().subtract(6, 'day'), dayjs()] },
              { label: t('audit.preset.month'), value: [dayjs().subtract(29, 'day'), dayjs()] },
            ]}
          />
          <Tooltip title={t('common.refresh')}>
            <Button
              icon={<ReloadOutlined />}
              onClick={() => void log.refetch()}
              aria-label={t('common.refresh')}
            />
          </Tooltip>
        </Space>
        <Typography.Text type="secondary">{t('audit.tzNote')}</Typography.Text>
      </div>
      {log.isError ? (
        <ErrorAlert error={log.error} onRetry={() => void log.refetch()} />
      ) : (
        <Table<TAuditEntry>
          rowKey="id"
          size="middle"
          columns={columns}
          dataSource={log.data?.items ?? []}
          loading={log.isFetching}
          scroll={{ x: 760 }}
          data-testid="audit-table"
          expandable={{
            expandedRowRender: (entry) => <AuditDiff before={entry.before} after={entry.after} />,
            rowExpandable: (entry) => entry.before !== null || entry.after !== null,
          }}
          pagination={{
            current: query.page,
            pageSize: query.pageSize,
            total: log.data?.total ?? 0,
            showSizeChanger: true,
            pageSizeOptions: [20, 50, 100],
            showTotal: (total) => t('common.total', { total }),
            onChange: (page, pageSize) => setQuery((q) => ({ ...q, page, pageSize })),
          }}
        />
      )}
    </>
  );
}
