import { Tag } from 'antd';
import { useTranslation } from 'react-i18next';
import type { PurchaseOrderStatus } from '@canteen/shared';

const COLOR: Record<PurchaseOrderStatus, string> = {
  submitted: 'processing',
  delivered: 'success',
  cancelled: 'default',
};

export function OrderStatusTag({ status }: { status: PurchaseOrderStatus }) {
  const { t } = useTranslation();
  return <Tag color={COLOR[status]}>{t(`supply.orderStatus.${status}`)}</Tag>;
}
