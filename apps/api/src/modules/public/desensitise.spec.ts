import { ZPublicCanteenSummary, ZPublicFeedbackStatus } from '@canteen/shared';
import { ID_NUMBER_REMOVED, desensitise, maskName, maskPhone, scrubText } from './desensitise';

describe('maskName', () => {
  it.each([
    ['张三', '张*'],
    ['李小明', '李**'],
    ['欧阳娜娜', '欧阳**'],
    ['司马懿', '司马*'],
    // Two characters are a surname and a given name even when they could start a compound surname.
    ['欧阳', '欧*'],
    ['王', '*'],
    ['  周文斌 ', '周**'],
    ['', ''],
  ])('%s → %s', (name, masked) => {
    expect(maskName(name)).toBe(masked);
  });
});

describe('maskPhone', () => {
  it.each([
    ['13812341234', '138****1234'],
    ['028-12345678', '028****5678'],
    ['12345', '*****'],
  ])('%s → %s', (phone, masked) => {
    expect(maskPhone(phone)).toBe(masked);
  });
});

describe('scrubText', () => {
  it('masks mobile numbers and removes resident ID numbers inside free text', () => {
    expect(scrubText('联系电话13812341234，身份证51170219900101123X。')).toBe(`联系电话138****1234，身份证${ID_NUMBER_REMOVED}。`);
  });

  it('leaves lot codes, hashes and other numbers alone', () => {
    for (const text of ['LOT13812341234', 'a13812341234b', '20261129-0001', '12812341234', '511702-S01-C1']) expect(scrubText(text)).toBe(text);
  });

  it('masks the names it is given wherever they appear, and keeps the phone masking', () => {
    const reply = '食堂负责人吴秀兰已核实，周文斌校长要求整改；吴秀兰电话13508184006。';
    expect(scrubText(reply, ['吴秀兰', '周文斌'])).toBe('食堂负责人吴**已核实，周**校长要求整改；吴**电话135****4006。');
    expect(scrubText(reply)).toBe('食堂负责人吴秀兰已核实，周文斌校长要求整改；吴秀兰电话135****4006。');
  });

  it('masks the longer of two overlapping names first, keeps compound surnames, ignores one-character and blank names', () => {
    expect(scrubText('欧阳娜娜和欧阳娜', ['欧阳娜', '欧阳娜娜'])).toBe('欧阳**和欧阳*');
    expect(scrubText('王老师说，吴 师傅在', ['王', ' ', ''])).toBe('王老师说，吴 师傅在');
    expect(scrubText('由 吴秀兰 回复', [' 吴秀兰 '])).toBe('由 吴** 回复');
  });
});

describe('desensitise', () => {
  const summary = { code: 'C1', name: '学生食堂', school: { name: '实验小学', kind: 'primary' }, region: { province: null, city: null, county: null } };

  it('drops every field the public schema does not declare, however deep', () => {
    const leaked = { ...summary, contactPhone: '13812341234', school: { ...summary.school, principal: '周文斌', address: '人民路 1 号' } };
    expect(desensitise(ZPublicCanteenSummary, leaked)).toEqual(summary);
  });

  it('scrubs numbers from declared strings except where the caller names them verbatim', () => {
    const value = { ...summary, name: '食堂13812341234', school: { name: '13812341234', kind: 'primary' } };
    expect(desensitise(ZPublicCanteenSummary, value)).toMatchObject({ name: '食堂138****1234', school: { name: '138****1234' } });
    expect(desensitise(ZPublicCanteenSummary, value, { verbatim: (path) => path[0] === 'school' })).toMatchObject({ name: '食堂138****1234', school: { name: '13812341234' } });
  });

  it('masks the names it is given in every string but the verbatim ones', () => {
    const status = {
      trackingCode: 'ABCDEFGH12',
      canteen: { code: 'C1', name: '学生食堂', schoolName: '实验小学' },
      category: 'taste',
      status: 'replied',
      submittedAt: '2026-03-02T08:00:00.000Z',
      replyDueAt: '2026-03-04T08:00:00.000Z',
      reply: { text: '食堂负责人吴秀兰 已处理，电话 13508184006', at: '2026-03-02T09:00:00.000Z' },
      closedAt: null,
    } as const;
    expect(desensitise(ZPublicFeedbackStatus, status, { names: ['吴秀兰'] }).reply?.text).toBe('食堂负责人吴** 已处理，电话 135****4006');
    expect(desensitise(ZPublicFeedbackStatus, status, { names: ['吴秀兰'], verbatim: (path) => path[0] === 'reply' }).reply?.text).toBe(status.reply.text);
  });

  it('refuses a value that does not fit the schema instead of passing it on', () => {
    expect(() => desensitise(ZPublicCanteenSummary, { ...summary, school: null } as never)).toThrow();
  });
});
