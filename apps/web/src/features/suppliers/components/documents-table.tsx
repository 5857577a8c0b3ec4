import { UploadOutlined } from '@ant-design/icons';
import { Button, Table, type TableColumnsType } from 'antd';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { TSupplierDocument } from '@canteen/shared';
import { ErrorAlert } from '@/components/ui/error-alert';
import { FileLink } from '@/components/ui/file-link';
import { documentKindLabel } from '@/lib/labels';
import { useFarmBases } from '../api/get-farm-bases';
import { useSupplierDocuments } from '../api/get-supplier-documents';
import { DocumentUploadModal } from './document-upload-modal';
import { ExpiryTag } from './expiry-tag';

/** 资质证照: each licence with its number, validity, expiry badge and file. */
export function DocumentsTable({
  supplierId,
  canUpload,
}: {
  supplierId: string;
  canUpload: boolean;
}) {
  const { t } = useTranslation();
  const documents = useSupplierDocuments(supplierId);
  const farmBases = useFarmBases(supplierId);
  const [uploading, setUploading] = useState(false);

  const columns: TableColumnsType<TSupplierDocument> = [
    {
      title: t('suppliers.doc.kind'),
      dataIndex: 'kind',
      width: 180,
      render: (_, d) => (
        <div className="account-cell">
          <span className="account-cell-name">{documentKindLabel(t, d.kind)}</span>
          {d.farmBase && <span className="account-cell-username">{d.farmBase.name}</span>}
        </div>
      ),
    },
    {
      title: t('suppliers.doc.number'),
      dataIndex: 'number',
      render: (v: string) => <span className="tabular">{v}</span>,
    },
    {
      title: t('suppliers.doc.issuedOn'),
      dataIndex: 'issuedOn',
      width: 120,
      responsive: ['lg'],
      render: (v: string | null) => <span className="tabular">{v ?? '—'}</span>,
    },
    {
      title: t('suppliers.doc.expiresOn'),
      dataIndex: 'expiresOn',
      width: 120,
      render: (v: string | null) => (
        <span className="tabular">{v ?? t('suppliers.doc.permanent')}</span>
      ),
    },
    {
      title: t('suppliers.doc.state'),
      dataIndex: 'expiryState',
      width: 130,
      render: (_, d) => <ExpiryTag state={d.expiryState} />,
    },
    {
      title: t('suppliers.doc.file'),
      key: 'file',
      width: 220,
      ellipsis: true,
      render: (_, d) => (
        <FileLink
          path={`/suppliers/${supplierId}/documents/${d.id}/file`}
          name={d.file.originalName}
          contentType={d.file.contentType}
        />
      ),
    },
  ];

  if (documents.isError)
    return <ErrorAlert error={documents.error} onRetry={() => void documents.refetch()} />;

  return (
    <>
      {canUpload && (
        <div className="table-toolbar">
          <span className="muted">{t('suppliers.doc.hint')}</span>
          <Button type="primary" icon={<UploadOutlined />} onClick={() => setUploading(true)}>
            {t('suppliers.doc.upload')}
          </Button>
        </div>
      )}
      <Table<TSupplierDocument>
        rowKey="id"
        size="middle"
        columns={columns}
        dataSource={documents.data ?? []}
        loading={documents.isPending}
        pagination={false}
        scroll={{ x: 820 }}
        data-testid="documents-table"
      />
      <DocumentUploadModal
        open={uploading}
        supplierId={supplierId}
        farmBases={farmBases.data ?? []}
        onClose={() => setUploading(false)}
      />
    </>
  );
}
