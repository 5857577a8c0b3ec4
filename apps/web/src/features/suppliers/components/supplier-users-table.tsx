import { PlusOutlined } from '@ant-design/icons';
import {
  Alert,
  App,
  Button,
  Form,
  Input,
  Modal,
  Space,
  Table,
  Tag,
  type TableColumnsType,
} from 'antd';
import { useTranslation } from 'react-i18next';
import { useState } from 'react';
import {
  ZCreateSupplierUser,
  ZNewPassword,
  ZPhone,
  type TCreateSupplierUser,
  type TSupplierUser,
} from '@canteen/shared';
import { ErrorAlert, errorText } from '@/components/ui/error-alert';
import { useOpenKey } from '@/components/ui/use-open-key';
import { applyApiErrorToForm, zodRule } from '@/lib/form-errors';
import { formatDateTime } from '@/lib/format';
import { useCreateSupplierUser } from '../api/create-supplier-user';
import { useSupplierUsers } from '../api/get-supplier-users';

function CreateSupplierUserModalBody({
  open,
  supplierId,
  onClose,
}: {
  open: boolean;
  supplierId: string;
  onClose: () => void;
}) {
  const { t, i18n } = useTranslation();
  const { message } = App.useApp();
  const [form] = Form.useForm<TCreateSupplierUser>();
  const create = useCreateSupplierUser();

  const submit = (values: TCreateSupplierUser) =>
    create.mutate(
      {
        supplierId,
        body: {
          username: values.username.trim(),
          displayName: values.displayName.trim(),
          phone: values.phone?.trim() || undefined,
          initialPassword: values.initialPassword,
        },
      },
      {
        onSuccess: (user) => {
          void message.success(t('users.created', { username: user.username }));
          onClose();
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
      title={t('suppliers.account.createTitle')}
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
          name="username"
          label={t('users.field.username')}
          rules={[
            { required: true, message: t('users.usernameRequired') },
            zodRule(ZCreateSupplierUser.shape.username),
          ]}
          extra={t('users.usernameHint')}
        >
          <Input maxLength={32} autoComplete="off" />
        </Form.Item>
        <Form.Item
          name="displayName"
          label={t('users.field.displayName')}
          rules={[
            { required: true, message: t('users.displayNameRequired') },
            zodRule(ZCreateSupplierUser.shape.displayName),
          ]}
        >
          <Input maxLength={50} />
        </Form.Item>
        <Form.Item
          name="phone"
          label={t('users.field.phone')}
          rules={[zodRule(ZPhone, { optional: true })]}
        >
          <Input maxLength={20} />
        </Form.Item>
        <Form.Item
          name="initialPassword"
          label={t('users.field.initialPassword')}
          rules={[{ required: true, message: t('users.passwordRequired') }, zodRule(ZNewPassword)]}
          extra={t('password.rule')}
        >
          <Input autoComplete="new-password" className="mono-input" />
        </Form.Item>
        <Alert type="info" showIcon message={t('users.mustChangeNote')} />
      </Form>
    </Modal>
  );
}

function CreateSupplierUserModal(props: {
  open: boolean;
  supplierId: string;
  onClose: () => void;
}) {
  const key = useOpenKey(props.open);
  return <CreateSupplierUserModalBody key={key} {...props} />;
}

/** The supplier's own accounts (role 供应商): created by the register, they see only their company. */
export function SupplierUsersTable({
  supplierId,
  canCreate,
}: {
  supplierId: string;
  canCreate: boolean;
}) {
  const { t } = useTranslation();
  const users = useSupplierUsers(supplierId);
  const [creating, setCreating] = useState(false);

  const columns: TableColumnsType<TSupplierUser> = [
    {
      title: t('users.field.account'),
      key: 'account',
      render: (_, u) => (
        <div className="account-cell">
          <span className="account-cell-name">{u.displayName}</span>
          <span className="account-cell-username">{u.username}</span>
        </div>
      ),
    },
    {
      title: t('users.field.phone'),
      dataIndex: 'phone',
      width: 150,
      render: (v: string | null) => <span className="tabular">{v ?? '—'}</span>,
    },
    {
      title: t('users.field.status'),
      key: 'status',
      width: 180,
      render: (_, u) => (
        <Space size={4} wrap>
          {u.disabled ? (
            <Tag>{t('users.status.disabled')}</Tag>
          ) : (
            <Tag color="success">{t('users.status.active')}</Tag>
          )}
          {u.mustChangePassword && <Tag color="warning">{t('users.status.mustChange')}</Tag>}
        </Space>
      ),
    },
    {
      title: t('users.field.lastLoginAt'),
      dataIndex: 'lastLoginAt',
      width: 180,
      render: (v: string | null) => <span className="tabular">{formatDateTime(v)}</span>,
    },
  ];

  if (users.isError) return <ErrorAlert error={users.error} onRetry={() => void users.refetch()} />;

  return (
    <>
      {canCreate && (
        <div className="table-toolbar">
          <span className="muted">{t('suppliers.account.hint')}</span>
          <Button icon={<PlusOutlined />} onClick={() => setCreating(true)}>
            {t('suppliers.account.create')}
          </Button>
        </div>
      )}
      <Table<TSupplierUser>
        rowKey="id"
        size="middle"
        columns={columns}
        dataSource={users.data ?? []}
        loading={users.isPending}
        pagination={false}
        scroll={{ x: 640 }}
      />
      <CreateSupplierUserModal
        open={creating}
        supplierId={supplierId}
        onClose={() => setCreating(false)}
      />
    </>
  );
}
