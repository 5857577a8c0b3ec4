import {
  ApartmentOutlined,
  CheckCircleOutlined,
  MinusCircleOutlined,
  PauseCircleOutlined,
  ShopOutlined,
  TeamOutlined,
} from '@ant-design/icons';
import { Card, Progress, Skeleton, Statistic } from 'antd';
import { useTranslation } from 'react-i18next';
import { childLevel, type TOrgUnitDetail } from '@canteen/shared';
import { rateColor } from '@/components/ui/rate-progress';
import { useConnectionRate } from '../api/get-connection-rate';

interface StatCard {
  title: string;
  value: number;
  icon: React.ReactNode;
  suffix: string;
  color?: string;
}

/** Key figures of a unit: its children, canteens and the share connected (接入率). */
export function OrgUnitStats({ unit }: { unit: TOrgUnitDetail }) {
  const { t } = useTranslation();
  const { data, isPending } = useConnectionRate(unit.id);
  const next = childLevel(unit.level);

  if (isPending) {
    return (
      <Card size="small" className="section-card">
        <Skeleton active paragraph={{ rows: 1 }} />
      </Card>
    );
  }
  const total = data?.total;
  const rate = total?.rate ?? null;

  const first: StatCard =
    unit.level === 'school'
      ? {
          title: t('org.field.enrolment'),
          value: unit.enrolment ?? 0,
          icon: <TeamOutlined />,
          suffix: t('org.people'),
        }
      : {
          title: next ? t(`org.childrenOf.${next}`) : '',
          value: unit.childCount,
          icon: <ApartmentOutlined />,
          suffix: next === 'school' ? t('org.schoolUnit') : t('org.countUnit'),
        };

  const cards: StatCard[] = [
    first,
    {
      title: t('org.stats.canteens'),
      value: total?.canteens ?? 0,
      icon: <ShopOutlined />,
      suffix: t('org.countUnit'),
    },
    {
      title: t('connection.status.connected'),
      value: total?.connected ?? 0,
      icon: <CheckCircleOutlined />,
      color: '#389e0d',
      suffix: t('org.countUnit'),
    },
    {
      title: t('connection.status.suspended'),
      value: total?.suspended ?? 0,
      icon: <PauseCircleOutlined />,
      color: '#d48806',
      suffix: t('org.countUnit'),
    },
    {
      title: t('connection.status.not_connected'),
      value: total?.notConnected ?? 0,
      icon: <MinusCircleOutlined />,
      color: '#8c8c8c',
      suffix: t('org.countUnit'),
    },
  ];

  return (
    <div className="stats-grid">
      {cards.map((card) => (
        <Card key={card.title} size="small" className="stat-card">
          <Statistic
            title={
              <span className="stat-title">
                <span className="stat-icon" style={{ color: card.color }}>
                  {card.icon}
                </span>
                {card.title}
              </span>
            }
            value={card.value}
            suffix={<span className="stat-suffix">{card.suffix}</span>}
            valueStyle={card.color ? { color: card.color } : undefined}
          />
        </Card>
      ))}
      <Card size="small" className="stat-card stat-card-rate">
        <div className="stat-rate">
          <Progress
            type="circle"
            size={60}
            percent={rate === null ? 0 : Math.round(rate * 1000) / 10}
            strokeColor={rateColor(rate)}
            format={(percent) => (rate === null ? '—' : `${percent}%`)}
          />
          <div>
            <div className="stat-rate-title">{t('connection.rate')}</div>
            <div className="stat-rate-goal">{t('connection.goalShort')}</div>
          </div>
        </div>
      </Card>
    </div>
  );
}
