import { afterEach, describe, expect, it } from 'vitest';
import type { SalesforceSandbox } from '../src/salesforce/index.js';
import { isBusinessTime } from '../src/salesforce/floor/index.js';
import type { FloorTruth, HandoffTruth } from '../src/salesforce/floor/index.js';
import { DAY, GONE_REP, HOUR, MONDAY, REPS, floorSandbox, handOff, handOffMany } from './salesforce-floor-fixture.js';

const started: SalesforceSandbox[] = [];
async function sandboxWithFloor(seed: number): Promise<SalesforceSandbox> {
  const sandbox = await floorSandbox();
  started.push(sandbox);
  sandbox.salesFloor.configure(true, seed);
  return sandbox;
}
afterEach(async () => {
  await Promise.all(started.splice(0).map((s) => s.stop()));
});

/** A scenario: `n` handoffs over 10 days, then the clock runs to day 40 in the given steps. */
async function run(seed: number, stepMs: number, n = 60): Promise<FloorTruth> {
  const sandbox = await sandboxWithFloor(seed);
  handOffMany(sandbox, n, 10);
  const end = MONDAY + 40 * DAY;
  while (sandbox.clock.now() < end) {
    sandbox.clock.advance(Math.min(stepMs, end - sandbox.clock.now()));
    sandbox.salesFloor.catchUp();
  }
  return sandbox.salesFloor.truth();
}

/** Every instant at which a rep did something for this handoff. */
function actionInstants(h: HandoffTruth): string[] {
  return [
    ...h.attempts.map((a) => a.at),
    ...h.statusChanges.map((s) => s.at),
    ...(h.taskCompletedAt ? [h.taskCompletedAt] : []),
    ...h.meetings.flatMap((m) => [m.bookedAt, m.startAt]),
    ...(h.disqualified ? [h.disqualified.at] : []),
    ...(h.conversion ? [h.conversion.at] : []),
    ...(h.opportunity?.stages.map((s) => s.at) ?? []),
  ];
}

