import {
  CheckCircleOutlined,
  EyeOutlined,
  RollbackOutlined,
  ToolOutlined,
} from '@ant-design/icons';
import { Alert, App, Button, Form, Input, Modal } from 'antd';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { ZHandleAlert, ZReason, type TAlertDetail } from '@canteen/shared';
import { errorText } from '@/components/ui/error-alert';
import { useOpenKey } from '@/components/ui/use-open-key';
import { applyApiErrorToForm, zodRule } from '@/lib/form-errors';
import { useAcknowledgeAlert } from '../api/acknowledge-alert';
import { useHandleAlert } from '../api/handle-alert';
import { useReviewAlert } from '../api/review-alert';
import { EvidenceUpload } from './evidence-upload';

type Dialog = 'handle' | 'close' | 'send-back' | null;

/**
 * What the asker may do with the alert now, as the API says (`can`): the holding unit
 * acknowledges and handles; the level above closes or sends back.
 */
export function AlertActions({ alert }: { alert: TAlertDetail }) {
  const { t, i18n } = useTranslation();
  const { message } = App.useApp();
  const acknowledge = useAcknowledgeAlert();
  const [dialog, setDialog] = useState<Dialog>(null);

  return (
    <>
      {alert.can.acknowledge && (
        <Button
          type="primary"
          icon={<EyeOutlined />}
          loading={acknowledge.isPending}
          onClick={() =>
            acknowledge.mutate(alert.id, {
              onSuccess: () => void message.success(t('alerts.action.acknowledged')),
              onError: (error) =>
                void message.error(errorText(error, i18n.language, t('common.saveFailed'))),
            })
          }
          data-testid="alert-acknowledge"
        >
          {t('alerts.action.acknowledge')}
        </Button>
      )}
      {alert.can.handle && (
        <Button
          type="primary"
          icon={<ToolOutlined />}
          onClick={() => setDialog('handle')}
          data-testid="alert-handle"
        >
          {t('alerts.action.handle')}
        </Button>
      )}
      {alert.can.close && (
        <Button
          type="primary"
          icon={<CheckCircleOutlined />}
          onClick={() => setDialog('close')}
          data-testid="alert-close"
        >
          {t('alerts.action.close')}
        </Button>
      )}
      {alert.can.sendBack && (
        <Button
          danger
          icon={<RollbackOutlined />}
          onClick={() => setDialog('send-back')}
          data-testid="alert-send-back"
        >
          {t('alerts.action.sendBack')}
        </Button>
      )}
      <HandleModal alert={alert} open={dialog === 'handle'} onClose={() => setDialog(null)} />
      <ReviewModal
        alert={alert}
        decision={dialog === 'close' || dialog === 'send-back' ? dialog : null}
        onClose={() => setDialog(null)}
      />
    </>
  );
}

interface HandleValues {
  measures: string;
  evidenceFileIds: string[];
}

function HandleModal({
  alert,
  open,
  onClose,
}: {
  alert: TAlertDetail;
  open: boolean;
  onClose: () => void;
}) {
  const key = useOpenKey(open);
  return <HandleDialog key={key} alert={alert} open={open} onClose={onClose} />;
}

