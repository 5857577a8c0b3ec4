import { CheckCircleFilled, CloseCircleFilled, ExclamationCircleFilled } from '@ant-design/icons';
import { Tag } from 'antd';
import { useTranslation } from 'react-i18next';
import type { Verdict } from '@canteen/shared';

const LOOK: Record<Verdict, { color: string; icon: React.ReactNode }> = {
  green: { color: 'success', icon: <CheckCircleFilled /> },
  amber: { color: 'warning', icon: <ExclamationCircleFilled /> },
  red: { color: 'error', icon: <CloseCircleFilled /> },
};

/** 达标 / 注意 / 不达标: the conformity verdict of a meal or a day against the targets. */
export function VerdictTag({ verdict, compact = false }: { verdict: Verdict; compact?: boolean }) {
  const { t } = useTranslation();
  const look = LOOK[verdict];
  return (
    <Tag
      color={look.color}
      icon={look.icon}
      className={`verdict-tag verdict-${verdict}`}
      data-verdict={verdict}
      style={compact ? { marginInlineEnd: 0 } : undefined}
    >
      {t(`menus.nutrition.verdict.${verdict}`)}
    </Tag>
  );
}
