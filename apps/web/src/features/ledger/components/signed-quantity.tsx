import type { TFunction } from 'i18next';
import { useTranslation } from 'react-i18next';
import { quantityText } from '@/lib/labels';

const isZero = (quantity: string) => /^[-+]?0*(\.0*)?$/.test(quantity.trim());

/** "−2.5 kg" / "+12 kg": a signed ledger quantity with a real minus sign and its unit. */
export function signedQuantityText(t: TFunction, quantity: string, unit: string): string {
  const magnitude = quantityText(t, quantity.trim().replace(/^[-+]/, ''), unit);
  if (isZero(quantity)) return magnitude;
  return `${quantity.trim().startsWith('-') ? '−' : '+'}${magnitude}`;
}

/** A ledger quantity with its sign made visible: + into stock (green), − out of it (red). */
export function SignedQuantity({ quantity, unit }: { quantity: string; unit: string }) {
  const { t } = useTranslation();
  const className = isZero(quantity)
    ? 'tabular'
    : `tabular ${quantity.trim().startsWith('-') ? 'ledger-qty-out' : 'ledger-qty-in'}`;
  return <span className={className}>{signedQuantityText(t, quantity, unit)}</span>;
}
