import { Card, Descriptions, Space, Tag } from 'antd';
import { useTranslation } from 'react-i18next';
import type { TTraceSupplier } from '@canteen/shared';
import { FileLink } from '@/components/ui/file-link';
import { documentKindLabel } from '@/lib/labels';

/** The supplier of a lot, its contacts and its licences with their validity. */
export function TraceSupplierCard({
  supplier,
  size = 'default',
}: {
  supplier: TTraceSupplier;
  size?: 'default' | 'small';
}) {
  const { t } = useTranslation();
  return (
    <Card
      size="small"
      className="section-card"
      title={
        <Space size={8}>
          {supplier.name}
          {supplier.blacklisted && <Tag color="red">{t('suppliers.blacklisted')}</Tag>}
        </Space>
      }
    >
      <Descriptions
        size="small"
        column={size === 'small' ? 1 : { xs: 1, lg: 2, xxl: 3 }}
        items={[
          {
            key: 'code',
            label: t('suppliers.field.creditCode'),
            children: <span className="tabular">{supplier.creditCode}</span>,
          },
          {
            key: 'contact',
            label: t('suppliers.field.contactName'),
            children: supplier.contactName ?? '—',
          },
          {
            key: 'phone',
            label: t('suppliers.field.contactPhone'),
            children: <span className="tabular">{supplier.contactPhone ?? '—'}</span>,
          },
          ...(supplier.blacklistReason
            ? [
                {
                  key: 'reason',
                  label: t('suppliers.blacklistReason'),
                  children: supplier.blacklistReason,
                  span: 'filled' as const,
                },
              ]
            : []),
        ]}
      />
      <div className="trace-documents">
        {supplier.documents.map((d) => (
          <div key={d.id} className="trace-document">
            <Tag color={d.valid ? 'success' : 'error'}>
              {d.valid ? t('trace.docValid') : t('trace.docInvalid')}
            </Tag>
            <span className="trace-document-kind">{documentKindLabel(t, d.kind)}</span>
            <span className="tabular muted">{d.number}</span>
            <span className="muted">
              {d.expiresOn ? t('trace.until', { day: d.expiresOn }) : t('suppliers.doc.permanent')}
            </span>
            {d.file && (
              <FileLink
                path={`/suppliers/${supplier.id}/documents/${d.id}/file`}
                name={d.file.name}
                contentType={d.file.contentType}
              />
            )}
          </div>
        ))}
      </div>
    </Card>
  );
}
