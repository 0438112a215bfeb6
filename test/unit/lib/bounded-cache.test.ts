import { describe, expect, it } from 'vitest';
import { BoundedCache, DEFAULT_CACHE_ENTRIES } from '../../../src/lib/bounded-cache.js';

describe('BoundedCache', () => {
  it('remembers a computed value and computes it only once', () => {
    const cache = new BoundedCache<string, number>();
    let calls = 0;
    const length = (s: string): number => {
      calls += 1;
      return s.length;
    };
    expect(cache.getOrCompute('abc', length)).toBe(3);
    expect(cache.getOrCompute('abc', length)).toBe(3);
    expect(calls).toBe(1);
    expect(cache.maxEntries).toBe(DEFAULT_CACHE_ENTRIES);
  });

  it('never holds more than its bound, and keeps the latest entries', () => {
    for (const bound of [2, 3, 4, 101]) {
      const cache = new BoundedCache<number, number>(bound);
      for (let i = 0; i < 1000; i++) {
        cache.set(i, i * i);
        expect(cache.size).toBeLessThanOrEqual(bound);
      }
      expect(cache.get(999)).toBe(998_001);
      expect(cache.get(0)).toBeUndefined();
    }
  });

  it('evicts what has not been used for longest, a read counting as a use', () => {
    const cache = new BoundedCache<string, string>(4);
    cache.set('a', 'A');
    cache.set('b', 'B');
    cache.set('c', 'C');
    expect(cache.get('a')).toBe('A');
    cache.set('d', 'D');
    cache.set('e', 'E');
    expect(cache.get('b')).toBeUndefined();
    expect(cache.get('a')).toBe('A');
    expect(cache.get('e')).toBe('E');
  });

  it('replacing a key neither grows the cache nor evicts another entry', () => {
    const cache = new BoundedCache<string, number>(4);
    cache.set('a', 1);
    cache.set('b', 2);
    cache.set('c', 3);
    cache.set('a', 4);
    cache.set('c', 5);
    expect(cache.size).toBe(3);
    expect([cache.get('a'), cache.get('b'), cache.get('c')]).toEqual([4, 2, 5]);
  });

  it('keeps falsy values such as null, false and 0, but not undefined', () => {
    const cache = new BoundedCache<string, unknown>();
    let calls = 0;
    const compute = (k: string): unknown => {
      calls += 1;
      return { null: null, false: false, zero: 0, undef: undefined }[k];
    };
    for (const k of ['null', 'false', 'zero', 'null', 'false', 'zero']) cache.getOrCompute(k, compute);
    expect(calls).toBe(3);
    cache.getOrCompute('undef', compute);
    cache.getOrCompute('undef', compute);
    expect(calls).toBe(5);
  });

  it('refuses a bound that could hold nothing', () => {
    expect(() => new BoundedCache(0)).toThrow(RangeError);
    expect(() => new BoundedCache(1)).toThrow(RangeError);
    expect(() => new BoundedCache(2.5)).toThrow(RangeError);
  });
});
