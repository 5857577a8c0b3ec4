import { Alert, App, Col, Form, Input, Modal, Row, Select } from 'antd';
import { useMemo } from 'react';
import { useTranslation } from 'react-i18next';
import {
  ORG_LEVELS,
  ROLE_LEVELS,
  ZCreateUser,
  ZNewPassword,
  ZPhone,
  assignableRoles,
  levelIndex,
  type OrgLevel,
  type Role,
  type TUser,
} from '@canteen/shared';
import { errorText } from '@/components/ui/error-alert';
import { useOpenKey } from '@/components/ui/use-open-key';
import { OrgUnitTreeSelect } from '@/components/ui/org-unit-tree-select';
import { useCurrentUser } from '@/lib/auth';
import { applyApiErrorToForm, zodRule } from '@/lib/form-errors';
import { useCreateUser } from '../api/create-user';
import { useUpdateUser } from '../api/update-user';
import { PasswordInput } from './password-input';

export interface UnitRef {
  id: string;
  name: string;
  level: OrgLevel;
}

type Mode = { type: 'create'; unit?: UnitRef } | { type: 'edit'; user: TUser };

interface FormValues {
  username: string;
  displayName: string;
  phone?: string;
  role: Role;
  orgUnitId?: string;
  initialPassword: string;
}

function deepest(levels: readonly OrgLevel[]): OrgLevel {
  return levels.reduce<OrgLevel>((a, b) => (levelIndex(b) > levelIndex(a) ? b : a), ORG_LEVELS[0]);
}

/**
 * Creates or edits an account. Roles are limited to the ones the actor may assign, and the unit
 * picker to the levels where that role belongs (ROLE_LEVELS).
 */
