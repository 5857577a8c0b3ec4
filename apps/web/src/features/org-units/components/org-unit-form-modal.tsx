import { App, Col, Form, Input, InputNumber, Modal, Row, Select } from 'antd';
import { useTranslation } from 'react-i18next';
import { ORG_KINDS, ZCreateOrgUnit, ZPhone, type OrgLevel, type TOrgUnit } from '@canteen/shared';
import { errorText } from '@/components/ui/error-alert';
import { useOpenKey } from '@/components/ui/use-open-key';
import { applyApiErrorToForm, zodRule } from '@/lib/form-errors';
import { kindLabel } from '@/lib/labels';
import { useCreateOrgUnit } from '../api/create-org-unit';
import { useUpdateOrgUnit } from '../api/update-org-unit';

interface FormValues {
  code?: string;
  name: string;
  kind: string;
  address?: string;
  contactName?: string;
  contactPhone?: string;
  enrolment?: number | null;
}

type Mode =
  | { type: 'create'; parent: Pick<TOrgUnit, 'id' | 'name'>; level: OrgLevel }
  | { type: 'edit'; unit: TOrgUnit };

interface OrgUnitFormModalProps {
  open: boolean;
  mode: Mode;
  onClose: () => void;
  onSaved?: (unit: TOrgUnit) => void;
}

const blankToUndefined = (value: string | undefined) => {
  const trimmed = value?.trim();
  return trimmed ? trimmed : undefined;
};

/** Creates a child unit or edits one; the kind options are the ones ORG_KINDS allows at its level. */
function OrgUnitFormModalBody({ open, mode, onClose, onSaved }: OrgUnitFormModalProps) {
  const { t, i18n } = useTranslation();
  const { message } = App.useApp();
  const [form] = Form.useForm<FormValues>();
  const create = useCreateOrgUnit();
  const update = useUpdateOrgUnit();
  const level = mode.type === 'create' ? mode.level : mode.unit.level;
  const kinds = ORG_KINDS[level] as readonly string[];
  const pending = create.isPending || update.isPending;

  // The form mounts afresh at each opening (destroyOnHidden), so initial values are read then.
  const initialValues: Partial<FormValues> =
    mode.type === 'edit'
      ? {
          name: mode.unit.name,
          kind: mode.unit.kind,
          address: mode.unit.address ?? undefined,
          contactName: mode.unit.contactName ?? undefined,
          contactPhone: mode.unit.contactPhone ?? undefined,
          enrolment: mode.unit.enrolment,
        }
      : { kind: kinds.length === 1 ? kinds[0] : undefined };

  const onError = (error: unknown) => {
    if (!applyApiErrorToForm(form, error, i18n.language)) {
      void message.error(errorText(error, i18n.language, t('common.saveFailed')));
    }
  };

  const submit = (values: FormValues) => {
    const common = {
      name: values.name.trim(),
      kind: values.kind,
      address: blankToUndefined(values.address),
      contactName: blankToUndefined(values.contactName),
      contactPhone: blankToUndefined(values.contactPhone),
      enrolment:
        level === 'school' && typeof values.enrolment === 'number' ? values.enrolment : undefined,
    };
    if (mode.type === 'create') {
      create.mutate(
        { ...common, parentId: mode.parent.id, code: (values.code ?? '').trim() },
        {
          onSuccess: (unit) => {
            void message.success(t('org.created', { name: unit.name }));
            onSaved?.(unit);
            onClose();
          },
          onError,
        },
      );
    } else {
      update.mutate(
        { id: mode.unit.id, body: common },
        {
          onSuccess: (unit) => {
            void message.success(t('common.saved'));
            onSaved?.(unit);
            onClose();
          },
          onError,
        },
      );
    }
  };

  const title =
    mode.type === 'create'
      ? t('org.createChildTitle', { level: t(`level.${level}`), parent: mode.parent.name })
      : t('org.editTitle', { name: mode.unit.name });

  return (
    <Modal
      open={open}
      title={title}
      onCancel={onClose}
      onOk={() => form.submit()}
      okText={mode.type === 'create' ? t('common.create') : t('common.save')}
      confirmLoading={pending}
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
      >
        <Row gutter={16}>
          <Col span={mode.type === 'create' ? 14 : 24}>
            <Form.Item
              name="name"
              label={t('org.field.name')}
              rules={[
                { required: true, message: t('org.nameRequired') },
                zodRule(ZCreateOrgUnit.shape.name),
              ]}
            >
              <Input maxLength={100} placeholder={t('org.namePlaceholder')} />
            </Form.Item>
          </Col>
          {mode.type === 'create' && (
            <Col span={10}>
              <Form.Item
                name="code"
                label={t('org.field.code')}
                tooltip={t('org.codeHint')}
                rules={[
                  { required: true, message: t('org.codeRequired') },
                  zodRule(ZCreateOrgUnit.shape.code),
                ]}
              >
                <Input maxLength={40} placeholder="511702-S09" />
              </Form.Item>
            </Col>
          )}
        </Row>
        <Row gutter={16}>
          <Col span={12}>
            <Form.Item
              name="kind"
              label={t('org.field.kind')}
              rules={[{ required: true, message: t('org.kindRequired') }]}
            >
              <Select
                options={kinds.map((kind) => ({ value: kind, label: kindLabel(t, kind) }))}
                disabled={kinds.length === 1}
              />
            </Form.Item>
          </Col>
          {level === 'school' && (
            <Col span={12}>
              <Form.Item name="enrolment" label={t('org.field.enrolment')}>
                <InputNumber
                  min={0}
                  max={100000}
                  precision={0}
                  style={{ width: '100%' }}
                  suffix={t('org.people')}
                />
              </Form.Item>
            </Col>
          )}
        </Row>
        <Form.Item name="address" label={t('org.field.address')}>
          <Input maxLength={200} />
        </Form.Item>
        <Row gutter={16}>
          <Col span={12}>
            <Form.Item name="contactName" label={t('org.field.contactName')}>
              <Input maxLength={50} />
            </Form.Item>
          </Col>
          <Col span={12}>
            <Form.Item
              name="contactPhone"
              label={t('org.field.contactPhone')}
              rules={[zodRule(ZPhone, { optional: true })]}
            >
              <Input maxLength={20} placeholder="13800000000 / 0818-2123456" />
            </Form.Item>
          </Col>
        </Row>
      </Form>
    </Modal>
  );
}

export function OrgUnitFormModal(props: OrgUnitFormModalProps) {
  const key = useOpenKey(props.open);
  return <OrgUnitFormModalBody key={key} {...props} />;
}
