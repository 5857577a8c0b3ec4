import { App, Col, Form, Input, InputNumber, Modal, Row } from 'antd';
import { useTranslation } from 'react-i18next';
import type { TFarmBase } from '@canteen/shared';
import { errorText } from '@/components/ui/error-alert';
import { useOpenKey } from '@/components/ui/use-open-key';
import { applyApiErrorToForm } from '@/lib/form-errors';
import { useCreateFarmBase } from '../api/create-farm-base';
import { useUpdateFarmBase } from '../api/update-farm-base';

interface FormValues {
  name: string;
  region: string;
  address?: string;
  products?: string;
  latitude?: number | null;
  longitude?: number | null;
}

interface FarmBaseFormModalProps {
  open: boolean;
  supplierId: string;
  farmBase?: TFarmBase;
  onClose: () => void;
}

const blank = (value: string | undefined) => value?.trim() || undefined;

/** 基地: where a supplier's produce comes from, with its region and (optionally) coordinates. */
function FarmBaseFormModalBody({ open, supplierId, farmBase, onClose }: FarmBaseFormModalProps) {
  const { t, i18n } = useTranslation();
  const { message } = App.useApp();
  const [form] = Form.useForm<FormValues>();
  const create = useCreateFarmBase();
  const update = useUpdateFarmBase();

  const onError = (error: unknown) => {
    if (!applyApiErrorToForm(form, error, i18n.language))
      void message.error(errorText(error, i18n.language, t('common.saveFailed')));
  };
  const done = () => {
    void message.success(t('common.saved'));
    onClose();
  };

  const submit = (values: FormValues) => {
    const coordinates =
      typeof values.latitude === 'number' && typeof values.longitude === 'number'
        ? { latitude: values.latitude, longitude: values.longitude }
        : {};
    const body = {
      name: values.name.trim(),
      region: values.region.trim(),
      address: blank(values.address),
      products: blank(values.products),
      ...coordinates,
    };
    if (farmBase) {
      update.mutate(
        {
          supplierId,
          id: farmBase.id,
          body: {
            ...body,
            address: body.address ?? null,
            products: body.products ?? null,
            latitude: coordinates.latitude ?? null,
            longitude: coordinates.longitude ?? null,
          },
        },
        { onSuccess: done, onError },
      );
    } else {
      create.mutate({ supplierId, body }, { onSuccess: done, onError });
    }
  };

  return (
    <Modal
      open={open}
      title={
        farmBase
          ? t('suppliers.base.editTitle', { name: farmBase.name })
          : t('suppliers.base.createTitle')
      }
      onCancel={onClose}
      onOk={() => form.submit()}
      okText={farmBase ? t('common.save') : t('common.create')}
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
        style={{ marginTop: 16 }}
        initialValues={
          farmBase
            ? {
                name: farmBase.name,
                region: farmBase.region,
                address: farmBase.address ?? undefined,
                products: farmBase.products ?? undefined,
                latitude: farmBase.latitude,
                longitude: farmBase.longitude,
              }
            : undefined
        }
      >
        <Form.Item
          name="name"
          label={t('suppliers.base.name')}
          rules={[{ required: true, message: t('suppliers.base.nameRequired') }]}
        >
          <Input maxLength={100} placeholder={t('suppliers.base.namePlaceholder')} />
        </Form.Item>
        <Row gutter={16}>
          <Col span={12}>
            <Form.Item
              name="region"
              label={t('suppliers.base.region')}
              rules={[{ required: true, message: t('suppliers.base.regionRequired') }]}
            >
              <Input maxLength={100} placeholder={t('suppliers.base.regionPlaceholder')} />
            </Form.Item>
          </Col>
          <Col span={12}>
            <Form.Item name="address" label={t('suppliers.base.address')}>
              <Input maxLength={200} />
            </Form.Item>
          </Col>
        </Row>
        <Form.Item name="products" label={t('suppliers.base.products')}>
          <Input.TextArea rows={2} maxLength={500} />
        </Form.Item>
        <Row gutter={16}>
          <Col span={12}>
            <Form.Item name="latitude" label={t('suppliers.base.latitude')}>
              <InputNumber min={-90} max={90} step={0.01} style={{ width: '100%' }} />
            </Form.Item>
          </Col>
          <Col span={12}>
            <Form.Item
              name="longitude"
              label={t('suppliers.base.longitude')}
              dependencies={['latitude']}
              rules={[
                ({ getFieldValue }) => ({
                  validator: async (_rule, value: unknown) => {
                    const lat = getFieldValue('latitude') as unknown;
                    if ((typeof lat === 'number') !== (typeof value === 'number'))
                      throw new Error(t('suppliers.base.bothCoordinates'));
                  },
                }),
              ]}
            >
              <InputNumber min={-180} max={180} step={0.01} style={{ width: '100%' }} />
            </Form.Item>
          </Col>
        </Row>
      </Form>
    </Modal>
  );
}

export function FarmBaseFormModal(props: FarmBaseFormModalProps) {
  const key = useOpenKey(props.open);
  return <FarmBaseFormModalBody key={key} {...props} />;
}
