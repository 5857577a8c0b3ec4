import { ShopOutlined } from '@ant-design/icons';
import { Card, Descriptions, Result } from 'antd';
import { useTranslation } from 'react-i18next';
import { useCurrentUser } from '@/lib/auth';

/** Suppliers sit outside the org tree and have no console yet: a welcome, not an error. */
export function SupplierRoute() {
  const { t } = useTranslation();
  const user = useCurrentUser();
  return (
    <Card className="section-card supplier-card">
      <Result
        icon={<ShopOutlined style={{ color: '#1456c7' }} />}
        title={<span data-testid="supplier-title">{t('supplier.title')}</span>}
        subTitle={t('supplier.text')}
      >
        <Descriptions
          column={1}
          size="small"
          bordered
          items={[
            { key: 'company', label: t('supplier.company'), children: user.supplier?.name ?? '—' },
            {
              key: 'account',
              label: t('supplier.account'),
              children: `${user.displayName}（${user.username}）`,
            },
            { key: 'next', label: t('supplier.upcoming'), children: t('supplier.upcomingList') },
          ]}
        />
      </Result>
    </Card>
  );
}
