import { describe, expect, it } from 'vitest';
import { sanitizeDeep, sanitizeText } from '../../../src/lib/text.js';

describe('sanitizeText', () => {
  it.each([
    ['Demo\u0000call', 'Democall'],
    ['\u001b[31mred\u001b[0m', '[31mred[0m'],
    ['bell\u0007 and del\u007f', 'bell and del'],
    ['abc\u202Edcba\u202C', 'abcdcba'],
    ['\u2066isolated\u2069', 'isolated'],
    ['lone \uD800 high', 'lone \uFFFD high'],
    ['lone \uDC00 low', 'lone \uFFFD low'],
    ['ends high \uD83D', 'ends high \uFFFD'],
    ['swapped \uDE00\uD83D', 'swapped \uFFFD\uFFFD'],
  ])('%j → %j', (raw, clean) => {
    expect(sanitizeText(raw)).toBe(clean);
  });

  it('leaves clean text alone, surrogate pairs, accents and RTL letters included', () => {
    for (const v of ['Ana Lúcia', '😀 emoji', '山田 太郎', 'שלום', 'x\u200Dy']) expect(sanitizeText(v)).toBe(v);
  });

  it('turns tab and newline into spaces in one-line fields, keeps them where a field allows them', () => {
    expect(sanitizeText('Demo\tcall\r\nnext')).toBe('Demo call  next');
    expect(sanitizeText('Demo\tcall\r\nnext', { lineBreaks: true })).toBe('Demo\tcall\nnext');
  });
});

describe('sanitizeDeep', () => {
  it('cleans every string and key of a payload, leaving numbers, booleans, null and dates', () => {
    const at = new Date('2026-01-01T00:00:00Z');
    const out = sanitizeDeep({ id: '1', 'bad\u0000key': ['a\u0000b', 2, true, null], nested: { t: 'x\uD800' }, at });
    expect(out).toEqual({ id: '1', badkey: ['ab', 2, true, null], nested: { t: 'x\uFFFD' }, at });
    expect(JSON.stringify(out)).not.toMatch(/\\u0000|\\ud8/i);
  });

  it('copies class instances (SDK models) as JSON would see them', () => {
    class Model {
      constructor(readonly title: string) {}
    }
    expect(sanitizeDeep(new Model('a\u001bb'))).toEqual({ title: 'ab' });
  });
});