function HandleDialog({
  alert,
  open,
  onClose,
}: {
  alert: TAlertDetail;
  open: boolean;
  onClose: () => void;
}) {
  const { t, i18n } = useTranslation();
  const { message } = App.useApp();
  const [form] = Form.useForm<HandleValues>();
  const handle = useHandleAlert();
  const [failure, setFailure] = useState<string | null>(null);

  const submit = (values: HandleValues) => {
    setFailure(null);
    handle.mutate(
      {
        id: alert.id,
        body: { measures: values.measures.trim(), evidenceFileIds: values.evidenceFileIds ?? [] },
      },
      {
        onSuccess: () => {
          void message.success(t('alerts.handle.done'));
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
      title={t('alerts.handle.title', { code: alert.code })}
      okText={t('alerts.handle.submit')}
      okButtonProps={{ loading: handle.isPending }}
      onOk={() => form.submit()}
      onCancel={onClose}
      width={600}
      destroyOnHidden
    >
      <Alert type="info" showIcon message={t('alerts.handle.hint')} style={{ marginBottom: 12 }} />
      <Form<HandleValues>
        form={form}
        layout="vertical"
        requiredMark={false}
        initialValues={{ measures: '', evidenceFileIds: [] }}
        onFinish={submit}
      >
        <Form.Item
          name="measures"
          label={t('alerts.handle.measures')}
          rules={[zodRule(ZHandleAlert.shape.measures)]}
        >
          <Input.TextArea
            rows={4}
            maxLength={2000}
            showCount
            placeholder={t('alerts.handle.measuresPlaceholder')}
            data-testid="alert-measures"
          />
        </Form.Item>
        <Form.Item name="evidenceFileIds" label={t('alerts.handle.evidence')}>
          <EvidenceUpload alertId={alert.id} />
        </Form.Item>
      </Form>
      {failure && <Alert type="error" showIcon message={failure} />}
    </Modal>
  );
}

interface ReviewValues {
  text: string;
}

function ReviewModal({
  alert,
  decision,
  onClose,
}: {
  alert: TAlertDetail;
  decision: 'close' | 'send-back' | null;
  onClose: () => void;
}) {
  const key = useOpenKey(decision !== null);
  return <ReviewDialog key={key} alert={alert} decision={decision} onClose={onClose} />;
}

function ReviewDialog({
  alert,
  decision,
  onClose,
}: {
  alert: TAlertDetail;
  decision: 'close' | 'send-back' | null;
  onClose: () => void;
}) {
  const { t, i18n } = useTranslation();
  const { message } = App.useApp();
  const [form] = Form.useForm<ReviewValues>();
  const review = useReviewAlert();
  const [failure, setFailure] = useState<string | null>(null);
  const sendBack = decision === 'send-back';

  const submit = ({ text }: ReviewValues) => {
    if (!decision) return;
    setFailure(null);
    const trimmed = text.trim();
    review.mutate(
      decision === 'close'
        ? { id: alert.id, decision, body: trimmed ? { note: trimmed } : {} }
        : { id: alert.id, decision, body: { reason: trimmed } },
      {
        onSuccess: () => {
          void message.success(sendBack ? t('alerts.review.sentBack') : t('alerts.review.closed'));
          onClose();
        },
        onError: (error) => setFailure(errorText(error, i18n.language, t('common.saveFailed'))),
      },
    );
  };

  return (
    <Modal
      open={decision !== null}
      title={
        sendBack
          ? t('alerts.review.sendBackTitle', { code: alert.code })
          : t('alerts.review.closeTitle', { code: alert.code })
      }
      okText={sendBack ? t('alerts.action.sendBack') : t('alerts.action.close')}
      okButtonProps={{ danger: sendBack, loading: review.isPending }}
      onOk={() => form.submit()}
      onCancel={onClose}
      width={520}
      destroyOnHidden
    >
      <Alert
        type={sendBack ? 'warning' : 'info'}
        showIcon
        message={sendBack ? t('alerts.review.sendBackHint') : t('alerts.review.closeHint')}
        style={{ marginBottom: 12 }}
      />
      <Form<ReviewValues>
        form={form}
        layout="vertical"
        requiredMark={false}
        initialValues={{ text: '' }}
        onFinish={submit}
      >
        <Form.Item
          name="text"
          label={sendBack ? t('alerts.review.reason') : t('alerts.review.note')}
          rules={sendBack ? [zodRule(ZReason)] : []}
        >
          <Input.TextArea
            rows={3}
            maxLength={sendBack ? 500 : 1000}
            placeholder={
              sendBack ? t('alerts.review.reasonPlaceholder') : t('alerts.review.notePlaceholder')
            }
            data-testid="alert-review-text"
          />
        </Form.Item>
      </Form>
      {failure && <Alert type="error" showIcon message={failure} />}
    </Modal>
  );
}
