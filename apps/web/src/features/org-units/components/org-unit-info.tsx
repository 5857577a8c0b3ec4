import { Card, Descriptions } from 'antd';
import { useTranslation } from 'react-i18next';
import type { TOrgUnitDetail } from '@canteen/shared';
import { ConnectionStatusTag } from '@/components/ui/connection-status-tag';
import { formatDateTime } from '@/lib/format';
import { kindLabel } from '@/lib/labels';

export function OrgUnitInfo({ unit }: { unit: TOrgUnitDetail }) {
  const { t } = useTranslation();
  const parent = unit.ancestors[unit.ancestors.length - 1];
  const empty = <span className="muted">{t('common.notFilled')}</span>;
  const items = [
    { key: 'name', label: t('org.field.name'), children: unit.name },
    { key: 'code', label: t('org.field.code'), children: unit.code },
    { key: 'level', label: t('org.field.level'), children: t(`level.${unit.level}`) },
    { key: 'kind', label: t('org.field.kind'), children: kindLabel(t, unit.kind) },
    { key: 'parent', label: t('org.field.parent'), children: parent?.name ?? '—' },
    ...(unit.level === 'school'
      ? [
          {
            key: 'enrolment',
            label: t('org.field.enrolment'),
            children:
              unit.enrolment === null
                ? empty
                : `${unit.enrolment.toLocaleString()} ${t('org.people')}`,
          },
        ]
      : []),
    ...(unit.level === 'canteen'
      ? [
          {
            key: 'status',
            label: t('connection.statusLabel'),
            children: <ConnectionStatusTag status={unit.connectionStatus} />,
          },
          {
            key: 'connectedAt',
            label: t('connection.connectedAt'),
            children: formatDateTime(unit.connectedAt),
          },
        ]
      : [{ key: 'children', label: t('org.field.childCount'), children: unit.childCount }]),
    { key: 'contactName', label: t('org.field.contactName'), children: unit.contactName ?? empty },
    {
      key: 'contactPhone',
      label: t('org.field.contactPhone'),
      children: unit.contactPhone ?? empty,
    },
    { key: 'updatedAt', label: t('org.field.updatedAt'), children: formatDateTime(unit.updatedAt) },
    {
      key: 'address',
      label: t('org.field.address'),
      children: unit.address ?? empty,
      span: 'filled' as const,
    },
  ];
  return (
    <Card title={t('org.basicInfo')} size="small" className="section-card">
      <Descriptions
        items={items}
        column={{ xs: 1, sm: 2, md: 2, lg: 3, xl: 3, xxl: 3 }}
        size="small"
        styles={{ label: { width: 110 } }}
      />
    </Card>
  );
}