describe('the sales floor', () => {
  it('is deterministic for a seed, however finely the clock moves, and differs for another seed', async () => {
    const [coarse, fine, other] = await Promise.all([run(7, 30 * DAY), run(7, HOUR), run(8, 30 * DAY)]);
    expect(coarse.handoffs).toHaveLength(60);
    expect({ ...fine, asOf: null }).toEqual({ ...coarse, asOf: null });
    expect(other.handoffs.map((h) => h.firstTouch)).not.toEqual(coarse.handoffs.map((h) => h.firstTouch));
    expect(coarse.problems).toBeUndefined();
  });

  it('acts only in each rep\'s business hours, and only at or after the handoff', async () => {
    const truth = await run(3, 30 * DAY);
    const zone = new Map(truth.reps.map((r) => [r.userId, r.timeZone]));
    let actions = 0;
    for (const h of truth.handoffs) {
      for (const at of actionInstants(h)) {
        actions += 1;
        expect(isBusinessTime(Date.parse(at), zone.get(h.repId) ?? 'UTC'), `${h.key} ${at}`).toBe(true);
        expect(at >= h.handedOffAt).toBe(true);
      }
    }
    expect(actions).toBeGreaterThan(150);
  });

  it('leaves some handoffs untouched and some Tasks open, touches late ones, converts, wins and loses', async () => {
    const truth = await run(11, 30 * DAY, 200);
    const hs = truth.handoffs;
    expect(hs.some((h) => h.firstTouch === null)).toBe(true);
    expect(hs.some((h) => h.firstTouch !== null && h.taskCompletedAt === null)).toBe(true);
    expect(hs.some((h) => h.firstTouch !== null && Date.parse(h.firstTouch.at) - Date.parse(h.handedOffAt) > 2 * DAY)).toBe(true);
    expect(hs.some((h) => h.scorecard !== null)).toBe(true);
    expect(hs.some((h) => h.taskCompletedAt !== null && h.scorecard === null)).toBe(true);
    expect(hs.some((h) => h.disqualified !== null)).toBe(true);
    expect(hs.some((h) => h.conversion !== null && h.conversion.opportunityId === null)).toBe(true);
    expect(hs.some((h) => h.opportunity?.isWon === true)).toBe(true);
    expect(hs.some((h) => h.opportunity?.isClosed === true && !h.opportunity.isWon)).toBe(true);
    expect(hs.some((h) => h.whoType === 'Contact' && h.opportunity !== null)).toBe(true);
  });

  it('nobody works a handoff owned by a departed rep until it is reassigned; the new owner starts from the reassignment', async () => {
    const sandbox = await sandboxWithFloor(5);
    sandbox.clock.set(MONDAY + 3 * HOUR, true);
    const { taskId } = handOff(sandbox, 1, { score: 110, ownerId: GONE_REP });
    sandbox.clock.advance(3 * DAY);
    const before = sandbox.salesFloor.truth().handoffs[0];
    expect(before?.firstTouch).toBeNull();
    sandbox.store.put('Task', { ...sandbox.store.get('Task', taskId), OwnerId: REPS[2], SystemModstamp: new Date(sandbox.clock.now()).toISOString() });
    sandbox.clock.advance(20 * DAY);
    const after = sandbox.salesFloor.truth().handoffs[0];
    expect(after).toMatchObject({ repId: REPS[2], reassignedFrom: [GONE_REP] });
    // Seed 5 has this rep touch a q=1 lead; the touch comes after the reassignment.
    expect(after?.firstTouch).not.toBeNull();
    expect(Date.parse(after?.firstTouch?.at ?? '')).toBeGreaterThan(MONDAY + 3 * DAY);
  });

  it('is off until switched on, and reset switches it off and forgets', async () => {
    const sandbox = await floorSandbox();
    started.push(sandbox);
    handOff(sandbox, 1, { score: 100, ownerId: REPS[0] });
    sandbox.clock.advance(10 * DAY);
    expect(sandbox.salesFloor.truth()).toMatchObject({ enabled: false, handoffs: [] });
    sandbox.salesFloor.configure(true, 2);
    expect(sandbox.salesFloor.truth().handoffs).toHaveLength(1);
    sandbox.reset();
    expect(sandbox.salesFloor.truth()).toMatchObject({ enabled: false, handoffs: [] });
  });
});

describe('the sales floor over many handoffs', () => {
  it('touches, meets, converts and wins more often as the score rises', async () => {
    const sandbox = await sandboxWithFloor(2026);
    handOffMany(sandbox, 900, 20);
    sandbox.clock.advance(60 * DAY);
    const { handoffs } = sandbox.salesFloor.truth();
    const band = (h: HandoffTruth): number => (h.quality < 1 / 3 ? 0 : h.quality < 2 / 3 ? 1 : 2);
    const rate = (pred: (h: HandoffTruth) => boolean): number[] =>
      [0, 1, 2].map((b) => {
        const inBand = handoffs.filter((h) => band(h) === b);
        return inBand.filter(pred).length / inBand.length;
      });
    const rates = {
      touched: rate((h) => h.firstTouch !== null),
      meeting: rate((h) => h.meetings.length > 0),
      opportunity: rate((h) => h.opportunity !== null),
      won: rate((h) => h.opportunity?.isWon === true),
    };
    for (const [name, [low = 0, mid = 0, high = 0]] of Object.entries(rates)) {
      expect(mid, name).toBeGreaterThan(low);
      expect(high, name).toBeGreaterThan(mid);
    }
    expect(rates.won[2]).toBeGreaterThan(rates.won[0] ?? 0 + 0.1);
    // The reps' own rating follows the score too.
    const rating = (b: number): number => {
      const cards = handoffs.filter((h) => band(h) === b && h.scorecard).map((h) => h.scorecard?.quality ?? 0);
      return cards.reduce((a, x) => a + x, 0) / cards.length;
    };
    expect(rating(2) - rating(0)).toBeGreaterThan(1.5);
  });
});
