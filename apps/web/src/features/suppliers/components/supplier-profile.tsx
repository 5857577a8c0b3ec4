import { EditOutlined, StopOutlined, UndoOutlined } from '@ant-design/icons';
import { Alert, Button, Card, Descriptions, Space } from 'antd';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { TSupplier } from '@canteen/shared';
import { formatDateTime } from '@/lib/format';
import { BlacklistModal } from './blacklist-modal';
import { ExpiryTag } from './expiry-tag';
import { SupplierFormModal } from './supplier-form-modal';

interface SupplierProfileProps {
  supplier: TSupplier;
  /** registry: officials with supplier:write; self: the supplier's own user (contact fields only). */
  editable: 'registry' | 'self' | false;
  extra?: React.ReactNode;
}

/** Who the supplier is, whether it is blacklisted, and the worst state of its licences. */
export function SupplierProfile({ supplier, editable, extra }: SupplierProfileProps) {
  const { t } = useTranslation();
  const [dialog, setDialog] = useState<'edit' | 'blacklist' | null>(null);

  return (
    <>
      {supplier.blacklisted && (
        <Alert
          type="error"
          showIcon
          icon={<StopOutlined />}
          style={{ marginBottom: 16 }}
          message={t('suppliers.blacklistedBanner', { at: formatDateTime(supplier.blacklistedAt) })}
          description={supplier.blacklistReason}
          data-testid="blacklist-banner"
        />
      )}
      <Card
        size="small"
        className="section-card"
        title={t('suppliers.profile')}
        extra={
          <Space>
            {extra}
            {editable && (
              <Button icon={<EditOutlined />} onClick={() => setDialog('edit')}>
                {editable === 'self' ? t('suppliers.editContact') : t('common.edit')}
              </Button>
            )}
            {editable === 'registry' && (
              <Button
                danger={!supplier.blacklisted}
                icon={supplier.blacklisted ? <UndoOutlined /> : <StopOutlined />}
                onClick={() => setDialog('blacklist')}
              >
                {supplier.blacklisted ? t('suppliers.lift') : t('suppliers.blacklist')}
              </Button>
            )}
          </Space>
        }
      >
        <Descriptions
          size="small"
          column={{ xs: 1, md: 2, xl: 3 }}
          items={[
            { key: 'name', label: t('suppliers.field.name'), children: supplier.name },
            {
              key: 'creditCode',
              label: t('suppliers.field.creditCode'),
              children: <span className="tabular">{supplier.creditCode}</span>,
            },
            {
              key: 'kind',
              label: t('suppliers.field.kind'),
              children: t(`supply.supplierKind.${supplier.kind}`),
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
            {
              key: 'documents',
              label: t('suppliers.field.documentState'),
              children: <ExpiryTag state={supplier.documentState} />,
            },
            {
              key: 'address',
              label: t('suppliers.field.address'),
              children: supplier.address ?? '—',
              span: 'filled',
            },
          ]}
        />
      </Card>
      {editable && (
        <SupplierFormModal
          open={dialog === 'edit'}
          supplier={supplier}
          selfService={editable === 'self'}
          onClose={() => setDialog(null)}
        />
      )}
      {editable === 'registry' && (
        <BlacklistModal
          supplier={dialog === 'blacklist' ? supplier : null}
          onClose={() => setDialog(null)}
        />
      )}
    </>
  );
}
