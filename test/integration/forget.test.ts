import { Client } from '@hubspot/api-client';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { SWEEP_BATCH, sweepDeletedContacts } from '../../src/jobs/privacy-sweep.js';
import { runSync } from '../../src/jobs/sync/run-sync.js';
import type { StateStore } from '../../src/ports/state.js';
import { JOB_LEASES } from '../../src/runtime/lease/writer-lock.js';
import { smallDataset } from '../fixtures/small-dataset.js';
import { runSourceCli } from '../helpers/cli.js';
import type { CliResult } from '../helpers/cli.js';
import { CONFIG_DIR, startHarness } from '../helpers/pipeline.js';
import type { Harness } from '../helpers/pipeline.js';

const BATCH_READ = '/crm/v3/objects/contacts/batch/read';

/** Contacts of the small dataset whose meetings (titled) Handoff remembers; 107 is also dead-lettered. */
const ENGAGED = ['101', '103', '104', '105', '106', '107', '108'];

describe('erasing a person: handoff forget and the privacy sweep', { timeout: 180_000 }, () => {
  let h: Harness;
  let store: StateStore;
  const stderrSeen: string[] = [];

  const handoff = async (...args: string[]): Promise<CliResult> => {
    const env = { ...h.sandbox.env, HANDOFF_DATABASE_URL: h.dbUrl, HANDOFF_CONFIG_DIR: CONFIG_DIR, LOG_FORMAT: 'json', LOG_LEVEL: 'debug' };
    const result = await runSourceCli('src/runtime/cli/main.ts', args, env);
    stderrSeen.push(result.stderr);
    return result;
  };
  const hubspotClient = (): Client => new Client({ accessToken: h.sandbox.env.HUBSPOT_ACCESS_TOKEN ?? '', basePath: h.sandbox.hubspotUrl });
  const batchReadsSince = (seq: number): number => h.sandbox.control.hubspot.log.entries().filter((e) => e.seq > seq && e.method === 'POST' && e.path === BATCH_READ).length;
  const lastSeq = (): number => h.sandbox.control.hubspot.log.entries().at(-1)?.seq ?? 0;

  beforeAll(async () => {
    h = await startHarness(smallDataset());
    const first = await runSync(await h.newDeps());
    expect(first.report.deadLettered).toBe(1);
    store = await h.newApp().store();
  });
  afterAll(async () => h?.stop());

  it('forget --contact erases what the state holds about the person, prints counts only, exit 0', async () => {
    expect(await store.contactsWithPersonalData()).toEqual(ENGAGED);
    const before = await store.listDeadLetters({ hubspotId: '107' });
    expect(JSON.stringify(before)).toContain('cig@smoking.example');

    const r = await handoff('forget', '--contact', '107', '--email', 'Cig@Smoking.example');
    expect(r.code).toBe(0);
    expect(r.stdout).toMatch(/^Erased the personal data held for contact 107 and the given email:\n/);
    expect(r.stdout).toMatch(/dead_letters\s+1\n\s+ledger\s+1\n\s+activities\s+2\n\s+decisions\s+1\n/);
    expect(r.stdout).not.toMatch(/smoking|spender/i);
    expect(r.stderr).not.toMatch(/smoking|spender/i);

    // What remains: the rows, their ids, codes and counts; nothing that names the person.
    const [dl] = await store.listDeadLetters({ hubspotId: '107' });
    expect(dl).toMatchObject({ id: before[0]?.id, stage: 'lead.write', code: 'VALIDATION', vendorCode: 'FIELD_CUSTOM_VALIDATION_EXCEPTION', attempts: 1, message: '', payload: null });
    const ledger = await store.queryLedger({ hubspotId: '107' });
    expect(ledger.map((l) => [l.action, l.errorCode, l.errorMessage])).toEqual([['dead_letter', 'VALIDATION', null]]);
    expect((await store.activitiesFor(['107'])).get('107')?.map((a) => [a.type, a.outcome, a.title])).toEqual([
      ['meeting', 'COMPLETED', null],
      ['meeting', 'COMPLETED', null],
    ]);
    const decision = (await store.getDecisions(['107'])).get('107');
    expect(decision).toMatchObject({ reason: 'qualified', qualified: true });
    expect(decision?.fields).toMatchObject({ company: null, title: null, 'email.domain': null });
    const state = JSON.stringify([dl, ledger, await store.activitiesFor(['107']), decision]).toLowerCase();
    expect(state).not.toMatch(/smoking|spender|syndicate|discovery call/);
    expect(await store.contactsWithPersonalData()).toEqual(ENGAGED.filter((id) => id !== '107'));

    // Reconcile still adds up: the dead letter is still counted.
    const rec = await handoff('reconcile', '--json');
    expect(JSON.parse(rec.stdout)).toMatchObject({ summary: { qualified: 7, landed: 6, deadLettered: 1, gaps: 0 } });
  });

  it('an unknown contact: nothing held, exit 0; a mistake exits 2 without a stack; a held writer lock exits 2', async () => {
    const [unknown, json, bad, none] = await Promise.all([
      handoff('forget', '--contact', '99999999'),
      handoff('forget', '--contact', '107', '--json'),
      handoff('forget', '--contact', 'dana@acme-corp.com'),
      handoff('forget'),
    ]);
    expect(unknown.code).toBe(0);
    expect(unknown.stdout).toBe('Nothing held for contact 99999999: no personal data to erase.\n');
    expect(json.code).toBe(0);
    expect(JSON.parse(json.stdout)).toEqual({ erased: { deadLetters: 0, ledger: 0, activities: 0, decisions: 0 }, total: 0 });
    for (const r of [bad, none]) {
      expect(r.code).toBe(2);
      expect(r.stderr).toMatch(/^handoff: (--contact takes|forget needs)/m);
      expect(r.stderr).not.toMatch(/\n\s+at /);
    }

    const held = await store.acquireLock(JOB_LEASES.forget, { id: 'other', pid: 4242, host: 'elsewhere.example', command: 'handoff sync' }, 600_000);
    if (!held.ok) throw new Error('the writer lock should have been free');
    try {
      const locked = await handoff('forget', '--contact', '101');
      expect(locked.code).toBe(2);
      expect(locked.stderr).toMatch(/another Handoff process is running the forget job: handoff sync \(pid 4242 on elsewhere\.example/);
      expect(await store.contactsWithPersonalData()).toContain('101');
    } finally {
      await store.releaseLock(JOB_LEASES.forget, held.token);
    }
  });

  it('the sweep forgets contacts deleted (GDPR) or archived in HubSpot and keeps the others, one batch read per 100 ids', async () => {
    // More contacts than one batch holds: HubSpot has them and the state remembers an activity of each.
    const extra = Array.from({ length: 205 }, (_, i) => String(5000 + i));
    h.sandbox.control.hubspot.append({
      contacts: extra.map((id) => ({ id, properties: { hs_object_id: id, email: `person${id}@example.org` }, createdAt: new Date().toISOString(), updatedAt: new Date().toISOString() })),
    });
    await store.upsertActivities(extra.map((id) => ({ id: `note:${id}`, contactId: id, type: 'note' as const, occurredAt: new Date().toISOString(), outcome: null, title: `Note about person ${id}` })));

    const client = hubspotClient();
    await client.crm.contacts.basicApi.purge({ objectId: '5003' }); // GDPR delete: permanent
    await client.crm.contacts.basicApi.purge({ objectId: 'marita@covarrubias.example', idProperty: 'email' }); // 108, found by address
    await client.crm.contacts.basicApi.archive('104');
    // Deleted for good: not even the archived list returns it.
    const archived = await client.crm.contacts.batchApi.read({ inputs: [{ id: '5003' }, { id: '104' }], properties: [], propertiesWithHistory: [] }, true);
    expect(archived.results.map((r) => r.id)).toEqual(['104']);

    const held = await store.contactsWithPersonalData();
    expect(held).toHaveLength(ENGAGED.length - 1 + extra.length);
    const seq = lastSeq();
    const app = h.newApp();
    const report = await sweepDeletedContacts({ state: store, hubspot: (await app.deps()).hubspot });
    expect(report.checked).toBe(held.length);
    expect(report.calls).toBe(Math.ceil(held.length / SWEEP_BATCH));
    expect(report.calls).toBe(3);
    expect(batchReadsSince(seq)).toBe(3);
    expect(app.hubspot().calls['batch-read']).toBe(3);
    expect(report.forgotten.sort()).toEqual(['104', '108', '5003']);
    expect(report.erased).toMatchObject({ activities: 5, decisions: 2 });

    expect((await store.activitiesFor(['5003'])).get('5003')?.[0]?.title).toBeNull();
    expect((await store.activitiesFor(['5004'])).get('5004')?.[0]?.title).toBe('Note about person 5004');
    expect((await store.activitiesFor(['101'])).get('101')?.[0]?.title).toBe('Discovery call');
    expect(await store.contactsWithPersonalData()).toEqual(held.filter((id) => !['104', '108', '5003'].includes(id)));

    // Nothing left to erase: the next sweep checks the rest and forgets nobody.
    const again = await sweepDeletedContacts({ state: store, hubspot: (await h.newApp().deps()).hubspot });
    expect(again.forgotten).toEqual([]);
    expect(again.calls).toBe(Math.ceil(again.checked / SWEEP_BATCH));
  });

  it('no email address reaches the log', () => {
    const logs = stderrSeen.join('\n').toLowerCase();
    expect(logs).toMatch(/"level":"(info|debug)"/);
    for (const c of smallDataset().hubspot.contacts) {
      const email = c.properties.email?.trim().toLowerCase();
      if (email) expect(logs).not.toContain(email);
    }
  });
});
