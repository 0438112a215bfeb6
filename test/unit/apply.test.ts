import { describe, expect, it } from 'vitest';
import { HandoffError } from '../../src/domain/errors.js';
import type { LeadOp, TaskOp, WritePlan } from '../../src/domain/plan.js';
import type { Clock } from '../../src/ports/clock.js';
import { applyPlan, COLLECTION_SIZE } from '../../src/adapters/salesforce/apply.js';
import type { ApplyOptions } from '../../src/adapters/salesforce/apply.js';
import type { RecordResult, SalesforceGateway } from '../../src/adapters/salesforce/gateway.js';
import { recordingClock as clock } from '../helpers/recording-clock.js';

const ok = (id: string, created?: boolean): RecordResult => ({ id, success: true, ...(created === undefined ? {} : { created }), errors: [] });
const refused = (code: string, message: string, fields: string[] = []): RecordResult => ({ id: null, success: false, errors: [{ code, message, fields }] });

const lead = (hubspotId: string, over: Partial<LeadOp> = {}): LeadOp => ({
  hubspotId,
  op: 'upsert',
  id: null,
  isNew: true,
  record: { HubSpot_Contact_Id__c: hubspotId, LastName: `Person${hubspotId}`, Company: 'Globex' },
  fixes: [],
  reasons: [],
  ...over,
});

const task = (hubspotId: string, over: Partial<TaskOp> = {}): TaskOp => ({
  hubspotId,
  handoffKey: `${hubspotId}:1`,
  who: { kind: 'lead-of', hubspotId },
  record: { Subject: 'Follow up', Handoff_Key__c: `${hubspotId}:1`, OwnerId: '005000000000001' },
  fixes: [],
  reasons: [],
  ...over,
});

const plan = (leads: LeadOp[], tasks: TaskOp[] = []): WritePlan => ({ leads, tasks, skips: [], deadLetters: [], contactsMatched: [] });

type Call = { method: 'upsert' | 'update' | 'create'; object: string; records: Record<string, unknown>[]; headers: Record<string, string> };
type Answer = (records: Record<string, unknown>[], call: Call) => RecordResult[];

/**
 * A gateway that answers each collection call through `answer` (by default: every record lands,
 * Leads with 00Q ids and Tasks with 00T ids, in input order) and records the calls.
 */
function gateway(answers: Partial<Record<Call['method'], Answer>> = {}, owners: Record<string, string> = {}): SalesforceGateway & { calls: Call[]; queries: string[] } {
  const calls: Call[] = [];
  const queries: string[] = [];
  let n = 0;
  const next = (prefix: string): string => `${prefix}${String(++n).padStart(15, '0')}`;
  const handle = (method: Call['method'], object: string, records: Record<string, unknown>[], headers: Record<string, string>): Promise<RecordResult[]> => {
    const call = { method, object, records, headers };
    calls.push(call);
    const answer = answers[method];
    if (answer) return Promise.resolve(answer(records, call));
    return Promise.resolve(records.map(() => ok(next(object === 'Task' ? '00T' : '00Q'), method === 'update' ? undefined : true)));
  };
  const gw = {
    calls,
    queries,
    upsert: (object: string, _ext: string, records: Record<string, unknown>[], headers: Record<string, string>) => handle('upsert', object, records, headers),
    update: (object: string, records: Record<string, unknown>[], headers: Record<string, string>) => handle('update', object, records, headers),
    create: (object: string, records: Record<string, unknown>[], headers: Record<string, string>) => handle('create', object, records, headers),
    query: (soql: string) => {
      queries.push(soql);
      return Promise.resolve(Object.entries(owners).filter(([id]) => soql.includes(`'${id}'`)).map(([Id, OwnerId]) => ({ Id, OwnerId })));
    },
  };
  return gw as unknown as SalesforceGateway & { calls: Call[]; queries: string[] };
}

