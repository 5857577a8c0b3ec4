import { InputNumber } from 'antd';
import type { Rule } from 'antd/es/form';
import { useTranslation } from 'react-i18next';
import { unitLabel } from '@/lib/labels';

/**
 * Refuses more than is on hand, as a visible field error rather than by clamping the input (a
 * silently shortened quantity is worse than a refusal); the server checks again under a lock.
 */
export function notAbove(max: string | undefined, message: string): Rule {
  return {
    validator: async (_rule, value: string | null | undefined) => {
      if (max === undefined || value === null || value === undefined || value === '') return;
      if (Number(value) > Number(max)) throw new Error(message);
    },
  };
}

/** A touch-sized decimal quantity, kept as a string (the contract's decimals), with its unit. */
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
      min="0"
      step={decimals === 0 ? '1' : '0.5'}
      precision={decimals}
      value={value ?? null}
      onChange={(v) => onChange?.(v)}
      addonAfter={unit ? unitLabel(t, unit) : undefined}
      placeholder={placeholder}
      inputMode="decimal"
      style={{ width: '100%' }}
    />
  );
}