function UserFormModalBody({
  open,
  mode,
  onClose,
}: {
  open: boolean;
  mode: Mode;
  onClose: () => void;
}) {
  const { t, i18n } = useTranslation();
  const { message } = App.useApp();
  const me = useCurrentUser();
  const [form] = Form.useForm<FormValues>();
  const create = useCreateUser();
  const update = useUpdateUser();
  const role = Form.useWatch('role', form);

  const fixedLevel = mode.type === 'edit' ? mode.user.orgUnit?.level : mode.unit?.level;
  const ownLevel = me.orgUnit ? levelIndex(me.orgUnit.level) : 0;
  const roles = useMemo(
    () =>
      assignableRoles(me.role).filter(
        (r) =>
          r !== 'supplier' &&
          ROLE_LEVELS[r].some((level) => levelIndex(level) >= ownLevel) &&
          (!fixedLevel || ROLE_LEVELS[r].includes(fixedLevel)),
      ),
    [me.role, ownLevel, fixedLevel],
  );

  // The form mounts afresh at each opening (destroyOnHidden), so initial values are read then.
  const initialValues: Partial<FormValues> =
    mode.type === 'edit'
      ? {
          displayName: mode.user.displayName,
          phone: mode.user.phone ?? undefined,
          role: mode.user.role,
        }
      : { orgUnitId: mode.unit?.id, role: roles.length === 1 ? roles[0] : undefined };

  const onError = (error: unknown) => {
    if (!applyApiErrorToForm(form, error, i18n.language)) {
      void message.error(errorText(error, i18n.language, t('common.saveFailed')));
    }
  };

  const submit = (values: FormValues) => {
    const phone = values.phone?.trim() || undefined;
    if (mode.type === 'create') {
      create.mutate(
        {
          username: values.username.trim(),
          displayName: values.displayName.trim(),
          phone,
          role: values.role,
          orgUnitId: values.orgUnitId,
          initialPassword: values.initialPassword,
        },
        {
          onSuccess: (user) => {
            void message.success(t('users.created', { username: user.username }));
            onClose();
          },
          onError,
        },
      );
    } else {
      const { user } = mode;
      update.mutate(
        {
          id: user.id,
          body: {
            displayName: values.displayName.trim(),
            phone: phone ?? null,
            ...(values.role !== user.role ? { role: values.role } : {}),
          },
        },
        {
          onSuccess: () => {
            void message.success(t('common.saved'));
            onClose();
          },
          onError,
        },
      );
    }
  };

  const roleLevels = role ? ROLE_LEVELS[role] : undefined;

  return (
    <Modal
      open={open}
      title={
        mode.type === 'create'
          ? t('users.createTitle')
          : t('users.editTitle', { name: mode.user.displayName })
      }
      onCancel={onClose}
      onOk={() => form.submit()}
      okText={mode.type === 'create' ? t('common.create') : t('common.save')}
      confirmLoading={create.isPending || update.isPending}
      width={640}
      destroyOnHidden
      maskClosable={false}
    >
      <Form
        form={form}
        layout="vertical"
        onFinish={submit}
        preserve={false}
        initialValues={initialValues}
        style={{ marginTop: 16 }}
        onValuesChange={(changed: Partial<FormValues>) => {
          if (mode.type === 'create' && !mode.unit && 'role' in changed)
            form.setFieldValue('orgUnitId', undefined);
        }}
      >
        <Row gutter={16}>
          <Col span={12}>
            {mode.type === 'create' ? (
              <Form.Item
                name="username"
                label={t('users.field.username')}
                rules={[
                  { required: true, message: t('users.usernameRequired') },
                  zodRule(ZCreateUser.shape.username),
                ]}
                extra={t('users.usernameHint')}
              >
                <Input maxLength={32} autoComplete="off" />
              </Form.Item>
            ) : (
              <Form.Item label={t('users.field.username')}>
                <Input value={mode.user.username} disabled />
              </Form.Item>
            )}
          </Col>
          <Col span={12}>
            <Form.Item
              name="displayName"
              label={t('users.field.displayName')}
              rules={[
                { required: true, message: t('users.displayNameRequired') },
                zodRule(ZCreateUser.shape.displayName),
              ]}
            >
              <Input maxLength={50} />
            </Form.Item>
          </Col>
        </Row>
        <Row gutter={16}>
          <Col span={12}>
            <Form.Item
              name="role"
              label={t('users.field.role')}
              rules={[{ required: true, message: t('users.roleRequired') }]}
            >
              <Select
                options={roles.map((r) => ({ value: r, label: t(`role.${r}`) }))}
                placeholder={t('users.rolePlaceholder')}
              />
            </Form.Item>
          </Col>
          <Col span={12}>
            <Form.Item
              name="phone"
              label={t('users.field.phone')}
              rules={[zodRule(ZPhone, { optional: true })]}
            >
              <Input maxLength={20} />
            </Form.Item>
          </Col>
        </Row>
        {mode.type === 'create' ? (
          <Form.Item
            name="orgUnitId"
            label={t('users.field.orgUnit')}
            rules={[{ required: true, message: t('users.unitRequired') }]}
            extra={
              roleLevels
                ? t('users.unitHint', {
                    levels: roleLevels.map((l) => t(`level.${l}`)).join(' / '),
                  })
                : undefined
            }
          >
            {mode.unit ? (
              <Select disabled options={[{ value: mode.unit.id, label: mode.unit.name }]} />
            ) : (
              <OrgUnitTreeSelect
                key={role ?? 'none'}
                selectableLevels={roleLevels ?? []}
                maxLevel={roleLevels ? deepest(roleLevels) : 'school'}
                disabled={!role}
                placeholder={role ? t('org.pickUnit') : t('users.pickRoleFirst')}
                allowClear={false}
                style={{ width: '100%' }}
              />
            )}
          </Form.Item>
        ) : (
          <Form.Item label={t('users.field.orgUnit')}>
            <Input value={mode.user.orgUnit?.name ?? '—'} disabled />
          </Form.Item>
        )}
        {mode.type === 'create' && (
          <>
            <Form.Item
              name="initialPassword"
              label={t('users.field.initialPassword')}
              rules={[
                { required: true, message: t('users.passwordRequired') },
                zodRule(ZNewPassword),
              ]}
              extra={t('password.rule')}
            >
              <PasswordInput />
            </Form.Item>
            <Alert type="info" showIcon message={t('users.mustChangeNote')} />
          </>
        )}
      </Form>
    </Modal>
  );
}

export function UserFormModal(props: { open: boolean; mode: Mode; onClose: () => void }) {
  const key = useOpenKey(props.open);
  return <UserFormModalBody key={key} {...props} />;
}
