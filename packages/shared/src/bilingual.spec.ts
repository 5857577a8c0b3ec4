import { bilingual, pickLanguage } from './bilingual';

describe('bilingual messages', () => {
  it('keeps both halves and gives back each', () => {
    const message = bilingual('名称至少 2 个字', 'Name needs at least 2 characters');
    expect(message).toBe('名称至少 2 个字||Name needs at least 2 characters');
    expect(pickLanguage(message, 'zh')).toBe('名称至少 2 个字');
    expect(pickLanguage(message, 'en')).toBe('Name needs at least 2 characters');
  });

  it('reads a plain message the same in both languages', () => {
    expect(pickLanguage('Invalid input', 'zh')).toBe('Invalid input');
    expect(pickLanguage('无效输入', 'en')).toBe('无效输入');
    expect(pickLanguage('', 'en')).toBe('');
  });

  it('splits at the first separator, so an English half may itself contain one', () => {
    const message = bilingual('选择甲或乙', 'Choose a || b');
    expect(pickLanguage(message, 'zh')).toBe('选择甲或乙');
    expect(pickLanguage(message, 'en')).toBe('Choose a || b');
  });

  it('keeps empty halves empty', () => {
    expect(pickLanguage(bilingual('', 'English only'), 'zh')).toBe('');
    expect(pickLanguage(bilingual('仅中文', ''), 'en')).toBe('');
  });

  it('round-trips any pair whose Chinese half has no separator', () => {
    const pairs: [string, string][] = [
      [
        '密码须包含大写字母、小写字母、数字、符号中的至少三类',
        'Password needs three of: upper case, lower case, digits, symbols',
      ],
      ['编码只能是 2–40 位字母、数字、- 或 _', 'Code: 2–40 letters, digits, - or _'],
      ['含 | 竖线', 'with | a bar'],
      ['😀 表情', '😀 emoji'],
    ];
    for (const [zh, en] of pairs) {
      const message = bilingual(zh, en);
      expect([pickLanguage(message, 'zh'), pickLanguage(message, 'en')]).toEqual([zh, en]);
    }
  });
});
