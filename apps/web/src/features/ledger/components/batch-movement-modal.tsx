import { Alert, App, Descriptions, Form, Input, Modal } from 'antd';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { ZReason, type TBatchBalance } from '@canteen/shared';
import { errorText } from '@/components/ui/error-alert';
import { useOpenKey } from '@/components/ui/use-open-key';
import { applyApiErrorToForm, zodRule } from '@/lib/form-errors';
import { shanghaiToday } from '@/lib/format';
import { quantityText } from '@/lib/labels';
import { useBookReturn } from '../api/book-return';
import { useBookWriteOff } from '../api/book-write-off';
import { BookingDayPicker } from './day-picker';
import { ExpiryTag } from './expiry-tag';
import { PhotoField } from './photo-field';
import { notAbove, quantityRule } from '@/lib/quantity-rules';
import { QuantityInput } from './quantity-input';
import { useUnitDecimals } from './use-unit-decimals';

export type BatchMovementMode = 'return' | 'write_off';

interface Values {
  quantity: string | null;
  occurredOn: string;
  reason: string;
  photoFileId?: string;
}

/** 退货 or 报损 of one batch: how much, which day, why (and for a write-off, a photo). */
export function BatchMovementModal({
  batch,
  mode,
  onClose,
}: {
  batch: TBatchBalance | null;
  mode: BatchMovementMode;
  onClose: () => void;
}) {
  const open = !!batch;
  const key = useOpenKey(open);
  return <BatchMovementDialog key={key} batch={batch} mode={mode} open={open} onClose={onClose} />;
}

function BatchMovementDialog({
  batch,
  mode,
  open,
  onClose,
}: {
  batch: TBatchBalance | null;
  mode: BatchMovementMode;
  open: boolean;
  onClose: () => void;
}) {
  const { t, i18n } = useTranslation();
  const { message } = App.useApp();
  const [form] = Form.useForm<Values>();
  const decimals = useUnitDecimals();
  const bookReturn = useBookReturn();
  const bookWriteOff = useBookWriteOff();
  const [failure, setFailure] = useState<string | null>(null);
  const pending = bookReturn.isPending || bookWriteOff.isPending;
  const writeOff = mode === 'write_off';

  const submit = (values: Values) => {
    if (!batch || !values.quantity) return;
    setFailure(null);
    const body = {
      batchId: batch.batchId,
      quantity: values.quantity,
      occurredOn: values.occurredOn,
      reason: values.reason.trim(),
    };
    const handlers = {
      onSuccess: () => {
        void message.success(writeOff ? t('ledger.writeOff.done') : t('ledger.return.done'));
        onClose();
      },
      onError: (error: unknown) => {
        if (!applyApiErrorToForm(form, error, i18n.language))
          setFailure(errorText(error, i18n.language, t('common.saveFailed')));
      },
    };
    if (writeOff) bookWriteOff.mutate({ ...body, photoFileId: values.photoFileId ?? '' }, handlers);
    else bookReturn.mutate(body, handlers);
  };

  return (
    <Modal
      open={open}
      title={
        batch
          ? t(writeOff ? 'ledger.writeOff.title' : 'ledger.return.title', {
              name: batch.ingredient.name,
              lot: batch.lotCode,
            })
          : ''
      }
      okText={writeOff ? t('ledger.writeOff.submit') : t('ledger.return.submit')}
      okButtonProps={{ size: 'large', danger: writeOff, loading: pending }}
      cancelButtonProps={{ size: 'large' }}
      onOk={() => form.submit()}
      onCancel={onClose}
      width={560}
      destroyOnHidden
    >
      {batch && (
        <>
          <Descriptions
            size="small"
            column={2}
            className="ledger-batch-facts"
            items={[
              {
                key: 'onHand',
                label: t('ledger.field.onHand'),
                children: <b className="tabular">{quantityText(t, batch.quantity, batch.unit)}</b>,
              },
              {
                key: 'expiry',
                label: t('ledger.field.expiryDate'),
                children: (
                  <span>
                    <span className="tabular">{batch.expiryDate ?? '—'}</span>{' '}
                    <ExpiryTag state={batch.expiryState} daysToExpiry={batch.daysToExpiry} />
                  </span>
                ),
              },
              {
                key: 'supplier',
                label: t('ledger.field.supplier'),
                children: batch.supplier?.name ?? t('ledger.balances.noDelivery'),
                span: 2,
              },
            ]}
          />
          {writeOff && (
            <Alert
              type="warning"
              showIcon
              message={t('ledger.writeOff.hint')}
              style={{ marginBottom: 12 }}
            />
          )}
          <Form<Values>
            form={form}
            layout="vertical"
            requiredMark={false}
            initialValues={{
              quantity: null,
              occurredOn: shanghaiToday().format('YYYY-MM-DD'),
              reason: '',
            }}
            onFinish={submit}
          >
            <div className="ledger-form-grid">
              <Form.Item
                name="quantity"
                label={t(writeOff ? 'ledger.writeOff.quantity' : 'ledger.return.quantity')}
                rules={[
                  { required: true, message: t('ledger.quantityRequired') },
                  notAbove(
                    batch.quantity,
                    t('ledger.overStock', {
                      quantity: quantityText(t, batch.quantity, batch.unit),
                    }),
                  ),
                  quantityRule(t, decimals(batch.ingredient.id)),
                ]}
                extra={t('ledger.atMost', {
                  quantity: quantityText(t, batch.quantity, batch.unit),
                })}
              >
                <QuantityInput unit={batch.unit} decimals={decimals(batch.ingredient.id)} />
              </Form.Item>
              <Form.Item
                name="occurredOn"
                label={t('ledger.field.day')}
                rules={[{ required: true }]}
              >
                <BookingDayPicker />
              </Form.Item>
            </div>
            <Form.Item name="reason" label={t('ledger.field.reason')} rules={[zodRule(ZReason)]}>
              <Input.TextArea
                rows={2}
                maxLength={500}
                placeholder={t(
                  writeOff
                    ? 'ledger.writeOff.reasonPlaceholder'
                    : 'ledger.return.reasonPlaceholder',
                )}
              />
            </Form.Item>
            {writeOff && (
              <Form.Item
                name="photoFileId"
                label={t('ledger.field.photo')}
                rules={[{ required: true, message: t('ledger.photo.required') }]}
              >
                <PhotoField />
              </Form.Item>
            )}
          </Form>
          {failure && <Alert type="error" showIcon message={failure} />}
        </>
      )}
    </Modal>
  );
}
