import { Alert, App, Form, Input, Modal, Select } from 'antd';
import { useEffect, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { ORG_LEVELS, ZReason, levelIndex, type TOrgUnitDetail } from '@canteen/shared';
import { errorText } from '@/components/ui/error-alert';
import { useOpenKey } from '@/components/ui/use-open-key';
import { applyApiErrorToForm, zodRule } from '@/lib/form-errors';
import { useOrgUnits } from '@/lib/org-unit-lookup';
import { useMoveOrgUnit } from '../api/move-org-unit';

interface FormValues {
  newParentId: string;
  reason: string;
}

/** Moves a unit, with its whole subtree, under another unit of the level above. */
function MoveOrgUnitModalBody({
  open,
  unit,
  onClose,
}: {
  open: boolean;
  unit: TOrgUnitDetail;
  onClose: () => void;
}) {
  const { t, i18n } = useTranslation();
  const { message } = App.useApp();
  const [form] = Form.useForm<FormValues>();
  const move = useMoveOrgUnit();
  const [search, setSearch] = useState('');
  const [query, setQuery] = useState('');
  const parentLevel = ORG_LEVELS[levelIndex(unit.level) - 1];
  const currentParent = unit.ancestors[unit.ancestors.length - 1];

  useEffect(() => {
    const timer = setTimeout(() => setQuery(search.trim()), 250);
    return () => clearTimeout(timer);
  }, [search]);

  const candidates = useOrgUnits(
    { level: parentLevel, q: query || undefined, pageSize: 50 },
    { enabled: open && !!parentLevel },
  );
  const options = (candidates.data?.items ?? [])
    .filter((candidate) => candidate.id !== unit.parentId)
    .map((candidate) => ({ value: candidate.id, label: candidate.name }));

  const submit = (values: FormValues) => {
    move.mutate(
      { id: unit.id, body: { newParentId: values.newParentId, reason: values.reason.trim() } },
      {
        onSuccess: () => {
          void message.success(t('org.moved', { name: unit.name }));
          onClose();
        },
        onError: (error) => {
          if (!applyApiErrorToForm(form, error, i18n.language)) {
            void message.error(errorText(error, i18n.language, t('common.saveFailed')));
          }
        },
      },
    );
  };

  return (
    <Modal
      open={open}
      title={t('org.moveTitle', { name: unit.name })}
      onCancel={onClose}
      onOk={() => form.submit()}
      okText={t('org.moveConfirm')}
      okButtonProps={{ danger: true }}
      confirmLoading={move.isPending}
      destroyOnHidden
      maskClosable={false}
    >
      <Alert
        type="warning"
        showIcon
        style={{ margin: '12px 0 16px' }}
        message={t('org.moveWarning', { count: unit.childCount })}
        description={t('org.moveCurrentParent', { parent: currentParent?.name ?? '—' })}
      />
      <Form form={form} layout="vertical" onFinish={submit} preserve={false}>
        <Form.Item
          name="newParentId"
          label={t('org.newParent', { level: parentLevel ? t(`level.${parentLevel}`) : '' })}
          rules={[{ required: true, message: t('org.newParentRequired') }]}
        >
          <Select
            showSearch
            filterOption={false}
            onSearch={setSearch}
            options={options}
            loading={candidates.isFetching}
            placeholder={t('org.newParentPlaceholder')}
            notFoundContent={candidates.isFetching ? null : t('common.noMatch')}
          />
        </Form.Item>
        <Form.Item name="reason" label={t('common.reason')} required rules={[zodRule(ZReason)]}>
          <Input.TextArea
            rows={3}
            maxLength={500}
            showCount
            placeholder={t('org.moveReasonPlaceholder')}
          />
        </Form.Item>
      </Form>
    </Modal>
  );
}

export function MoveOrgUnitModal(props: {
  open: boolean;
  unit: TOrgUnitDetail;
  onClose: () => void;
}) {
  const key = useOpenKey(props.open);
  return <MoveOrgUnitModalBody key={key} {...props} />;
}