const options = (gw: SalesforceGateway, over: Partial<ApplyOptions> = {}): ApplyOptions => ({
  gateway: gw,
  clock: clock(),
  leadHeaders: { 'Sforce-Auto-Assign': 'FALSE' },
  maxRecordAttempts: 3,
  retry: { baseDelayMs: 10, maxDelayMs: 100 },
  ...over,
});

describe('applyPlan: per-record results', () => {
  it('maps each result back to its record by position, across collections of 200', async () => {
    const leads = Array.from({ length: COLLECTION_SIZE + 3 }, (_, i) => lead(String(1000 + i)));
    const gw = gateway({ upsert: (records) => records.map((r) => ok(`00Q-${String(r.HubSpot_Contact_Id__c)}`, true)) });

    const r = await applyPlan(plan(leads), options(gw));

    expect(gw.calls.map((c) => c.records.length)).toEqual([COLLECTION_SIZE, 3]);
    expect(r.leads.size).toBe(COLLECTION_SIZE + 3);
    for (const l of leads) expect(r.leads.get(l.hubspotId)).toMatchObject({ leadId: `00Q-${l.hubspotId}`, created: true, op: l });
    expect(r.deadLetters).toEqual([]);
  });

  it('creates keep the duplicate rules; writes to Leads that exist send allowSave; updates go by Id', async () => {
    const gw = gateway();
    const r = await applyPlan(
      plan([lead('1'), lead('2', { isNew: false }), lead('3', { op: 'update', id: '00Q000000000099', isNew: false })]),
      options(gw),
    );

    expect(gw.calls.map((c) => [c.method, c.records.map((x) => x.HubSpot_Contact_Id__c), c.headers])).toEqual([
      ['upsert', ['1'], { 'Sforce-Auto-Assign': 'FALSE' }],
      ['upsert', ['2'], { 'Sforce-Auto-Assign': 'FALSE', 'Sforce-Duplicate-Rule-Header': 'allowSave=true' }],
      ['update', ['3'], { 'Sforce-Auto-Assign': 'FALSE', 'Sforce-Duplicate-Rule-Header': 'allowSave=true' }],
    ]);
    expect(gw.calls[2]?.records[0]).toMatchObject({ Id: '00Q000000000099' });
    // An update's result carries no `created`: the Lead existed.
    expect(r.leads.get('3')).toMatchObject({ created: false });
  });

  it('a partial failure dead-letters the refused record with our code and Salesforce\'s, the rest land with their Tasks', async () => {
    const gw = gateway({
      upsert: (records) =>
        records.map((rec, i) =>
          rec.HubSpot_Contact_Id__c === '2' ? refused('REQUIRED_FIELD_MISSING', 'Required fields are missing: [Company]', ['Company']) : ok(`00Q00000000000${i}`, true),
        ),
    });

    const r = await applyPlan(plan([lead('1'), lead('2'), lead('3')], [task('1'), task('2'), task('3')]), options(gw));

    expect([...r.leads.keys()]).toEqual(['1', '3']);
    expect(r.deadLetters).toEqual([
      { hubspotId: '2', stage: 'lead.write', code: 'VALIDATION', vendorCode: 'REQUIRED_FIELD_MISSING', message: 'Required fields are missing: [Company] (Company)', payload: lead('2').record },
    ]);
    // The refused Lead's Task is not sent; the others go with their Lead's id as WhoId.
    const taskCall = gw.calls.find((c) => c.object === 'Task');
    expect(taskCall?.records.map((t) => [t.Handoff_Key__c, t.WhoId])).toEqual([
      ['1:1', '00Q000000000000'],
      ['3:1', '00Q000000000002'],
    ]);
    expect([...r.tasks.keys()]).toEqual(['1', '3']);
    // A permanent refusal is not retried.
    expect(gw.calls.filter((c) => c.object === 'Lead')).toHaveLength(1);
  });

  it('a Lead a rep converted is reported as converted, not dead-lettered, and its Task is not sent', async () => {
    const gw = gateway({
      upsert: (records) => records.map((rec) => (rec.HubSpot_Contact_Id__c === '7' ? refused('CANNOT_UPDATE_CONVERTED_LEAD', 'cannot reference converted lead') : ok('00Q000000000001', false))),
    });

    const r = await applyPlan(plan([lead('7', { isNew: false }), lead('8', { isNew: false })], [task('7'), task('8')]), options(gw));

    expect(r.converted).toEqual(['7']);
    expect(r.deadLetters).toEqual([]);
    expect(r.leads.has('7')).toBe(false);
    expect(r.tasks.has('7')).toBe(false);
    expect(gw.calls.find((c) => c.object === 'Task')?.records.map((t) => t.Handoff_Key__c)).toEqual(['8:1']);
  });

  it('a Task whose handoff key exists already is taken as landed (created: false) with the existing id; another duplicate is a dead letter', async () => {
    const gw = gateway({
      create: (records) =>
        records.map((rec) => {
          if (rec.Handoff_Key__c === '1:1') return refused('DUPLICATE_VALUE', 'duplicate value found: Handoff_Key__c duplicates value on record with id: 00T000000000777');
          if (rec.Handoff_Key__c === '2:1') return refused('DUPLICATE_VALUE', 'duplicate value found: Legacy_Ref__c duplicates value on record with id: 00T000000000888', ['Legacy_Ref__c']);
          return ok('00T000000000003');
        }),
    });
    const contactTask = task('3', { who: { kind: 'id', id: '003000000000001', object: 'Contact' } });

    const r = await applyPlan(plan([lead('1'), lead('2')], [task('1'), task('2'), contactTask]), options(gw));

    expect(r.tasks.get('1')).toMatchObject({ taskId: '00T000000000777', created: false });
    expect(r.tasks.get('3')).toMatchObject({ taskId: '00T000000000003', created: true, whoId: '003000000000001' });
    expect(r.tasks.has('2')).toBe(false);
    expect(r.deadLetters).toEqual([expect.objectContaining({ hubspotId: '2', stage: 'task.write', code: 'DUPLICATE', vendorCode: 'DUPLICATE_VALUE' })]);
  });

  it('a duplicate rule blocking a create is a dead letter with the rule\'s message', async () => {
    const gw = gateway({ upsert: (records) => records.map(() => refused('DUPLICATES_DETECTED', 'Use one of these records?')) });

    const r = await applyPlan(plan([lead('1')], [task('1')]), options(gw));

    expect(r.deadLetters).toEqual([expect.objectContaining({ hubspotId: '1', stage: 'lead.write', code: 'DUPLICATE', vendorCode: 'DUPLICATES_DETECTED', message: 'Use one of these records?' })]);
    expect(gw.calls.some((c) => c.object === 'Task')).toBe(false);
  });

  it('Tasks of Leads the assignment rules own take the Lead\'s user owner, read back in one query; a queue owner is not taken', async () => {
    const gw = gateway({ upsert: (records) => records.map((rec) => ok(`00Q00000000000${String(rec.HubSpot_Contact_Id__c)}`, true)) }, { '00Q000000000001': '005000000000042', '00Q000000000002': '00G000000000001' });

    const r = await applyPlan(plan([lead('1'), lead('2')], [task('1', { ownerFromLead: true }), task('2', { ownerFromLead: true })]), options(gw));

    expect(gw.queries).toHaveLength(1);
    expect(gw.queries[0]).toContain('FROM Lead WHERE Id IN');
    expect(r.tasks.get('1')?.op.record.OwnerId).toBe('005000000000042');
    expect(r.tasks.get('2')?.op.record.OwnerId).toBe('005000000000001');
  });
});

