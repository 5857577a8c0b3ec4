import type { Rule } from 'antd/es/form';
import type { TFunction } from 'i18next';

/*
 * Quantity fields refuse bad input as visible field errors instead of clamping or rounding it in
 * the input: a silently shortened or rounded quantity is worse than a refusal. The server checks
 * the same again.
 */

/** More than is on hand (or was delivered) is refused. */
export function notAbove(max: string | undefined, message: string): Rule {
  return {
    validator: async (_rule, value: string | null | undefined) => {
      if (max === undefined || value === null || value === undefined || value === '') return;
      if (Number(value) > Number(max)) throw new Error(message);
    },
  };
}

/** Not more than zero (or below zero, where zero is a real answer), or more decimals than the unit allows. */
export function quantityRule(
  t: TFunction,
  decimals: number,
  options: { allowZero?: boolean } = {},
): Rule {
  return {
    validator: async (_rule, value: string | number | null | undefined) => {
      if (value === null || value === undefined || value === '') return;
      const amount = Number(value);
      if (Number.isNaN(amount) || amount < 0 || (amount === 0 && !options.allowZero)) {
        throw new Error(
          t(options.allowZero ? 'common.quantityNotNegative' : 'common.quantityPositive'),
        );
      }
      const fraction = String(value).split('.')[1] ?? '';
      if (fraction.replace(/0+$/, '').length > decimals) {
        throw new Error(t('common.quantityDecimals', { count: decimals }));
      }
    },
  };
}
