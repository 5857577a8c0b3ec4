import { Alert, App, Descriptions, Form, Input, Modal } from 'antd';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { ZReason, type TStockMovement } from '@canteen/shared';
import { errorText } from '@/components/ui/error-alert';
import { useOpenKey } from '@/components/ui/use-open-key';
import { applyApiErrorToForm, zodRule } from '@/lib/form-errors';
import { shanghaiToday } from '@/lib/format';
import { useReverseMovement } from '../api/reverse-movement';
import { BookingDayPicker } from './day-picker';
import { MovementKindTag } from './movement-kind-tag';
import { SignedQuantity } from './signed-quantity';

interface Values {
  occurredOn: string;
  reason: string;
}

/** The negation of a signed decimal string: what a reversal books. */
const negate = (quantity: string) =>
  quantity.startsWith('-') ? quantity.slice(1) : `-${quantity}`;

/** 冲正: the mistake stays in the ledger; a new movement undoes it, with the reason. */
export function ReverseModal({
  movement,
  onClose,
  onReversed,
}: {
  movement: TStockMovement | null;
  onClose: () => void;
  onReversed?: (reversal: TStockMovement) => void;
}) {
  const open = !!movement;
  const key = useOpenKey(open);
  return (
    <ReverseDialog
      key={key}
      movement={movement}
      open={open}
      onClose={onClose}
      onReversed={onReversed}
    />
  );
}

function ReverseDialog({
  movement,
  open,
  onClose,
  onReversed,
}: {
  movement: TStockMovement | null;
  open: boolean;
  onClose: () => void;
  onReversed?: (reversal: TStockMovement) => void;
}) {
  const { t, i18n } = useTranslation();
  const { message } = App.useApp();
  const [form] = Form.useForm<Values>();
  const reverse = useReverseMovement();
  const [failure, setFailure] = useState<string | null>(null);

  const submit = (values: Values) => {
    if (!movement) return;
    setFailure(null);
    reverse.mutate(
      { id: movement.id, body: { occurredOn: values.occurredOn, reason: values.reason.trim() } },
      {
        onSuccess: (reversal) => {
          void message.success(t('ledger.reverse.done', { seq: reversal.seq }));
          onReversed?.(reversal);
          onClose();
        },
        onError: (error) => {
          if (!applyApiErrorToForm(form, error, i18n.language))
            setFailure(errorText(error, i18n.language, t('common.saveFailed')));
        },
      },
    );
  };

  return (
    <Modal
      open={open}
      title={movement ? t('ledger.reverse.title', { seq: movement.seq }) : ''}
      okText={t('ledger.reverse.submit')}
      okButtonProps={{ size: 'large', danger: true, loading: reverse.isPending }}
      cancelButtonProps={{ size: 'large' }}
      onOk={() => form.submit()}
      onCancel={onClose}
      width={560}
      destroyOnHidden
    >
      {movement && (
        <>
          <Alert
            type="info"
            showIcon
            message={t('ledger.reverse.hint')}
            style={{ marginBottom: 12 }}
          />
          <Descriptions
            size="small"
            column={2}
            bordered
            className="ledger-batch-facts"
            items={[
              {
                key: 'kind',
                label: t('ledger.field.kind'),
                children: <MovementKindTag kind={movement.kind} />,
              },
              {
                key: 'day',
                label: t('ledger.field.day'),
                children: (
                  <span className="tabular">
                    {movement.occurredOn}
                    {movement.meal ? ` · ${t(`ledger.meal.${movement.meal}`)}` : ''}
                  </span>
                ),
              },
              {
                key: 'ingredient',
                label: t('ledger.field.ingredient'),
                children: `${movement.ingredient.name} · ${movement.batch.lotCode}`,
                span: 2,
              },
              {
                key: 'original',
                label: t('ledger.reverse.original'),
                children: <SignedQuantity quantity={movement.quantity} unit={movement.unit} />,
              },
              {
                key: 'effect',
                label: t('ledger.reverse.effect'),
                children: (
                  <SignedQuantity quantity={negate(movement.quantity)} unit={movement.unit} />
                ),
              },
            ]}
          />
          <Form<Values>
            form={form}
            layout="vertical"
            requiredMark={false}
            initialValues={{ occurredOn: shanghaiToday().format('YYYY-MM-DD'), reason: '' }}
            onFinish={submit}
          >
            <Form.Item
              name="occurredOn"
              label={t('ledger.reverse.day')}
              rules={[{ required: true }]}
            >
              <BookingDayPicker />
            </Form.Item>
            <Form.Item name="reason" label={t('ledger.reverse.reason')} rules={[zodRule(ZReason)]}>
              <Input.TextArea
                rows={3}
                maxLength={500}
                placeholder={t('ledger.reverse.reasonPlaceholder')}
              />
            </Form.Item>
          </Form>
          {failure && <Alert type="error" showIcon message={failure} data-testid="reverse-error" />}
        </>
      )}
    </Modal>
  );
}
