import { Alert, App, Checkbox, DatePicker, Form, Modal, Select, Spin } from 'antd';
import { useMemo, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { FOOD_GROUPS, type FoodGroup } from '@canteen/shared';
import { errorText } from '@/components/ui/error-alert';
import { OrgUnitTreeSelect } from '@/components/ui/org-unit-tree-select';
import { useOpenKey } from '@/components/ui/use-open-key';
import { useCurrentUser } from '@/lib/auth';
import { applyApiErrorToForm } from '@/lib/form-errors';
import { dayjs, shanghaiToday } from '@/lib/format';
import { foodGroupLabel } from '@/lib/labels';
import { useOrgUnits } from '@/lib/org-unit-lookup';
import { useSuppliers } from '@/lib/supply-lookup';
import { useCreateContract } from '../api/create-contract';

interface FormValues {
  supplierId: string;
  schoolId: string;
  canteenIds: string[];
  categories: FoodGroup[];
  validity: [dayjs.Dayjs, dayjs.Dayjs];
}

interface ContractFormModalProps {
  open: boolean;
  /** Preset when creating from a supplier's page. */
  supplierId?: string;
  onClose: () => void;
}

/** A supply contract: which canteens of one school a supplier serves, with which food groups, when. */
function ContractFormModalBody({ open, supplierId, onClose }: ContractFormModalProps) {
  const { t, i18n } = useTranslation();
  const { message } = App.useApp();
  const user = useCurrentUser();
  const [form] = Form.useForm<FormValues>();
  const create = useCreateContract();
  const [supplierSearch, setSupplierSearch] = useState('');
  const suppliers = useSuppliers({ q: supplierSearch || undefined, pageSize: 50 });
  const ownSchool = user.orgUnit?.level === 'school' ? user.orgUnit : undefined;
  const schoolId = Form.useWatch('schoolId', form) ?? ownSchool?.id;
  const canteens = useOrgUnits({ parentId: schoolId, pageSize: 500 }, { enabled: !!schoolId });

  const supplierOptions = useMemo(
    () =>
      (suppliers.data?.items ?? []).map((s) => ({
        value: s.id,
        label: s.blacklisted ? `${s.name}（${t('suppliers.blacklisted')}）` : s.name,
        disabled: s.blacklisted,
      })),
    [suppliers.data, t],
  );

  const submit = (values: FormValues) => {
    const [from, to] = values.validity;
    create.mutate(
      {
        supplierId: values.supplierId,
        schoolId: values.schoolId,
        canteenIds: values.canteenIds,
        categories: values.categories,
        validFrom: from.format('YYYY-MM-DD'),
        validTo: to.format('YYYY-MM-DD'),
      },
      {
        onSuccess: (contract) => {
          void message.success(t('contracts.created', { code: contract.code }));
          onClose();
        },
        onError: (error) => {
          if (!applyApiErrorToForm(form, error, i18n.language))
            void message.error(errorText(error, i18n.language, t('common.saveFailed')));
        },
      },
    );
  };

  const today = shanghaiToday();
  return (
    <Modal
      open={open}
      title={t('contracts.createTitle')}
      onCancel={onClose}
      onOk={() => form.submit()}
      okText={t('common.create')}
      confirmLoading={create.isPending}
      width={720}
      destroyOnHidden
      maskClosable={false}
    >
      <Form
        form={form}
        layout="vertical"
        onFinish={submit}
        preserve={false}
        style={{ marginTop: 16 }}
        initialValues={{
          supplierId,
          schoolId: ownSchool?.id,
          canteenIds: [],
          categories: [],
          validity: [today, today.add(1, 'year').subtract(1, 'day')],
        }}
        onValuesChange={(changed: Partial<FormValues>) => {
          if ('schoolId' in changed) form.setFieldValue('canteenIds', []);
        }}
      >
        <Form.Item
          name="supplierId"
          label={t('contracts.field.supplier')}
          rules={[{ required: true, message: t('contracts.supplierRequired') }]}
          extra={t('contracts.blacklistNote')}
        >
          <Select
            showSearch
            filterOption={false}
            onSearch={setSupplierSearch}
            notFoundContent={suppliers.isFetching ? <Spin size="small" /> : undefined}
            options={supplierOptions}
            placeholder={t('contracts.supplierPlaceholder')}
          />
        </Form.Item>
        <Form.Item
          name="schoolId"
          label={t('contracts.field.school')}
          rules={[{ required: true, message: t('contracts.schoolRequired') }]}
        >
          {ownSchool ? (
            <Select disabled options={[{ value: ownSchool.id, label: ownSchool.name }]} />
          ) : (
            <OrgUnitTreeSelect
              selectableLevels={['school']}
              maxLevel="school"
              allowClear={false}
              style={{ width: '100%' }}
            />
          )}
        </Form.Item>
        <Form.Item
          name="canteenIds"
          label={t('contracts.field.canteens')}
          rules={[
            { required: true, type: 'array', min: 1, message: t('contracts.canteensRequired') },
          ]}
        >
          {schoolId ? (
            <Checkbox.Group
              options={(canteens.data?.items ?? []).map((c) => ({ value: c.id, label: c.name }))}
            />
          ) : (
            <span className="muted">{t('contracts.pickSchoolFirst')}</span>
          )}
        </Form.Item>
        <Form.Item
          name="categories"
          label={t('contracts.field.categories')}
          rules={[
            { required: true, type: 'array', min: 1, message: t('contracts.categoriesRequired') },
          ]}
        >
          <Checkbox.Group
            className="checkbox-grid"
            options={FOOD_GROUPS.map((g) => ({ value: g, label: foodGroupLabel(t, g) }))}
          />
        </Form.Item>
        <Form.Item
          name="validity"
          label={t('contracts.field.validity')}
          rules={[{ required: true, message: t('contracts.validityRequired') }]}
        >
          <DatePicker.RangePicker style={{ width: '100%' }} />
        </Form.Item>
        <Alert type="info" showIcon message={t('contracts.overlapNote')} />
      </Form>
    </Modal>
  );
}

export function ContractFormModal(props: ContractFormModalProps) {
  const key = useOpenKey(props.open);
  return <ContractFormModalBody key={key} {...props} />;
}
