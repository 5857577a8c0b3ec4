import { Tag } from 'antd';
import { useTranslation } from 'react-i18next';
import type { ContractState } from '@canteen/shared';

const COLOR: Record<ContractState, string> = {
  pending: 'processing',
  active: 'success',
  expired: 'default',
  ended: 'warning',
};

export function ContractStateTag({ state }: { state: ContractState }) {
  const { t } = useTranslation();
  return <Tag color={COLOR[state]}>{t(`supply.contractState.${state}`)}</Tag>;
}
