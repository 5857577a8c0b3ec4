import type { FormInstance } from 'antd';
import type { Rule } from 'antd/es/form';
import type { z } from 'zod';
import { pickLanguage } from '@canteen/shared';
import { isApiError } from '@/lib/api-client';
import { contractLanguage } from '@/lib/i18n';

/**
 * Puts the API's field issues on the form fields that show them. Returns true when every issue
 * found one, so the caller shows a general message (errorText) when any is left: an issue about a
 * whole group of values ('served') that no single form item displays must not vanish.
 */
export function applyApiErrorToForm(form: FormInstance, error: unknown, language: string): boolean {
  if (!isApiError(error) || error.issues.length === 0) return false;
  const shown = new Set(form.getFieldsError().map((field) => JSON.stringify(field.name)));
  const fields = error.issues
    .map((issue) => ({
      // List fields (Form.List) are addressed by numeric index: 'lines.2.lotCode' → ['lines', 2, 'lotCode'].
      name: issue.path.split('.').map((part) => (/^\d+$/.test(part) ? Number(part) : part)),
      errors: [language === 'en' ? issue.messageEn : issue.message],
    }))
    .filter((field) => shown.has(JSON.stringify(field.name)));
  form.setFields(fields);
  return fields.length === error.issues.length;
}

/** An antd rule that validates with a field of a shared Zod schema; empty optional values pass. */
export function zodRule(schema: z.ZodType, options: { optional?: boolean } = {}): Rule {
  return {
    validator: async (_rule, value: unknown) => {
      if (options.optional && (value === undefined || value === null || value === '')) return;
      // An untouched field is undefined; the schema's own "required" message reads better than a type error.
      const result = schema.safeParse(value ?? '');
      if (result.success) return;
      const message = result.error.issues[0]?.message ?? '';
      throw new Error(pickLanguage(message, contractLanguage()));
    },
  };
}
