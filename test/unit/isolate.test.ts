import { describe, expect, it } from 'vitest';
import { HandoffError } from '../../src/domain/errors.js';
import { writeIsolating } from '../../src/jobs/sync/isolate.js';

const refusal = () => new HandoffError('INVALID_RECORD', 'refused', { system: 'state', vendorCode: '22P05' });

describe('writeIsolating', () => {
  it('writes everything in one call when nothing is refused', async () => {
    const calls: number[][] = [];
    expect(await writeIsolating([1, 2, 3], async (p) => void calls.push([...p]))).toEqual([]);
    expect(calls).toEqual([[1, 2, 3]]);
  });

  it('bisects down to the refused items and writes every other item exactly once', async () => {
    const written: number[] = [];
    const bad = new Set([3, 11]);
    const items = Array.from({ length: 16 }, (_, i) => i);
    let calls = 0;
    const refused = await writeIsolating(items, async (part) => {
      calls += 1;
      if (part.some((i) => bad.has(i))) throw refusal();
      written.push(...part);
    });
    expect(refused.map((r) => r.item)).toEqual([3, 11]);
    expect(refused[0]?.error.vendorCode).toBe('22P05');
    expect(written.sort((a, b) => a - b)).toEqual(items.filter((i) => !bad.has(i)));
    expect(calls).toBeLessThanOrEqual(1 + 2 * 2 * Math.log2(16));
  });

  it('lets any other failure through untouched', async () => {
    const down = new HandoffError('NETWORK', 'connection reset', { system: 'state' });
    await expect(writeIsolating([1, 2], () => Promise.reject(down))).rejects.toBe(down);
    const dup = new HandoffError('INVALID_RECORD', 'from salesforce', { system: 'salesforce' });
    await expect(writeIsolating([1], () => Promise.reject(dup))).rejects.toBe(dup);
  });
});
