import {
  AlertOutlined,
  CheckCircleOutlined,
  CopyOutlined,
  EyeOutlined,
  RiseOutlined,
  RollbackOutlined,
  ToolOutlined,
} from '@ant-design/icons';
import { Space, Timeline, Typography } from 'antd';
import type { ReactNode } from 'react';
import { useTranslation } from 'react-i18next';
import type { AlertActionKind, TAlertAction } from '@canteen/shared';
import { FileLink } from '@/components/ui/file-link';
import { formatDateTime } from '@/lib/format';

const LOOK: Record<AlertActionKind, { color: string; icon: ReactNode }> = {
  raised: { color: 'red', icon: <AlertOutlined /> },
  folded: { color: 'gray', icon: <CopyOutlined /> },
  acknowledged: { color: 'blue', icon: <EyeOutlined /> },
  handled: { color: 'cyan', icon: <ToolOutlined /> },
  closed: { color: 'green', icon: <CheckCircleOutlined /> },
  sent_back: { color: 'orange', icon: <RollbackOutlined /> },
  escalated: { color: 'red', icon: <RiseOutlined /> },
};

/**
 * 处置链: everything that happened to the alert, oldest first — raised, repeated, acknowledged,
 * handled with its measures and evidence, escalated from one level to the next, sent back, closed.
 */
export function AlertTimeline({ alertId, actions }: { alertId: string; actions: TAlertAction[] }) {
  const { t } = useTranslation();
  // Repeats of the condition can run into hundreds: they are counted, not listed one by one.
  const folded = actions.filter((a) => a.kind === 'folded');
  const shown = actions.filter((a) => a.kind !== 'folded');
  const lastFold = folded.at(-1);

  const who = (action: TAlertAction) =>
    action.actor
      ? t('alerts.timeline.by', { name: action.actor.name, unit: action.actingUnit.name })
      : t('alerts.timeline.system');

  const describe = (action: TAlertAction): ReactNode => {
    switch (action.kind) {
      case 'raised':
        return t('alerts.timeline.raised', { unit: action.toUnit?.name ?? action.actingUnit.name });
      case 'folded':
        return t('alerts.timeline.folded', { count: folded.length });
      case 'acknowledged':
        return t('alerts.timeline.acknowledged');
      case 'handled':
        return t('alerts.timeline.handled');
      case 'closed':
        return t('alerts.timeline.closed');
      case 'sent_back':
        return t('alerts.timeline.sentBack');
      case 'escalated':
        return t('alerts.timeline.escalated', {
          from: action.fromUnit?.name ?? '—',
          to: action.toUnit?.name ?? '—',
          why: action.reason ? t(`alerts.escalationReason.${action.reason}`) : '',
        });
    }
  };

  const items = [...shown, ...(lastFold ? [lastFold] : [])]
    .sort((a, b) => a.at.localeCompare(b.at))
    .map((action) => ({
      key: action.id,
      color: LOOK[action.kind].color,
      dot: LOOK[action.kind].icon,
      children: (
        <div className="alert-timeline-item" data-testid="alert-action" data-kind={action.kind}>
          <div className="alert-timeline-head">
            <Typography.Text strong>{describe(action)}</Typography.Text>
            <Typography.Text type="secondary" className="tabular">
              {formatDateTime(action.at)}
            </Typography.Text>
          </div>
          <Typography.Text type="secondary">{who(action)}</Typography.Text>
          {action.note && (
            <div className="alert-timeline-note">
              {action.kind === 'handled'
                ? t('alerts.timeline.measures')
                : action.kind === 'sent_back'
                  ? t('alerts.timeline.reason')
                  : t('alerts.timeline.note')}
              ：{action.note}
            </div>
          )}
          {action.evidence.length > 0 && (
            <Space wrap size={12} className="alert-timeline-files">
              {action.evidence.map((file) => (
                <FileLink
                  key={file.id}
                  path={`/alerts/${alertId}/files/${file.id}`}
                  name={file.originalName}
                  contentType={file.contentType}
                />
              ))}
            </Space>
          )}
        </div>
      ),
    }));

  return <Timeline items={items} data-testid="alert-timeline" />;
}
