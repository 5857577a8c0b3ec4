import { InboxOutlined } from '@ant-design/icons';
import { App, Col, DatePicker, Form, Input, Modal, Row, Select, Upload } from 'antd';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import {
  DOCUMENT_KINDS,
  ZCreateSupplierDocument,
  pickLanguage,
  type DocumentKind,
  type TFarmBase,
} from '@canteen/shared';
import { errorText } from '@/components/ui/error-alert';
import { useOpenKey } from '@/components/ui/use-open-key';
import { applyApiErrorToForm } from '@/lib/form-errors';
import type { dayjs } from '@/lib/format';
import { contractLanguage } from '@/lib/i18n';
import { documentKindLabel } from '@/lib/labels';
import { useCreateSupplierDocument } from '../api/create-supplier-document';

/** The API's own ceiling (UPLOAD_MAX_BYTES, 10 MB by default); checked here first to save the upload. */
const MAX_BYTES = 10 * 1024 * 1024;
const ACCEPT = '.pdf,.jpg,.jpeg,.png,application/pdf,image/jpeg,image/png';

interface FormValues {
  kind: DocumentKind;
  number: string;
  issuedOn?: dayjs.Dayjs;
  expiresOn?: dayjs.Dayjs;
  farmBaseId?: string;
}

interface DocumentUploadModalProps {
  open: boolean;
  supplierId: string;
  farmBases: TFarmBase[];
  onClose: () => void;
}

function DocumentUploadModalBody({
  open,
  supplierId,
  farmBases,
  onClose,
}: DocumentUploadModalProps) {
  const { t, i18n } = useTranslation();
  const { message } = App.useApp();
  const [form] = Form.useForm<FormValues>();
  const [file, setFile] = useState<File | null>(null);
  const [fileError, setFileError] = useState<string | null>(null);
  const create = useCreateSupplierDocument();

  const submit = (values: FormValues) => {
    if (!file) {
      setFileError(t('suppliers.doc.fileRequired'));
      return;
    }
    const fields = {
      kind: values.kind,
      number: values.number.trim(),
      issuedOn: values.issuedOn?.format('YYYY-MM-DD'),
      expiresOn: values.expiresOn?.format('YYYY-MM-DD'),
      farmBaseId: values.farmBaseId,
    };
    const parsed = ZCreateSupplierDocument.safeParse(fields);
    if (!parsed.success) {
      form.setFields(
        parsed.error.issues.map((issue) => ({
          name: String(issue.path[0]) as keyof FormValues,
          errors: [pickLanguage(issue.message, contractLanguage(i18n.language))],
        })),
      );
      return;
    }
    create.mutate(
      { supplierId, fields: parsed.data, file },
      {
        onSuccess: () => {
          void message.success(t('suppliers.doc.uploaded'));
          onClose();
        },
        onError: (error) => {
          if (!applyApiErrorToForm(form, error, i18n.language))
            void message.error(errorText(error, i18n.language, t('common.saveFailed')));
        },
      },
    );
  };

  return (
    <Modal
      open={open}
      title={t('suppliers.doc.uploadTitle')}
      onCancel={onClose}
      onOk={() => form.submit()}
      okText={t('suppliers.doc.upload')}
      confirmLoading={create.isPending}
      width={640}
      destroyOnHidden
      maskClosable={false}
    >
      <Form
        form={form}
        layout="vertical"
        onFinish={submit}
        preserve={false}
        initialValues={{ kind: 'food_business_licence' }}
        style={{ marginTop: 16 }}
      >
        <Row gutter={16}>
          <Col span={12}>
            <Form.Item name="kind" label={t('suppliers.doc.kind')} rules={[{ required: true }]}>
              <Select
                options={DOCUMENT_KINDS.map((k) => ({ value: k, label: documentKindLabel(t, k) }))}
              />
            </Form.Item>
          </Col>
          <Col span={12}>
            <Form.Item
              name="number"
              label={t('suppliers.doc.number')}
              rules={[{ required: true, message: t('suppliers.doc.numberRequired') }]}
            >
              <Input maxLength={60} className="mono-input" />
            </Form.Item>
          </Col>
        </Row>
        <Row gutter={16}>
          <Col span={12}>
            <Form.Item name="issuedOn" label={t('suppliers.doc.issuedOn')}>
              <DatePicker style={{ width: '100%' }} />
            </Form.Item>
          </Col>
          <Col span={12}>
            <Form.Item
              name="expiresOn"
              label={t('suppliers.doc.expiresOn')}
              extra={t('suppliers.doc.expiresHint')}
            >
              <DatePicker style={{ width: '100%' }} />
            </Form.Item>
          </Col>
        </Row>
        {farmBases.length > 0 && (
          <Form.Item name="farmBaseId" label={t('suppliers.doc.farmBase')}>
            <Select
              allowClear
              placeholder={t('suppliers.doc.farmBasePlaceholder')}
              options={farmBases.map((b) => ({ value: b.id, label: b.name }))}
            />
          </Form.Item>
        )}
        <Form.Item
          label={t('suppliers.doc.file')}
          required
          validateStatus={fileError ? 'error' : undefined}
          help={fileError ?? t('suppliers.doc.fileHint')}
        >
          <Upload.Dragger
            accept={ACCEPT}
            maxCount={1}
            fileList={
              file ? [{ uid: 'file', name: file.name, status: 'done', size: file.size }] : []
            }
            beforeUpload={(picked) => {
              if (picked.size > MAX_BYTES) {
                setFileError(t('suppliers.doc.fileTooLarge'));
                return Upload.LIST_IGNORE;
              }
              setFile(picked);
              setFileError(null);
              return false;
            }}
            onRemove={() => setFile(null)}
          >
            <p className="ant-upload-drag-icon">
              <InboxOutlined />
            </p>
            <p className="ant-upload-text">{t('suppliers.doc.drop')}</p>
          </Upload.Dragger>
        </Form.Item>
      </Form>
    </Modal>
  );
}

export function DocumentUploadModal(props: DocumentUploadModalProps) {
  const key = useOpenKey(props.open);
  return <DocumentUploadModalBody key={key} {...props} />;
}
