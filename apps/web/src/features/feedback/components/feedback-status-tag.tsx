import { Tag } from 'antd';
import { useTranslation } from 'react-i18next';
import type { FeedbackStatus } from '@canteen/shared';

const COLORS: Record<FeedbackStatus, string> = {
  new: 'blue',
  in_progress: 'gold',
  replied: 'green',
  closed: 'default',
};

export function FeedbackStatusTag({
  status,
  overdue = false,
  late = false,
}: {
  status: FeedbackStatus;
  overdue?: boolean;
  late?: boolean;
}) {
  const { t } = useTranslation();
  return (
    <>
      <Tag color={COLORS[status]}>{t(`feedback.status.${status}`)}</Tag>
      {overdue && <Tag color="red">{t('feedback.overdue')}</Tag>}
      {late && <Tag color="orange">{t('feedback.late')}</Tag>}
    </>
  );
}
