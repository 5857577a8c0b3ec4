import {
  CheckOutlined,
  CloseOutlined,
  LockOutlined,
  SafetyCertificateOutlined,
  UserOutlined,
} from '@ant-design/icons';
import { Alert, App, Button, Card, Form, Input, InputNumber, Radio, Space, Tag } from 'antd';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import {
  temperatureInRange,
  type AcceptanceDecision,
  type TManifestDetail,
  type TManifestLine,
} from '@canteen/shared';
import { ColdChainTag, coldChainLimits } from '@/components/ui/cold-chain-tag';
import { errorText } from '@/components/ui/error-alert';
import { FileLink } from '@/components/ui/file-link';
import { isApiError } from '@/lib/api-client';
import { useCurrentUser } from '@/lib/auth';
import { applyApiErrorToForm } from '@/lib/form-errors';
import { quantityText, unitLabel } from '@/lib/labels';
import { useAcceptDelivery } from '../api/accept-delivery';
import { PhotoUpload } from './photo-upload';
import { notAbove, quantityRule } from '@/lib/quantity-rules';

interface LineValues {
  lineId: string;
  decision: AcceptanceDecision;
  acceptedQuantity?: string | null;
  temperatureC?: number | null;
  reason?: string;
  photoIds: string[];
}

interface FormValues {
  lines: LineValues[];
  secondInspector: { username: string; password: string };
  note?: string;
}

/** Errors of the second person's sign-in belong on their fields, not in a toast. */
const INSPECTOR_ERRORS = new Set([
  'SECOND_INSPECTOR_INVALID',
  'SAME_INSPECTOR',
  'INSPECTOR_NOT_ALLOWED',
  'ACCOUNT_LOCKED',
]);

function outOfRange(line: TManifestLine, temperature: number | null | undefined): boolean {
  return (
    typeof temperature === 'number' && !temperatureInRange(line.ingredient.coldChain, temperature)
  );
}

