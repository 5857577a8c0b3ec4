import { Tag } from 'antd';
import { useTranslation } from 'react-i18next';
import type { StocktakeStatus } from '@canteen/shared';

const COLOR: Record<StocktakeStatus, string> = {
  open: 'processing',
  posted: 'success',
  cancelled: 'default',
};

export function StocktakeStatusTag({ status }: { status: StocktakeStatus }) {
  const { t } = useTranslation();
  return (
    <Tag color={COLOR[status]} data-testid="stocktake-status">
      {t(`ledger.stocktake.status.${status}`)}
    </Tag>
  );
}
