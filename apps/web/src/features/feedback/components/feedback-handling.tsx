import { App, Button, Card, Form, Input, Popconfirm, Segmented, Space } from 'antd';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import {
  FEEDBACK_NOTE_MAX,
  FEEDBACK_REPLY_MAX,
  type TFeedbackActionInput,
  type TFeedbackDetail,
} from '@canteen/shared';
import { errorText } from '@/components/ui/error-alert';
import { applyApiErrorToForm } from '@/lib/form-errors';
import { useActOnFeedback } from '../api/act-on-feedback';

type Mode = 'reply' | 'close' | 'note';

interface FormValues {
  reply?: string;
  note?: string;
}

/** The school's side of the loop: take it in hand, reply to the parent, close, or note internally. */
export function FeedbackHandling({ feedback }: { feedback: TFeedbackDetail }) {
  const { t, i18n } = useTranslation();
  const { message } = App.useApp();
  const act = useActOnFeedback();
  const [form] = Form.useForm<FormValues>();
  const modes: Mode[] = [
    ...(feedback.can.reply ? (['reply'] as const) : []),
    ...(feedback.can.close ? (['close'] as const) : []),
    ...(feedback.can.note ? (['note'] as const) : []),
  ];
  const [chosen, setMode] = useState<Mode>(modes[0] ?? 'note');
  // After closing, only notes remain: a choice that is no longer offered falls back to the first that is.
  const mode = modes.includes(chosen) ? chosen : (modes[0] ?? 'note');
  if (!feedback.can.note) return null;

  const send = (body: TFeedbackActionInput, done: string) =>
    act.mutate(
      { id: feedback.id, body },
      {
        onSuccess: () => {
          void message.success(done);
          form.resetFields();
        },
        onError: (error) => {
          if (!applyApiErrorToForm(form, error, i18n.language))
            void message.error(errorText(error, i18n.language, t('common.saveFailed')));
        },
      },
    );

  const submit = ({ reply, note }: FormValues) => {
    const trimmedNote = note?.trim() || undefined;
    if (mode === 'reply')
      send(
        { kind: 'reply', reply: (reply ?? '').trim(), note: trimmedNote },
        t('feedback.done.replied'),
      );
    else if (mode === 'close')
      send({ kind: 'close', note: trimmedNote }, t('feedback.done.closed'));
    else send({ kind: 'note', note: trimmedNote ?? '' }, t('feedback.done.noted'));
  };
  const noteRequired = mode === 'note' || (mode === 'close' && feedback.status !== 'replied');

  return (
    <Card
      size="small"
      className="section-card"
      title={t('feedback.handle.title')}
      extra={
        feedback.can.start && (
          <Popconfirm
            title={t('feedback.handle.startConfirm')}
            onConfirm={() => send({ kind: 'start' }, t('feedback.done.started'))}
          >
            <Button type="primary" loading={act.isPending} data-testid="feedback-start">
              {t('feedback.actionKind.started')}
            </Button>
          </Popconfirm>
        )
      }
    >
      <Space direction="vertical" style={{ width: '100%' }}>
        <Segmented<Mode>
          value={mode}
          onChange={(value) => {
            setMode(value);
            form.resetFields();
          }}
          options={modes.map((m) => ({ value: m, label: t(`feedback.handle.mode.${m}`) }))}
        />
        <Form
          form={form}
          layout="vertical"
          onFinish={submit}
          initialValues={{ reply: mode === 'reply' ? (feedback.publicReply ?? '') : undefined }}
          key={mode}
        >
          {mode === 'reply' && (
            <Form.Item
              name="reply"
              label={t('feedback.handle.replyLabel')}
              extra={t('feedback.handle.replyHint')}
              rules={[
                {
                  required: true,
                  whitespace: true,
                  min: 2,
                  message: t('feedback.handle.replyRequired'),
                },
              ]}
            >
              <Input.TextArea
                rows={4}
                maxLength={FEEDBACK_REPLY_MAX}
                showCount
                data-testid="feedback-reply"
              />
            </Form.Item>
          )}
          <Form.Item
            name="note"
            label={t('feedback.handle.noteLabel')}
            extra={
              mode === 'close' && noteRequired ? t('feedback.handle.closeNoteHint') : undefined
            }
            rules={
              noteRequired
                ? [{ required: true, whitespace: true, message: t('feedback.handle.noteRequired') }]
                : []
            }
          >
            <Input.TextArea
              rows={2}
              maxLength={FEEDBACK_NOTE_MAX}
              showCount
              data-testid="feedback-note"
            />
          </Form.Item>
          <Button
            type="primary"
            htmlType="submit"
            loading={act.isPending}
            data-testid="feedback-submit"
          >
            {t(`feedback.handle.submit.${mode}`)}
          </Button>
        </Form>
      </Space>
    </Card>
  );
}
