import { FEEDBACK_CONTACT_MESSAGE, isFeedbackContact, normaliseContact } from './feedback-contact';
import { ZFeedbackContact } from './schemas/feedback';

describe('the feedback contact rule', () => {
  const good = ['13812345678', ' 138-1234 5678 ', 'wxid_abc-123', 'Parent_2026'];
  const bad = ['12345', '12812345678', '1381234567', '138123456789', '5wechat', 'ab', '<script>', `a${'b'.repeat(40)}`];

  it('accepts mobile numbers (spaces and dashes allowed) and WeChat ids, nothing else', () => {
    for (const contact of good) expect(isFeedbackContact(contact)).toBe(true);
    for (const contact of bad) expect(isFeedbackContact(contact)).toBe(false);
    expect(normaliseContact(' 138-1234 5678 ')).toBe('13812345678');
  });

  it('is the rule the API validates with: same verdicts, and the message the page shows', () => {
    for (const contact of [...good, ...bad]) expect(ZFeedbackContact.safeParse(contact).success).toBe(isFeedbackContact(contact));
    const refused = ZFeedbackContact.safeParse('12345');
    expect(refused.success || refused.error.issues.map((i) => i.message)).toEqual([FEEDBACK_CONTACT_MESSAGE]);
  });
});
