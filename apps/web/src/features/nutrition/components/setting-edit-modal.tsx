import { Alert, App, Form, Input, Modal, type FormInstance } from 'antd';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { ZReason, type SettingKey } from '@canteen/shared';
import { errorText } from '@/components/ui/error-alert';
import { useOpenKey } from '@/components/ui/use-open-key';
import { isApiError } from '@/lib/api-client';
import { zodRule } from '@/lib/form-errors';
import { usePutSetting } from '../api/put-setting';

interface SettingEditModalProps<V extends object> {
  open: boolean;
  title: React.ReactNode;
  settingKey: SettingKey;
  orgUnitId: string;
  /** 'restore' removes (part of) the unit's own value; only the reason is asked. */
  mode: 'edit' | 'restore';
  hint?: React.ReactNode;
  initialValues?: V;
  /** The value to store from the form's values, shown or not (null: inherit again). */
  toValue: (values: V) => unknown;
  children?: (form: FormInstance<V & { reason: string }>) => React.ReactNode;
  width?: number;
  onClose: () => void;
}

function SettingEditModalBody<V extends object>({
  open,
  title,
  settingKey,
  orgUnitId,
  mode,
  hint,
  initialValues,
  toValue,
  children,
  width,
  onClose,
}: SettingEditModalProps<V>) {
  const { t, i18n } = useTranslation();
  const { message } = App.useApp();
  const [form] = Form.useForm<V & { reason: string }>();
  const put = usePutSetting();
  const [refusal, setRefusal] = useState<string[]>([]);

  const submit = () => {
    setRefusal([]);
    // The whole store, not only the rendered fields: values the form does not show are kept.
    const values = form.getFieldsValue(true) as V & { reason: string };
    put.mutate(
      { key: settingKey, orgUnitId, value: toValue(values), reason: values.reason.trim() },
      {
        onSuccess: () => {
          void message.success(t('common.saved'));
          onClose();
        },
        onError: (error) => {
          const issues = isApiError(error)
            ? error.issues.map(
                (i) =>
                  `${i.path ? `${i.path}：` : ''}${i18n.language === 'en' ? i.messageEn : i.message}`,
              )
            : [];
          setRefusal(
            issues.length ? issues : [errorText(error, i18n.language, t('common.saveFailed'))],
          );
        },
      },
    );
  };

  return (
    <Modal
      open={open}
      title={title}
      onCancel={onClose}
      onOk={() => form.submit()}
      okText={mode === 'restore' ? t('menus.settings.restore') : t('common.save')}
      okButtonProps={{ danger: mode === 'restore' }}
      confirmLoading={put.isPending}
      width={width}
      destroyOnHidden
      maskClosable={false}
    >
      {hint && <p className="muted">{hint}</p>}
      <Form
        form={form}
        layout="vertical"
        onFinish={submit}
        initialValues={initialValues as never}
        data-testid="setting-form"
      >
        {mode === 'edit' && children?.(form)}
        <Form.Item name="reason" label={t('menus.settings.reason')} rules={[zodRule(ZReason)]}>
          <Input.TextArea rows={2} maxLength={500} showCount />
        </Form.Item>
      </Form>
      {refusal.length > 0 && (
        <Alert
          type="error"
          showIcon
          message={t('menus.settings.refused')}
          description={
            <ul className="nutrition-list">
              {refusal.map((r) => (
                <li key={r}>{r}</li>
              ))}
            </ul>
          }
        />
      )}
    </Modal>
  );
}

/** Every change to an inherited setting is audited with its reason. */
export function SettingEditModal<V extends object>(props: SettingEditModalProps<V>) {
  const key = useOpenKey(props.open);
  return <SettingEditModalBody key={key} {...props} />;
}