function LineCard({
  line,
  index,
  deliveryId,
}: {
  line: TManifestLine;
  index: number;
  deliveryId: string;
}) {
  const { t } = useTranslation();
  const form = Form.useFormInstance<FormValues>();
  const decision = Form.useWatch(['lines', index, 'decision'], form) as
    AcceptanceDecision | undefined;
  const temperature = Form.useWatch(['lines', index, 'temperatureC'], form) as
    number | null | undefined;
  const coldChain = line.ingredient.coldChain;
  const rejecting = decision === 'reject';
  const hot = outOfRange(line, temperature);

  return (
    <Card
      size="small"
      className={`accept-line ${rejecting ? 'accept-line-rejected' : ''}`}
      data-testid={`accept-line-${line.lineNo}`}
    >
      <div className="accept-line-grid">
        <div className="accept-line-info">
          <div className="accept-line-title">
            <span className="accept-line-no">{line.lineNo}</span>
            <span className="accept-line-name">{line.ingredient.name}</span>
            {coldChain !== 'ambient' && <ColdChainTag coldChain={coldChain} withLimits />}
            {line.ingredient.quarantineRequired && (
              <Tag
                color={line.missingQuarantineCertificate ? 'error' : 'green'}
                icon={<SafetyCertificateOutlined />}
              >
                {line.missingQuarantineCertificate
                  ? t('manifest.missingQuarantine')
                  : t('acceptance.quarantineOk')}
              </Tag>
            )}
          </div>
          <div className="accept-line-facts">
            <span>
              {t('manifest.field.lotCode')}：<b className="tabular">{line.lotCode}</b>
            </span>
            <span>
              {t('manifest.field.dates')}：
              <span className="tabular">
                {line.productionDate} → {line.expiryDate ?? t('manifest.noShelfLife')}
              </span>
            </span>
            <span>
              {t('acceptance.delivered')}：
              <b className="tabular">{quantityText(t, line.quantity, line.unit)}</b>
            </span>
            {line.farmBase && (
              <span>
                {t('manifest.field.farmBase')}：{line.farmBase.name}
              </span>
            )}
          </div>
          {line.certificates.length > 0 && (
            <Space size={12} wrap className="accept-line-files">
              {line.certificates.map((c) => (
                <FileLink
                  key={c.id}
                  path={`/deliveries/${deliveryId}/files/${c.id}`}
                  name={c.originalName}
                  contentType={c.contentType}
                />
              ))}
            </Space>
          )}
        </div>
        <div className="accept-line-controls">
          <Form.Item name={[index, 'decision']} noStyle>
            <Radio.Group buttonStyle="solid" size="large" className="decision-group">
              <Radio.Button value="accept" className="decision-accept">
                <CheckOutlined /> {t('acceptance.accept')}
              </Radio.Button>
              <Radio.Button value="reject" className="decision-reject">
                <CloseOutlined /> {t('acceptance.reject')}
              </Radio.Button>
            </Radio.Group>
          </Form.Item>
          <div className="accept-line-inputs">
            {!rejecting && (
              <Form.Item
                name={[index, 'acceptedQuantity']}
                label={t('acceptance.acceptedQuantity')}
                rules={[
                  { required: true, message: t('acceptance.quantityRequired') },
                  notAbove(
                    line.quantity,
                    t('acceptance.aboveDelivered', {
                      quantity: `${line.quantity} ${unitLabel(t, line.unit)}`,
                    }),
                  ),
                  quantityRule(t, line.ingredient.unitDecimals),
                ]}
              >
                <InputNumber<string>
                  stringMode
                  size="large"
                  addonAfter={unitLabel(t, line.unit)}
                  style={{ width: '100%' }}
                  inputMode="decimal"
                />
              </Form.Item>
            )}
            {coldChain !== 'ambient' && !rejecting && (
              <Form.Item
                name={[index, 'temperatureC']}
                label={t('acceptance.temperature', { limits: coldChainLimits(coldChain) })}
                rules={[
                  {
                    required: true,
                    message: t('acceptance.temperatureRequired', {
                      limits: coldChainLimits(coldChain),
                    }),
                  },
                ]}
                validateStatus={hot ? 'warning' : undefined}
                help={
                  hot
                    ? t('acceptance.temperatureOut', { limits: coldChainLimits(coldChain) })
                    : undefined
                }
              >
                <InputNumber
                  size="large"
                  min={-60}
                  max={60}
                  step={0.5}
                  precision={1}
                  addonAfter="°C"
                  style={{ width: '100%' }}
                  inputMode="decimal"
                />
              </Form.Item>
            )}
            <Form.Item
              name={[index, 'reason']}
              label={
                rejecting
                  ? t('acceptance.rejectReason')
                  : hot
                    ? t('acceptance.acceptReason')
                    : t('acceptance.remark')
              }
              rules={[
                {
                  required: rejecting || hot,
                  message: rejecting
                    ? t('acceptance.rejectReasonRequired')
                    : t('acceptance.acceptReasonRequired'),
                },
                { min: 2, message: t('acceptance.reasonMin') },
              ]}
              className={coldChain !== 'ambient' || rejecting ? 'accept-line-reason' : undefined}
            >
              <Input
                size="large"
                maxLength={500}
                placeholder={rejecting ? t('acceptance.rejectPlaceholder') : undefined}
              />
            </Form.Item>
          </div>
          <Form.Item name={[index, 'photoIds']} noStyle>
            <PhotoUpload deliveryId={deliveryId} />
          </Form.Item>
        </div>
      </div>
    </Card>
  );
}

/**
 * 进货查验 on the kitchen tablet: per line accept or reject, the quantity taken in, the temperature
 * of cold-chain items against their limits, a reason and photos; then the second inspector signs
 * in on the same screen (双人联检) and both names go on the record.
 */
