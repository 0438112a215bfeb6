import { describe, expect, it } from 'vitest';
import type { LeadOp, WritePlan } from '../../src/domain/plan.js';
import { applyPlan } from '../../src/adapters/salesforce/apply.js';
import type { RecordResult, SalesforceGateway } from '../../src/adapters/salesforce/gateway.js';
import { recordingClock as fakeClock } from '../helpers/recording-clock.js';

const lead = (hubspotId: string): LeadOp =>
  ({ op: 'upsert', hubspotId, isNew: true, record: { HubSpot_Contact_Id__c: hubspotId, LastName: 'x' }, fixes: [], reasons: [] }) as unknown as LeadOp;

const plan = (...leads: LeadOp[]): WritePlan => ({ leads, tasks: [], skips: [], deadLetters: [], contactsMatched: [] });

const locked: RecordResult = { id: null, success: false, errors: [{ code: 'UNABLE_TO_LOCK_ROW', message: 'unable to obtain exclusive access to this record', fields: [] }] };

/** Upserts where the records named in `lockedFor` fail with UNABLE_TO_LOCK_ROW that many times. */
function gateway(lockedFor: Record<string, number>): SalesforceGateway & { sent: string[][] } {
  const sent: string[][] = [];
  let n = 0;
  const gw = {
    sent,
    upsert: (_o: string, _k: string, records: Record<string, unknown>[]) => {
      const ids = records.map((r) => String(r.HubSpot_Contact_Id__c));
      sent.push(ids);
      return Promise.resolve(
        ids.map((id): RecordResult => {
          const left = lockedFor[id] ?? 0;
          if (left > 0) {
            lockedFor[id] = left - 1;
            return locked;
          }
          return { id: `00Q${String(++n).padStart(15, '0')}`, success: true, created: true, errors: [] };
        }),
      );
    },
    update: () => Promise.resolve([]),
    create: () => Promise.resolve([]),
    query: () => Promise.resolve([]),
  };
  return gw as unknown as SalesforceGateway & { sent: string[][] };
}

describe('applyPlan: records that failed transiently go through the retry layer', () => {
  it('backs off on the injected clock before each re-send, growing, and the record lands', async () => {
    const clock = fakeClock();
    const gw = gateway({ b: 2 });
    const r = await applyPlan(plan(lead('a'), lead('b')), { gateway: gw, clock, leadHeaders: {}, maxRecordAttempts: 5, retry: { baseDelayMs: 100, maxDelayMs: 10_000 } });
    expect(gw.sent).toEqual([['a', 'b'], ['b'], ['b']]);
    expect(clock.waits).toHaveLength(2);
    expect(clock.waits[0]).toBeGreaterThanOrEqual(50);
    expect(clock.waits[0]).toBeLessThanOrEqual(100);
    expect(clock.waits[1]).toBeGreaterThanOrEqual(100);
    expect(clock.waits[1]).toBeLessThanOrEqual(200);
    expect([...r.leads.keys()].sort()).toEqual(['a', 'b']);
    expect(r.deadLetters).toEqual([]);
  });

  it('stops at the bound: maxRecordAttempts sends in all, then the record is dead-lettered with both codes', async () => {
    const clock = fakeClock();
    const gw = gateway({ a: 99 });
    const r = await applyPlan(plan(lead('a')), { gateway: gw, clock, leadHeaders: {}, maxRecordAttempts: 3, retry: { baseDelayMs: 100, maxDelayMs: 10_000 } });
    expect(gw.sent).toEqual([['a'], ['a'], ['a']]);
    expect(clock.waits).toHaveLength(2);
    expect(r.leads.size).toBe(0);
    expect(r.deadLetters).toEqual([expect.objectContaining({ hubspotId: 'a', stage: 'lead.write', code: 'ROW_LOCK', vendorCode: 'UNABLE_TO_LOCK_ROW' })]);
  });
});
