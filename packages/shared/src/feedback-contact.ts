// The rule for the contact a parent may leave with feedback. It has no Zod in it on purpose:
// ZFeedbackContact (schemas/feedback.ts) is built on it, and the parents' page checks a contact with
// it before solving the challenge, where importing a Zod schema would add tens of KB to the bundle.
import { bilingual } from './bilingual';

export const FEEDBACK_CONTACT_MAX = 40;
export const FEEDBACK_CONTACT_MESSAGE = bilingual('联系方式应为 11 位手机号或微信号', 'Give an 11-digit mobile number or a WeChat id');

const MOBILE = /^1[3-9]\d{9}$/;
// 微信号: 6–20 letters, digits, '_' or '-', beginning with a letter.
const WECHAT_ID = /^[A-Za-z][-_A-Za-z0-9]{5,19}$/;

/** A mobile number written with spaces or dashes is kept as its 11 digits. */
export function normaliseContact(contact: string): string {
  const trimmed = contact.trim();
  return /^[\d\s-]+$/.test(trimmed) ? trimmed.replace(/[\s-]/g, '') : trimmed;
}

export const isMobileContact = (contact: string) => MOBILE.test(contact);

/** Whether a contact as typed is a mobile number or a WeChat id (once normalised). */
export function isFeedbackContact(contact: string): boolean {
  if (contact.length > FEEDBACK_CONTACT_MAX) return false;
  const normalised = normaliseContact(contact);
  return MOBILE.test(normalised) || WECHAT_ID.test(normalised);
}
