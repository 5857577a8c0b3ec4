import { CopyOutlined, KeyOutlined, PlusOutlined, StopOutlined } from '@ant-design/icons';
import {
  Alert,
  App,
  Button,
  Form,
  Input,
  Modal,
  Table,
  Tag,
  Typography,
  type TableColumnsType,
} from 'antd';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { ZCreateApiKey, type TApiKey, type TCreatedApiKey } from '@canteen/shared';
import { ErrorAlert, errorText } from '@/components/ui/error-alert';
import { useOpenKey } from '@/components/ui/use-open-key';
import { applyApiErrorToForm, zodRule } from '@/lib/form-errors';
import { formatDateTime } from '@/lib/format';
import { useCreateApiKey } from '../api/create-api-key';
import { useApiKeys } from '../api/get-api-keys';
import { useRevokeApiKey } from '../api/revoke-api-key';

function CreateKeyModalBody({
  open,
  onClose,
  onCreated,
}: {
  open: boolean;
  onClose: () => void;
  onCreated: (key: TCreatedApiKey) => void;
}) {
  const { t, i18n } = useTranslation();
  const { message } = App.useApp();
  const [form] = Form.useForm<{ label: string }>();
  const create = useCreateApiKey();

  const submit = ({ label }: { label: string }) =>
    create.mutate(
      { label: label.trim() },
      {
        onSuccess: (key) => {
          onClose();
          onCreated(key);
        },
        onError: (error) => {
          if (!applyApiErrorToForm(form, error, i18n.language))
            void message.error(errorText(error, i18n.language, t('common.saveFailed')));
        },
      },
    );

  return (
    <Modal
      open={open}
      title={t('apiKeys.createTitle')}
      onCancel={onClose}
      onOk={() => form.submit()}
      okText={t('common.create')}
      confirmLoading={create.isPending}
      destroyOnHidden
      maskClosable={false}
    >
      <Form
        form={form}
        layout="vertical"
        onFinish={submit}
        preserve={false}
        style={{ marginTop: 16 }}
      >
        <Form.Item
          name="label"
          label={t('apiKeys.label')}
          required
          rules={[zodRule(ZCreateApiKey.shape.label)]}
          extra={t('apiKeys.labelHint')}
        >
          <Input maxLength={50} placeholder={t('apiKeys.labelPlaceholder')} />
        </Form.Item>
      </Form>
    </Modal>
  );
}

function CreateKeyModal(props: {
  open: boolean;
  onClose: () => void;
  onCreated: (key: TCreatedApiKey) => void;
}) {
  const key = useOpenKey(props.open);
  return <CreateKeyModalBody key={key} {...props} />;
}

/** Keys for the supplier's own system (JSON API): the secret is shown once, at creation. */
export function ApiKeysPanel() {
  const { t, i18n } = useTranslation();
  const { message, modal } = App.useApp();
  const keys = useApiKeys();
  const revoke = useRevokeApiKey();
  const [creating, setCreating] = useState(false);
  const [created, setCreated] = useState<TCreatedApiKey | null>(null);

  const confirmRevoke = (key: TApiKey) =>
    modal.confirm({
      title: t('apiKeys.revokeConfirm', { label: key.label }),
      content: t('apiKeys.revokeHint'),
      okButtonProps: { danger: true },
      okText: t('apiKeys.revoke'),
      onOk: () =>
        revoke
          .mutateAsync(key.id)
          .then(() => void message.success(t('apiKeys.revoked')))
          .catch(
            (error: unknown) =>
              void message.error(errorText(error, i18n.language, t('common.saveFailed'))),
          ),
    });

  const columns: TableColumnsType<TApiKey> = [
    {
      title: t('apiKeys.label'),
      dataIndex: 'label',
      render: (_, k) => (
        <span>
          <KeyOutlined className="muted" /> {k.label}
        </span>
      ),
    },
    {
      title: t('apiKeys.prefix'),
      dataIndex: 'prefix',
      width: 200,
      render: (v: string) => <code className="mono">{v}…</code>,
    },
    {
      title: t('apiKeys.state'),
      key: 'state',
      width: 110,
      render: (_, k) =>
        k.revokedAt ? (
          <Tag>{t('apiKeys.stateRevoked')}</Tag>
        ) : (
          <Tag color="success">{t('apiKeys.stateActive')}</Tag>
        ),
    },
    {
      title: t('apiKeys.createdAt'),
      dataIndex: 'createdAt',
      width: 170,
      responsive: ['lg'],
      render: (v: string) => <span className="tabular">{formatDateTime(v)}</span>,
    },
    {
      title: t('apiKeys.lastUsedAt'),
      dataIndex: 'lastUsedAt',
      width: 170,
      render: (v: string | null) => <span className="tabular">{formatDateTime(v)}</span>,
    },
    {
      title: t('common.actions'),
      key: 'actions',
      width: 100,
      render: (_, k) =>
        k.revokedAt ? (
          <span className="muted tabular">{formatDateTime(k.revokedAt).slice(0, 10)}</span>
        ) : (
          <Button
            type="link"
            size="small"
            danger
            icon={<StopOutlined />}
            onClick={() => confirmRevoke(k)}
          >
            {t('apiKeys.revoke')}
          </Button>
        ),
    },
  ];

  return (
    <>
      <div className="table-toolbar">
        <span className="muted">{t('apiKeys.hint')}</span>
        <Button type="primary" icon={<PlusOutlined />} onClick={() => setCreating(true)}>
          {t('apiKeys.create')}
        </Button>
      </div>
      {keys.isError ? (
        <ErrorAlert error={keys.error} onRetry={() => void keys.refetch()} />
      ) : (
        <Table<TApiKey>
          rowKey="id"
          size="middle"
          columns={columns}
          dataSource={keys.data ?? []}
          loading={keys.isPending}
          pagination={false}
          scroll={{ x: 760 }}
          data-testid="api-keys-table"
        />
      )}
      <CreateKeyModal open={creating} onClose={() => setCreating(false)} onCreated={setCreated} />
      <Modal
        open={!!created}
        title={t('apiKeys.createdTitle')}
        onCancel={() => setCreated(null)}
        footer={
          <Button type="primary" onClick={() => setCreated(null)}>
            {t('apiKeys.savedIt')}
          </Button>
        }
        maskClosable={false}
        destroyOnHidden
        width={620}
      >
        <Alert
          type="warning"
          showIcon
          message={t('apiKeys.onceWarning')}
          style={{ margin: '12px 0' }}
        />
        <Typography.Paragraph
          copyable={{
            text: created?.key ?? '',
            icon: [<CopyOutlined key="copy" />, <CopyOutlined key="copied" />],
            tooltips: [t('apiKeys.copy'), t('apiKeys.copied')],
          }}
          className="api-key-secret"
          data-testid="api-key-secret"
        >
          <code>{created?.key}</code>
        </Typography.Paragraph>
        <Typography.Paragraph type="secondary" style={{ marginBottom: 0 }}>
          {t('apiKeys.usage')}
          <code className="mono"> Authorization: Bearer {'<key>'}</code>
        </Typography.Paragraph>
      </Modal>
    </>
  );
}
