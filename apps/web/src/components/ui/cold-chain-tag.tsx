import { Tag } from 'antd';
import { useTranslation } from 'react-i18next';
import { COLD_CHAIN_LIMITS, type ColdChain } from '@canteen/shared';

const COLOR: Record<ColdChain, string> = { ambient: 'default', chilled: 'cyan', frozen: 'blue' };

/** The temperature band a cold-chain item must arrive in (chilled 0–8 °C, frozen ≤ −12 °C). */
export function coldChainLimits(coldChain: ColdChain): string {
  if (coldChain === 'ambient') return '';
  const limits = COLD_CHAIN_LIMITS[coldChain];
  return limits.minC === null ? `≤ ${limits.maxC} °C` : `${limits.minC}–${limits.maxC} °C`;
}

export function ColdChainTag({
  coldChain,
  withLimits = false,
}: {
  coldChain: ColdChain;
  withLimits?: boolean;
}) {
  const { t } = useTranslation();
  const limits = withLimits ? coldChainLimits(coldChain) : '';
  return (
    <Tag color={COLOR[coldChain]}>
      {t(`supply.coldChain.${coldChain}`)}
      {limits && ` ${limits}`}
    </Tag>
  );
}
