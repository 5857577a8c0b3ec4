import { ClockCircleOutlined, ExclamationCircleOutlined } from '@ant-design/icons';
import { Tooltip } from 'antd';
import { useEffect, useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { TAlertSummary } from '@canteen/shared';
import { formatDateTime } from '@/lib/format';
import { durationText } from './alert-text';

/** Re-renders every `ms` so that countdowns move without a refetch. */
export function useNow(ms = 30_000): number {
  const [now, setNow] = useState(() => Date.now());
  useEffect(() => {
    const timer = setInterval(() => setNow(Date.now()), ms);
    return () => clearInterval(timer);
  }, [ms]);
  return now;
}

type SlaAlert = Pick<TAlertSummary, 'status' | 'ackDueAt' | 'handleDueAt'>;

/** The time limit the alert runs against now: acknowledgement while raised, handling once acknowledged. */
export function currentDue(alert: SlaAlert): { stage: 'ack' | 'handle'; due: string } | null {
  if (alert.status === 'raised') return { stage: 'ack', due: alert.ackDueAt };
  if (alert.status === 'acknowledged') return { stage: 'handle', due: alert.handleDueAt };
  return null;
}

/** Time left to acknowledge or handle, or how long it is overdue (red). */
export function SlaCountdown({ alert }: { alert: SlaAlert }) {
  const { t } = useTranslation();
  const now = useNow();
  const current = currentDue(alert);
  if (!current) return <span className="alert-sla alert-sla-none">—</span>;
  const left = new Date(current.due).getTime() - now;
  const overdue = left <= 0;
  return (
    <Tooltip title={t(`alerts.sla.dueAt.${current.stage}`, { at: formatDateTime(current.due) })}>
      <span
        className={overdue ? 'alert-sla alert-sla-overdue' : 'alert-sla'}
        data-testid="alert-sla"
        data-overdue={overdue}
      >
        {overdue ? <ExclamationCircleOutlined /> : <ClockCircleOutlined />}
        {overdue
          ? t(`alerts.sla.overdue.${current.stage}`, { time: durationText(t, left) })
          : t(`alerts.sla.left.${current.stage}`, { time: durationText(t, left) })}
      </span>
    </Tooltip>
  );
}
