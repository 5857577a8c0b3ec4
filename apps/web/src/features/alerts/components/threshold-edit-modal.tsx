import { Alert, App, Descriptions, Form, Input, InputNumber, Modal, Typography } from 'antd';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { ZReason, type TWarningRule } from '@canteen/shared';
import { errorText } from '@/components/ui/error-alert';
import { useOpenKey } from '@/components/ui/use-open-key';
import { zodRule } from '@/lib/form-errors';
import { usePutRuleThresholds } from '../api/put-rule-thresholds';
import { bilingual } from './alert-text';
import { ThresholdSourceTag } from './threshold-source-tag';

interface Values {
  /** Empty: the unit sets nothing of its own and inherits. */
  values: Record<string, number | null>;
  reason: string;
}

/**
 * A unit's own thresholds for one rule. Below a unit that set a value only a stricter one is
 * accepted (the API refuses a looser one and says which unit set what); an emptied field inherits again.
 */
export function ThresholdEditModal({
  rule,
  orgUnitId,
  unitName,
  onClose,
}: {
  rule: TWarningRule | null;
  orgUnitId: string;
  unitName: string;
  onClose: () => void;
}) {
  const key = useOpenKey(!!rule);
  return (
    <ThresholdDialog
      key={key}
      rule={rule}
      orgUnitId={orgUnitId}
      unitName={unitName}
      onClose={onClose}
    />
  );
}

function ThresholdDialog({
  rule,
  orgUnitId,
  unitName,
  onClose,
}: {
  rule: TWarningRule | null;
  orgUnitId: string;
  unitName: string;
  onClose: () => void;
}) {
  const { t, i18n } = useTranslation();
  const { message } = App.useApp();
  const [form] = Form.useForm<Values>();
  const put = usePutRuleThresholds();
  const [failure, setFailure] = useState<string | null>(null);

  const submit = ({ values, reason }: Values) => {
    if (!rule) return;
    const changed: Record<string, number | null> = {};
    for (const threshold of rule.thresholds) {
      const next = values[threshold.name] ?? null;
      if (next !== threshold.own) changed[threshold.name] = next;
    }
    if (Object.keys(changed).length === 0) {
      void message.info(t('alerts.rules.unchanged'));
      return;
    }
    setFailure(null);
    put.mutate(
      { ruleId: rule.id, orgUnitId, body: { values: changed, reason: reason.trim() } },
      {
        onSuccess: () => {
          void message.success(t('alerts.rules.saved'));
          onClose();
        },
        onError: (error) => setFailure(errorText(error, i18n.language, t('common.saveFailed'))),
      },
    );
  };

  return (
    <Modal
      open={!!rule}
      title={
        rule
          ? t('alerts.rules.editTitle', {
              rule: bilingual(rule.name, i18n.language),
              unit: unitName,
            })
          : ''
      }
      okText={t('common.save')}
      okButtonProps={{ loading: put.isPending }}
      onOk={() => form.submit()}
      onCancel={onClose}
      width={640}
      destroyOnHidden
    >
      {rule && (
        <>
          <Alert
            type="info"
            showIcon
            message={t('alerts.rules.editHint')}
            style={{ marginBottom: 12 }}
          />
          <Form<Values>
            form={form}
            layout="vertical"
            requiredMark={false}
            initialValues={{
              values: Object.fromEntries(rule.thresholds.map((th) => [th.name, th.own])),
              reason: '',
            }}
            onFinish={submit}
          >
            {rule.thresholds.map((threshold) => (
              <Form.Item
                key={threshold.name}
                name={['values', threshold.name]}
                label={bilingual(threshold.label, i18n.language)}
                extra={
                  <Descriptions
                    size="small"
                    column={3}
                    className="threshold-facts"
                    items={[
                      {
                        key: 'value',
                        label: t('alerts.rules.inForce'),
                        children: (
                          <span>
                            <span className="tabular">{threshold.value}</span>{' '}
                            <ThresholdSourceTag source={threshold.source} />
                          </span>
                        ),
                      },
                      {
                        key: 'default',
                        label: t('alerts.rules.default'),
                        children: <span className="tabular">{threshold.default}</span>,
                      },
                      {
                        key: 'tighter',
                        label: t('alerts.rules.stricter'),
                        children: (
                          <Typography.Text type="secondary">
                            {t(`alerts.rules.tighter.${threshold.tighter}`)}
                          </Typography.Text>
                        ),
                      },
                    ]}
                  />
                }
              >
                <InputNumber
                  style={{ width: 220 }}
                  addonAfter={threshold.unit ?? undefined}
                  placeholder={t('alerts.rules.inheritPlaceholder', { value: threshold.value })}
                  data-testid={`threshold-${threshold.name}`}
                />
              </Form.Item>
            ))}
            <Form.Item name="reason" label={t('common.reason')} rules={[zodRule(ZReason)]}>
              <Input.TextArea
                rows={2}
                maxLength={500}
                placeholder={t('alerts.rules.reasonPlaceholder')}
              />
            </Form.Item>
          </Form>
          {failure && (
            <Alert type="error" showIcon message={failure} data-testid="threshold-error" />
          )}
        </>
      )}
    </Modal>
  );
}
