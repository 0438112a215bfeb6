import { describe, expect, it } from 'vitest';
import { cleanText } from '../../../src/core/normalize/text.js';

describe('cleanText', () => {
  it('cleanText strips NUL, escapes, bidi controls and lone surrogates', () => {
    expect(cleanText('Demo\u0000call')).toBe('Democall');
    expect(cleanText('\u001b[31mAcme\u202E')).toBe('[31mAcme');
    expect(cleanText('Ann\uD800')).toBe('Ann\uFFFD');
    expect(cleanText('\u0000\u0007')).toBeNull();
  });
});