export function AcceptanceForm({
  delivery,
  onDone,
}: {
  delivery: TManifestDetail;
  onDone: () => void;
}) {
  const { t, i18n } = useTranslation();
  const { message } = App.useApp();
  const user = useCurrentUser();
  const [form] = Form.useForm<FormValues>();
  const accept = useAcceptDelivery();
  const [failure, setFailure] = useState<string | null>(null);

  const blacklisted = delivery.supplierBlacklisted;
  const initialValues: FormValues = {
    lines: delivery.lines.map((line) => ({
      lineId: line.id,
      decision: blacklisted ? 'reject' : 'accept',
      acceptedQuantity: line.quantity,
      temperatureC: null,
      reason: blacklisted ? t('acceptance.blacklistedRejectReason') : '',
      photoIds: [],
    })),
    secondInspector: { username: '', password: '' },
  };

  const submit = (values: FormValues) => {
    setFailure(null);
    accept.mutate(
      {
        id: delivery.id,
        body: {
          secondInspector: {
            username: values.secondInspector.username.trim(),
            password: values.secondInspector.password,
          },
          note: values.note?.trim() || undefined,
          lines: values.lines.map((line) => ({
            lineId: line.lineId,
            decision: line.decision,
            acceptedQuantity:
              line.decision === 'accept' ? (line.acceptedQuantity ?? undefined) : undefined,
            temperatureC:
              line.decision === 'accept' && typeof line.temperatureC === 'number'
                ? line.temperatureC
                : undefined,
            reason: line.reason?.trim() || undefined,
            photoIds: line.photoIds,
          })),
        },
      },
      {
        onSuccess: () => {
          void message.success(t('acceptance.done'));
          onDone();
        },
        onError: (error) => {
          if (isApiError(error) && INSPECTOR_ERRORS.has(error.code)) {
            form.setFields([
              {
                name: ['secondInspector', 'password'],
                value: '',
                errors: [error.localized(i18n.language)],
              },
            ]);
            return;
          }
          applyApiErrorToForm(form, error, i18n.language);
          setFailure(errorText(error, i18n.language, t('common.saveFailed')));
        },
      },
    );
  };

  const acceptAll = () =>
    form.setFieldValue(
      'lines',
      (form.getFieldValue('lines') as LineValues[]).map((line, i) => ({
        ...line,
        decision: 'accept',
        acceptedQuantity: delivery.lines[i]?.quantity ?? line.acceptedQuantity,
      })),
    );

  return (
    <Form
      form={form}
      layout="vertical"
      initialValues={initialValues}
      onFinish={submit}
      onFinishFailed={() => setFailure(t('acceptance.fixErrors'))}
      className="acceptance-form"
      scrollToFirstError={{ block: 'center' }}
      requiredMark={false}
    >
      {blacklisted ? (
        <Alert
          type="error"
          showIcon
          style={{ marginBottom: 12 }}
          data-testid="supplier-blacklisted"
          message={t('acceptance.supplierBlacklisted', { since: blacklisted.since })}
          description={
            blacklisted.reason
              ? t('acceptance.blacklistedReason', { reason: blacklisted.reason })
              : undefined
          }
        />
      ) : (
        <div className="acceptance-toolbar">
          <span className="muted">{t('acceptance.instructions')}</span>
          <Button size="large" onClick={acceptAll} className="touch-button">
            {t('acceptance.acceptAll')}
          </Button>
        </div>
      )}
      <Form.List name="lines">
        {(fields) => (
          <Space direction="vertical" size={12} style={{ width: '100%' }}>
            {fields.map((field) => {
              const line = delivery.lines[field.name];
              return line ? (
                <LineCard key={field.key} line={line} index={field.name} deliveryId={delivery.id} />
              ) : null;
            })}
          </Space>
        )}
      </Form.List>
      <Card size="small" className="section-card acceptance-sign" title={t('acceptance.signTitle')}>
        <Alert
          type="info"
          showIcon
          message={t('acceptance.twoPersonRule')}
          style={{ marginBottom: 16 }}
        />
        <div className="acceptance-sign-grid">
          <Form.Item label={t('acceptance.firstInspector')}>
            <Input size="large" prefix={<UserOutlined />} value={user.displayName} disabled />
          </Form.Item>
          <Form.Item
            name={['secondInspector', 'username']}
            label={t('acceptance.secondUsername')}
            rules={[{ required: true, message: t('acceptance.secondUsernameRequired') }]}
          >
            <Input
              size="large"
              prefix={<UserOutlined />}
              autoComplete="off"
              autoCapitalize="none"
              data-testid="second-username"
            />
          </Form.Item>
          <Form.Item
            name={['secondInspector', 'password']}
            label={t('acceptance.secondPassword')}
            rules={[{ required: true, message: t('acceptance.secondPasswordRequired') }]}
          >
            <Input.Password
              size="large"
              prefix={<LockOutlined />}
              autoComplete="new-password"
              data-testid="second-password"
            />
          </Form.Item>
        </div>
        <Form.Item name="note" label={t('acceptance.note')}>
          <Input.TextArea rows={2} maxLength={500} />
        </Form.Item>
        {failure && (
          <Alert
            type="error"
            showIcon
            message={failure}
            style={{ marginBottom: 16 }}
            data-testid="acceptance-error"
          />
        )}
        <Button
          type="primary"
          size="large"
          htmlType="submit"
          block
          loading={accept.isPending}
          icon={<CheckOutlined />}
          className="acceptance-submit"
        >
          {t('acceptance.submit')}
        </Button>
      </Card>
    </Form>
  );
}
