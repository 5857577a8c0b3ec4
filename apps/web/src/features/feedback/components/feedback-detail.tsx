import { Card, Col, Descriptions, Image, Row, Tag, Timeline, Typography } from 'antd';
import { useTranslation } from 'react-i18next';
import type { TFeedbackDetail } from '@canteen/shared';
import { formatDateTime } from '@/lib/format';
import { feedbackPhotoUrl } from '../api/get-feedback';
import { FeedbackHandling } from './feedback-handling';
import './feedback.css';
import { hoursText } from './feedback-hours';

/**
 * One piece of feedback. Everything a parent or a handler wrote is rendered as React text nodes,
 * never as HTML, so markup in it shows as the characters typed.
 */
export function FeedbackDetail({ feedback }: { feedback: TFeedbackDetail }) {
  const { t } = useTranslation();
  const hours = (value: number | null) => hoursText(t, value);

  return (
    <Row gutter={[16, 16]}>
      <Col xs={24} xl={14}>
        <Card size="small" className="section-card" title={t('feedback.field.text')}>
          <Typography.Paragraph className="feedback-text" data-testid="feedback-text">
            {feedback.text}
          </Typography.Paragraph>
          {feedback.photo && (
            <div style={{ marginTop: 12 }}>
              <Image
                src={feedbackPhotoUrl(feedback.id)}
                alt={t('feedback.field.photo')}
                className="feedback-photo"
              />
            </div>
          )}
        </Card>
        <Card
          size="small"
          className="section-card"
          title={t('feedback.field.publicReply')}
          style={{ marginTop: 16 }}
        >
          {feedback.publicReply ? (
            <Typography.Paragraph className="feedback-text" data-testid="feedback-public-reply">
              {feedback.publicReply}
            </Typography.Paragraph>
          ) : (
            <Typography.Text type="secondary">{t('feedback.noReply')}</Typography.Text>
          )}
        </Card>
        <div style={{ marginTop: 16 }}>
          <FeedbackHandling feedback={feedback} />
        </div>
      </Col>
      <Col xs={24} xl={10}>
        <Card size="small" className="section-card">
          <Descriptions
            column={1}
            size="small"
            items={[
              {
                key: 'code',
                label: t('feedback.field.trackingCode'),
                children: <span className="tabular">{feedback.trackingCode}</span>,
              },
              { key: 'school', label: t('feedback.field.school'), children: feedback.school.name },
              {
                key: 'canteen',
                label: t('feedback.field.canteen'),
                children: feedback.canteen.name,
              },
              {
                key: 'category',
                label: t('feedback.field.category'),
                children: t(`feedback.category.${feedback.category}`),
              },
              {
                key: 'contact',
                label: t('feedback.field.contact'),
                children: feedback.contact ? (
                  <span>
                    <span className="tabular" data-testid="feedback-contact">
                      {feedback.contact}
                    </span>
                    {feedback.contactMasked && (
                      <Typography.Text type="secondary">
                        {' '}
                        · {t('feedback.contactMaskedHint')}
                      </Typography.Text>
                    )}
                  </span>
                ) : (
                  <Typography.Text type="secondary">{t('feedback.noContact')}</Typography.Text>
                ),
              },
              {
                key: 'submitted',
                label: t('feedback.field.submittedAt'),
                children: formatDateTime(feedback.submittedAt),
              },
              {
                key: 'due',
                label: t('feedback.field.replyDueAt'),
                children: (
                  <span>
                    {formatDateTime(feedback.replyDueAt)}{' '}
                    <Typography.Text type="secondary">
                      ({t('feedback.slaHours', { hours: feedback.slaHours })})
                    </Typography.Text>
                    {feedback.overdue && (
                      <Tag color="red" style={{ marginLeft: 8 }}>
                        {t('feedback.overdue')}
                      </Tag>
                    )}
                    {feedback.late && (
                      <Tag color="orange" style={{ marginLeft: 8 }}>
                        {t('feedback.late')}
                      </Tag>
                    )}
                  </span>
                ),
              },
              {
                key: 'first',
                label: t('feedback.field.firstResponseHours'),
                children: hours(feedback.firstResponseHours),
              },
              {
                key: 'reply',
                label: t('feedback.field.replyHours'),
                children: hours(feedback.replyHours),
              },
            ]}
          />
        </Card>
        <Card
          size="small"
          className="section-card"
          title={t('feedback.history')}
          style={{ marginTop: 16 }}
        >
          <Timeline
            data-testid="feedback-history"
            items={feedback.actions.map((action) => ({
              key: action.id,
              color: action.kind === 'note' ? 'gray' : action.kind === 'replied' ? 'green' : 'blue',
              children: (
                <>
                  <div>
                    <strong>{t(`feedback.actionKind.${action.kind}`)}</strong>
                    <Typography.Text type="secondary">
                      {' · '}
                      {action.actorName ?? t('feedback.parent')} · {formatDateTime(action.at)}
                    </Typography.Text>
                  </div>
                  {action.reply && (
                    <Typography.Paragraph className="feedback-text">
                      {action.reply}
                    </Typography.Paragraph>
                  )}
                  {action.note && (
                    <Typography.Paragraph className="feedback-text" type="secondary">
                      {t('feedback.internalNote')}：{action.note}
                    </Typography.Paragraph>
                  )}
                </>
              ),
            }))}
          />
        </Card>
      </Col>
    </Row>
  );
}
