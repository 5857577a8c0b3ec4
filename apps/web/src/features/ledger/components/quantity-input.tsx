import { InputNumber } from 'antd';
import { useTranslation } from 'react-i18next';
import { unitLabel } from '@/lib/labels';

/**
 * A touch-sized decimal quantity, kept as a string, with its unit. It neither clamps nor rounds
 * what is typed: the form's quantityRule refuses a bad value visibly (lib/quantity-rules).
 */
export function QuantityInput({
  unit,
  decimals,
  value,
  onChange,
  id,
  placeholder,
  size = 'large',
}: {
  unit: string | undefined;
  decimals: number;
  value?: string | null;
  onChange?: (value: string | null) => void;
  id?: string;
  placeholder?: string;
  size?: 'large' | 'middle';
}) {
  const { t } = useTranslation();
  return (
    <InputNumber<string>
      id={id}
      stringMode
      size={size}
      step={decimals === 0 ? '1' : '0.5'}
      value={value ?? null}
      onChange={(v) => onChange?.(v)}
      addonAfter={unit ? unitLabel(t, unit) : undefined}
      placeholder={placeholder}
      inputMode="decimal"
      style={{ width: '100%' }}
    />
  );
}
