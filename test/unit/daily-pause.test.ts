import { describe, expect, it } from 'vitest';
import { DailyPause, nextMidnight } from '../../src/runtime/daemon/daily-pause.js';

describe('HubSpot daily-limit pause', () => {
  it.each([
    ['2026-11-23T20:00:00Z', 'America/New_York', '2026-11-24T05:00:00.000Z'],
    ['2026-11-24T03:00:00Z', 'America/New_York', '2026-11-24T05:00:00.000Z'],
    ['2026-11-23T23:30:00Z', 'Europe/Berlin', '2026-11-24T23:00:00.000Z'],
    ['2026-03-08T12:00:00Z', 'America/New_York', '2026-03-09T04:00:00.000Z'],
    ['2026-03-08T03:00:00Z', 'America/New_York', '2026-03-08T05:00:00.000Z'],
    ['2026-11-23T20:00:00Z', 'Not/AZone', '2026-11-24T00:00:00.000Z'],
  ])('at %s in %s it resets at %s', (now, zone, expected) => {
    expect(new Date(nextMidnight(Date.parse(now), zone)).toISOString()).toBe(expected);
  });

  it('holds until the reset, then forgets', () => {
    const p = new DailyPause();
    const now = Date.parse('2026-11-23T20:00:00Z');
    expect(p.active(now)).toBeNull();
    const until = p.pauseUntilMidnight(now, 'UTC');
    expect(p.active(now + 3_600_000)).toBe(until);
    expect(p.active(until)).toBeNull();
    expect(p.active(until + 1)).toBeNull();
  });
});