describe('applyPlan: transient refusals go through the retry layer', () => {
  it('re-sends only the records that failed transiently, alone, after a wait on the clock', async () => {
    let locked = 1;
    const gw = gateway({
      create: (records) =>
        records.map((rec) => {
          if (rec.Handoff_Key__c === '2:1' && locked-- > 0) return refused('UNABLE_TO_LOCK_ROW', 'unable to obtain exclusive access to this record');
          return ok(`00T-${String(rec.Handoff_Key__c)}`);
        }),
    });
    const c = clock();

    const r = await applyPlan(plan([lead('1'), lead('2')], [task('1'), task('2')]), options(gw, { clock: c }));

    expect(gw.calls.filter((x) => x.object === 'Task').map((x) => x.records.map((t) => t.Handoff_Key__c))).toEqual([['1:1', '2:1'], ['2:1']]);
    expect(c.waits).toHaveLength(1);
    expect(r.tasks.get('2')).toMatchObject({ taskId: '00T-2:1', created: true });
    expect(r.deadLetters).toEqual([]);
  });

  it('backs off on the injected clock before each re-send, growing, and the record lands', async () => {
    const lockedFor: Record<string, number> = { '2': 2 };
    const gw = gateway({
      upsert: (records) =>
        records.map((rec, i) => {
          const id = String(rec.HubSpot_Contact_Id__c);
          const left = lockedFor[id] ?? 0;
          if (left === 0) return ok(`00Q${id}-${i}`, true);
          lockedFor[id] = left - 1;
          return refused('UNABLE_TO_LOCK_ROW', 'unable to obtain exclusive access to this record');
        }),
    });
    const c = clock();

    const r = await applyPlan(plan([lead('1'), lead('2')]), options(gw, { clock: c, maxRecordAttempts: 5, retry: { baseDelayMs: 100, maxDelayMs: 10_000 } }));

    expect(gw.calls.map((x) => x.records.map((l) => l.HubSpot_Contact_Id__c))).toEqual([['1', '2'], ['2'], ['2']]);
    expect(c.waits).toHaveLength(2);
    expect(c.waits[0]).toBeGreaterThanOrEqual(50);
    expect(c.waits[0]).toBeLessThanOrEqual(100);
    expect(c.waits[1]).toBeGreaterThanOrEqual(100);
    expect(c.waits[1]).toBeLessThanOrEqual(200);
    expect([...r.leads.keys()].sort()).toEqual(['1', '2']);
    expect(r.deadLetters).toEqual([]);
  });

  it('stops at the bound: maxRecordAttempts sends in all, then the record is dead-lettered with both codes', async () => {
    const gw = gateway({ upsert: (records) => records.map(() => refused('UNABLE_TO_LOCK_ROW', 'unable to obtain exclusive access to this record')) });
    const c = clock();

    const r = await applyPlan(plan([lead('1')]), options(gw, { clock: c, maxRecordAttempts: 3, retry: { baseDelayMs: 100, maxDelayMs: 10_000 } }));

    expect(gw.calls).toHaveLength(3);
    expect(c.waits).toHaveLength(2);
    expect(r.leads.size).toBe(0);
    expect(r.deadLetters).toEqual([expect.objectContaining({ hubspotId: '1', stage: 'lead.write', code: 'ROW_LOCK', vendorCode: 'UNABLE_TO_LOCK_ROW' })]);
  });

  it('a call that fails as a whole ends the apply with its error; it is not re-sent here (the gateway retried it)', async () => {
    const error = new HandoffError('SERVER_ERROR', 'Salesforce SERVER_UNAVAILABLE', { system: 'salesforce', vendorCode: 'SERVER_UNAVAILABLE' });
    const gw = gateway({
      upsert: () => {
        throw error;
      },
    });
    const c = clock();

    await expect(applyPlan(plan([lead('1')], [task('1')]), options(gw, { clock: c }))).rejects.toBe(error);
    expect(gw.calls).toHaveLength(1);
    expect(c.waits).toEqual([]);
  });

  it('an abort during the backoff ends the apply instead of dead-lettering the records', async () => {
    const controller = new AbortController();
    const gw = gateway({ upsert: (records) => records.map(() => refused('UNABLE_TO_LOCK_ROW', 'unable to obtain exclusive access to this record')) });
    const c: Clock = {
      now: () => 0,
      sleep: () => {
        controller.abort(new Error('stopping'));
        return Promise.reject(new Error('stopping'));
      },
    };

    await expect(applyPlan(plan([lead('1')]), options(gw, { clock: c, signal: controller.signal }))).rejects.toThrow('stopping');
  });
});
