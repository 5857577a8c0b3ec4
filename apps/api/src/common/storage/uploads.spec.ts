import { gb18030Manifest } from '@test/fixtures/manifest-gb18030';
import { decodeCsv, sniffKind } from './uploads';

const CSV = '食材编码,批次号\r\nV001,L1\r\n';
const gb18030 = gb18030Manifest({ code: 'V001', lot: 'L1', day: '2026-11-20' });

describe('uploads: what a file is', () => {
  it('takes UTF-8 text with a comma as CSV, with or without a BOM', () => {
    expect(sniffKind(Buffer.from(CSV))).toBe('csv');
    expect(sniffKind(Buffer.from(`\uFEFF${CSV}`))).toBe('csv');
    expect(decodeCsv(Buffer.from(`\uFEFF${CSV}`))).toBe(CSV);
  });

  it('takes GB18030 text (Chinese Excel’s CSV) as CSV and decodes it', () => {
    expect(sniffKind(gb18030)).toBe('csv');
    expect(decodeCsv(gb18030)).toMatch(/^食材编码,食材名称,批次号.*\r\nV001,,L1,2026-11-20,.*冷藏车运输（𠮷记）\r\n$/s);
    // Valid GBK is read as such, not as UTF-8: the same bytes are not valid UTF-8.
    expect(() => new TextDecoder('utf-8', { fatal: true }).decode(gb18030)).toThrow();
  });

  it('judges a long file by its head, even when the head ends inside a character', () => {
    const utf8 = Buffer.from(`a,${'鲜'.repeat(2000)}`);
    const gb = Buffer.concat([Buffer.from('a,b\r\n'), ...Array.from({ length: 1500 }, () => Buffer.from([0x95, 0x34, 0xb2, 0x35]))]);
    expect(() => new TextDecoder('utf-8', { fatal: true }).decode(utf8.subarray(0, 4096))).toThrow();
    expect(() => new TextDecoder('gb18030', { fatal: true }).decode(gb.subarray(0, 4096))).toThrow();
    expect(sniffKind(utf8)).toBe('csv');
    expect(sniffKind(gb)).toBe('csv');
    expect(decodeCsv(gb)).toBe(`a,b\r\n${'𠮷'.repeat(1500)}`);
  });

  it('refuses binary content, whichever decoding would take its bytes', () => {
    const junk = Buffer.from(Array.from({ length: 512 }, (_, i) => (i * 37 + 11) % 256));
    expect(sniffKind(Buffer.concat([Buffer.from('a,b'), junk]))).toBeUndefined();
    // Bytes that decode as GB18030 but hold control characters are not text.
    expect(sniffKind(Buffer.from([0x61, 0x2c, 0xb0, 0xa1, 0x01, 0x02, 0x03]))).toBeUndefined();
    expect(sniffKind(Buffer.from('a,b\u0000c'))).toBeUndefined();
    expect(sniffKind(Buffer.from([0x61, 0x2c, 0xff, 0xfe, 0xfd]))).toBeUndefined();
    expect(sniffKind(Buffer.from('no comma here'))).toBeUndefined();
  });
});
