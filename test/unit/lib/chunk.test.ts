import { describe, expect, it } from 'vitest';
import { chunk } from '../../../src/lib/chunk.js';

describe('chunk', () => {
  it('splits in order, the last slice holding the rest', () => {
    expect(chunk([1, 2, 3, 4, 5], 2)).toEqual([[1, 2], [3, 4], [5]]);
  });

  it('gives one slice when everything fits, and none for an empty list', () => {
    expect(chunk(['a', 'b'], 200)).toEqual([['a', 'b']]);
    expect(chunk([], 3)).toEqual([]);
  });

  it('keeps every item exactly once', () => {
    const items = Array.from({ length: 1001 }, (_, i) => i);
    const parts = chunk(items, 100);
    expect(parts).toHaveLength(11);
    expect(parts.flat()).toEqual(items);
  });

  it('refuses a size that would never advance', () => {
    expect(() => chunk([1], 0)).toThrow(RangeError);
    expect(() => chunk([1], 1.5)).toThrow(RangeError);
  });
});
