import {
  EditOutlined,
  KeyOutlined,
  MoreOutlined,
  PlusOutlined,
  ReloadOutlined,
  StopOutlined,
  UnlockOutlined,
  CheckCircleOutlined,
} from '@ant-design/icons';
import {
  App,
  Button,
  Dropdown,
  Input,
  Select,
  Space,
  Table,
  Tag,
  Tooltip,
  type TableColumnsType,
} from 'antd';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { ROLES, type Role, type TUser } from '@canteen/shared';
import { ErrorAlert, errorText } from '@/components/ui/error-alert';
import { OrgUnitTreeSelect } from '@/components/ui/org-unit-tree-select';
import { useCurrentUser } from '@/lib/auth';
import { can, canManageAccount } from '@/lib/authorization';
import { formatDateTime } from '@/lib/format';
import { useUsers, type UserListQuery } from '../api/get-users';
import { useUnlockUser } from '../api/unlock-user';
import { useUpdateUser } from '../api/update-user';
import { ResetPasswordModal } from './reset-password-modal';
import { RoleTag } from './role-tag';
import { UserFormModal, type UnitRef } from './user-form-modal';

type Dialog = { type: 'create' } | { type: 'edit'; user: TUser } | null;

/** Accounts of the user's subtree, or of one unit when `unit` is given (the unit page's tab). */
export function UsersTable({ unit }: { unit?: UnitRef }) {
  const { t, i18n } = useTranslation();
  const { message, modal } = App.useApp();
  const me = useCurrentUser();
  const [query, setQuery] = useState<UserListQuery>({ page: 1, pageSize: 20, orgUnitId: unit?.id });
  const [search, setSearch] = useState('');
  const [dialog, setDialog] = useState<Dialog>(null);
  const [resetting, setResetting] = useState<TUser | null>(null);
  const users = useUsers(query);
  const update = useUpdateUser();
  const unlock = useUnlockUser();
  const canWrite = can(me, 'user:write');

  const patchQuery = (patch: UserListQuery) => setQuery((q) => ({ ...q, page: 1, ...patch }));

  const fail = (error: unknown) =>
    void message.error(errorText(error, i18n.language, t('common.saveFailed')));

  const toggleDisabled = (user: TUser) => {
    const disabling = !user.disabled;
    modal.confirm({
      title: disabling
        ? t('users.disableConfirm', { name: user.displayName })
        : t('users.enableConfirm', { name: user.displayName }),
      content: disabling ? t('users.disableHint') : undefined,
      okButtonProps: { danger: disabling },
      onOk: () =>
        update
          .mutateAsync({ id: user.id, body: { disabled: disabling } })
          .then(() => void message.success(disabling ? t('users.disabled') : t('users.enabled')))
          .catch(fail),
    });
  };

  const doUnlock = (user: TUser) =>
    unlock.mutate(user.id, {
      onSuccess: () => void message.success(t('users.unlocked')),
      onError: fail,
    });

  const statusTags = (user: TUser) => (
    <Space size={4} wrap>
      {user.disabled ? (
        <Tag color="default">{t('users.status.disabled')}</Tag>
      ) : (
        <Tag color="success">{t('users.status.active')}</Tag>
      )}
      {user.locked && <Tag color="error">{t('users.status.locked')}</Tag>}
      {user.mustChangePassword && <Tag color="warning">{t('users.status.mustChange')}</Tag>}
    </Space>
  );

  const columns: TableColumnsType<TUser> = [
    {
      title: t('users.field.account'),
      key: 'account',
      width: 210,
      render: (_, u) => (
        <div className="account-cell">
          <span className="account-cell-name">{u.displayName}</span>
          <span className="account-cell-username">{u.username}</span>
        </div>
      ),
    },
    {
      title: t('users.field.role'),
      dataIndex: 'role',
      width: 170,
      render: (role: Role) => <RoleTag role={role} />,
    },
    ...(unit
      ? []
      : [
          {
            title: t('users.field.orgUnit'),
            key: 'unit',
            ellipsis: true,
            render: (_: unknown, u: TUser) => u.orgUnit?.name ?? '—',
          },
        ]),
    {
      title: t('users.field.phone'),
      dataIndex: 'phone',
      width: 130,
      responsive: ['xl'],
      render: (v: string | null) => <span className="tabular">{v ?? '—'}</span>,
    },
    { title: t('users.field.status'), key: 'status', width: 150, render: (_, u) => statusTags(u) },
    {
      title: t('users.field.lastLoginAt'),
      dataIndex: 'lastLoginAt',
      width: 170,
      responsive: ['lg'],
      render: (v: string | null) => <span className="tabular">{formatDateTime(v)}</span>,
    },
    ...(canWrite
      ? [
          {
            title: t('common.actions'),
            key: 'actions',
            width: 120,
            fixed: 'right' as const,
            render: (_: unknown, user: TUser) => {
              if (!canManageAccount(me, user)) {
                return (
                  <Tooltip title={t('users.higherRank')}>
                    <span className="muted">—</span>
                  </Tooltip>
                );
              }
              const self = user.id === me.id;
              return (
                <Space size={0}>
                  <Button
                    type="link"
                    size="small"
                    icon={<EditOutlined />}
                    onClick={() => setDialog({ type: 'edit', user })}
                  >
                    {t('common.edit')}
                  </Button>
                  <Dropdown
                    trigger={['click']}
                    menu={{
                      items: [
                        {
                          key: 'reset',
                          icon: <KeyOutlined />,
                          label: t('users.resetPassword'),
                          onClick: () => setResetting(user),
                        },
                        ...(user.locked
                          ? [
                              {
                                key: 'unlock',
                                icon: <UnlockOutlined />,
                                label: t('users.unlock'),
                                onClick: () => doUnlock(user),
                              },
                            ]
                          : []),
                        ...(self
                          ? []
                          : [
                              user.disabled
                                ? {
                                    key: 'enable',
                                    icon: <CheckCircleOutlined />,
                                    label: t('users.enable'),
                                    onClick: () => toggleDisabled(user),
                                  }
                                : {
                                    key: 'disable',
                                    icon: <StopOutlined />,
                                    danger: true,
                                    label: t('users.disable'),
                                    onClick: () => toggleDisabled(user),
                                  },
                            ]),
                      ],
                    }}
                  >
                    <Button
                      type="link"
                      size="small"
                      icon={<MoreOutlined />}
                      aria-label={t('common.more')}
                    />
                  </Dropdown>
                </Space>
              );
            },
          },
        ]
      : []),
  ];

  return (
    <>
      <div className="table-toolbar">
        <Space wrap>
          {!unit && (
            <OrgUnitTreeSelect
              value={query.orgUnitId}
              onChange={(orgUnitId) => patchQuery({ orgUnitId })}
              maxLevel="school"
              placeholder={t('users.filterUnit')}
              style={{ width: 220 }}
            />
          )}
          <Select
            allowClear
            value={query.role}
            onChange={(role?: Role) => patchQuery({ role })}
            placeholder={t('users.filterRole')}
            style={{ width: 170 }}
            options={ROLES.filter((r) => r !== 'supplier').map((r) => ({
              value: r,
              label: t(`role.${r}`),
            }))}
          />
          <Input.Search
            allowClear
            value={search}
            onChange={(e) => {
              setSearch(e.target.value);
              if (!e.target.value) patchQuery({ q: undefined });
            }}
            onSearch={(q) => patchQuery({ q: q.trim() || undefined })}
            placeholder={t('users.searchPlaceholder')}
            style={{ width: 240 }}
          />
          <Tooltip title={t('common.refresh')}>
            <Button
              icon={<ReloadOutlined />}
              onClick={() => void users.refetch()}
              aria-label={t('common.refresh')}
            />
          </Tooltip>
        </Space>
        {canWrite && (
          <Button
            type="primary"
            icon={<PlusOutlined />}
            onClick={() => setDialog({ type: 'create' })}
          >
            {t('users.create')}
          </Button>
        )}
      </div>
      {users.isError ? (
        <ErrorAlert error={users.error} onRetry={() => void users.refetch()} />
      ) : (
        <Table<TUser>
          rowKey="id"
          size="middle"
          columns={columns}
          dataSource={users.data?.items ?? []}
          loading={users.isFetching}
          scroll={{ x: 880 }}
          data-testid="users-table"
          pagination={{
            current: query.page,
            pageSize: query.pageSize,
            total: users.data?.total ?? 0,
            showSizeChanger: true,
            showTotal: (total) => t('common.total', { total }),
            onChange: (page, pageSize) => setQuery((q) => ({ ...q, page, pageSize })),
          }}
        />
      )}
      <UserFormModal
        open={dialog !== null}
        mode={
          dialog?.type === 'edit' ? { type: 'edit', user: dialog.user } : { type: 'create', unit }
        }
        onClose={() => setDialog(null)}
      />
      <ResetPasswordModal user={resetting} onClose={() => setResetting(null)} />
    </>
  );
}
