import { Connection } from 'jsforce';
import { afterAll, afterEach, beforeAll, describe, expect, it, vi } from 'vitest';
import { listReviews } from '../../src/jobs/review.js';
import { openStateStore } from '../../src/adapters/state/index.js';
import type { ReviewItem } from '../../src/jobs/review.js';
import { runSync } from '../../src/jobs/sync/run-sync.js';
import { openReviews } from '../../src/runtime/insight/reviews-html.js';
import { main } from '../../src/runtime/cli/main.js';
import { smallDataset } from '../fixtures/small-dataset.js';
import { CONFIG_DIR, startHarness } from '../helpers/pipeline.js';
import type { Harness } from '../helpers/pipeline.js';

describe('ambiguous matches on the sandbox: duplicate Salesforce records for one email go on the review list', () => {
  let h: Harness;
  let conn: Connection;
  let reviews: ReviewItem[];
  const ids = { contact: '', lead: '' };

  beforeAll(async () => {
    h = await startHarness(smallDataset());
    conn = new Connection({ oauth2: { clientId: h.sandbox.env.SALESFORCE_CLIENT_ID ?? '', clientSecret: h.sandbox.env.SALESFORCE_CLIENT_SECRET ?? '', loginUrl: h.sandbox.salesforceUrl }, version: '64.0' });
    await conn.authorize({ grant_type: 'client_credentials' });
    // A second Contact for 104's email and a second unkeyed Lead for 103's, both newer than the originals.
    h.sandbox.control.salesforce.setDuplicateRules(false);
    const c = await conn.sobject('Contact').create({ LastName: 'Reyes (duplicate)', Email: 'monica@reyes.example' });
    const l = await conn.sobject('Lead').create({ LastName: 'Skinner (duplicate)', Company: 'Skinner IO', Email: 'walter@skinner.io' });
    h.sandbox.control.salesforce.setDuplicateRules(true);
    ids.contact = String((c as { id: string }).id);
    ids.lead = String((l as { id: string }).id);
    expect((await runSync(await h.newDeps())).error).toBeNull();
    reviews = await listReviews(await h.newDeps());
  });
  afterAll(async () => h?.stop());
  afterEach(() => {
    vi.restoreAllMocks();
    vi.unstubAllEnvs();
  });

  it('records the pick by the documented order (oldest first) with the record passed over, beside the handoff', async () => {
    expect(reviews.map((r) => r.hubspotId).sort()).toEqual(['103', '104']);
    const monica = reviews.find((r) => r.hubspotId === '104');
    const original = (await conn.query<{ Id: string }>("SELECT Id FROM Contact WHERE Email = 'monica@reyes.example' AND LastName = 'Reyes'")).records[0]?.Id;
    expect(monica).toMatchObject({ handoffKey: '104:1', picked: { id: original, object: 'Contact' }, alternatives: [{ id: ids.contact, object: 'Contact' }] });
    const task = (await conn.query<{ Id: string; WhoId: string }>("SELECT Id, WhoId FROM Task WHERE Handoff_Key__c = '104:1'")).records;
    expect(task).toHaveLength(1);
    expect(task[0]?.WhoId).toBe(original);
    expect(monica?.taskId).toBe(task[0]?.Id);
    const walter = reviews.find((r) => r.hubspotId === '103');
    expect(walter).toMatchObject({ picked: { object: 'Lead' }, alternatives: [{ id: ids.lead, object: 'Lead' }] });
    expect(walter?.picked.id).not.toBe(ids.lead);
  });

  it('a rerun adds nothing to the list: the refresh of a keyed Lead is not a new pick', async () => {
    expect((await runSync(await h.newDeps())).error).toBeNull();
    expect(await listReviews(await h.newDeps())).toEqual(reviews);
  });

  it('handoff review list --json prints them, from the state alone', async () => {
    const out: string[] = [];
    vi.spyOn(process.stdout, 'write').mockImplementation((chunk: string | Uint8Array) => {
      out.push(String(chunk));
      return true;
    });
    for (const [k, v] of Object.entries({ ...h.sandbox.env, HANDOFF_DATABASE_URL: h.dbUrl, HANDOFF_CONFIG_DIR: CONFIG_DIR, LOG_LEVEL: 'error' })) vi.stubEnv(k, v);
    const calls = h.sandbox.control.salesforce.log.counters();
    expect(await main(['node', 'handoff', 'review', 'list', '--json'])).toBe(0);
    expect(JSON.parse(out.join(''))).toEqual(reviews);
    expect(h.sandbox.control.salesforce.log.counters()).toEqual(calls);
  });

  /** `handoff …` through main, with the harness's environment; what it printed on stdout. */
  async function cli(args: string[]): Promise<{ code: number; out: string; err: string }> {
    const out: string[] = [];
    const err: string[] = [];
    vi.spyOn(process.stdout, 'write').mockImplementation((chunk: string | Uint8Array) => {
      out.push(String(chunk));
      return true;
    });
    vi.spyOn(process.stderr, 'write').mockImplementation((chunk: string | Uint8Array) => {
      err.push(String(chunk));
      return true;
    });
    for (const [k, v] of Object.entries({ ...h.sandbox.env, HANDOFF_DATABASE_URL: h.dbUrl, HANDOFF_CONFIG_DIR: CONFIG_DIR, LOG_LEVEL: 'error' })) vi.stubEnv(k, v);
    const code = await main(['node', 'handoff', ...args]);
    vi.restoreAllMocks();
    return { code, out: out.join(''), err: err.join('') };
  }

  it('review resolve refuses an unknown id and a record that is not one of the alternatives (exit 2, nothing written)', async () => {
    const walter = reviews.find((r) => r.hubspotId === '103') as ReviewItem;
    const calls = h.sandbox.control.salesforce.log.counters();
    const unknown = await cli(['review', 'resolve', '999999', '--pick', ids.lead]);
    expect(unknown.code).toBe(2);
    expect(unknown.err).toContain('no ambiguous match has the id 999999');
    expect(unknown.err).not.toMatch(/\n\s+at /);
    const stranger = await cli(['review', 'resolve', String(walter.id), '--pick', ids.contact]);
    expect(stranger.code).toBe(2);
    expect(stranger.err).toContain(`${ids.contact} is not one of the records review ${walter.id} chose between`);
    expect((await cli(['review', 'resolve', 'abc', '--pick', ids.lead])).code).toBe(2);
    expect(h.sandbox.control.salesforce.log.counters()).toEqual(calls);
  });

  it('review resolve naming the record picked accepts the pick: no Salesforce call, the review leaves the open list, again changes nothing', async () => {
    const monica = reviews.find((r) => r.hubspotId === '104') as ReviewItem;
    expect(openReviews(await listReviews(await h.newDeps())).map((r) => r.id)).toContain(monica.id);
    const calls = h.sandbox.control.salesforce.log.counters();
    const run = await cli(['review', 'resolve', String(monica.id), '--pick', monica.picked.id]);
    expect(run.code).toBe(0);
    expect(run.out).toBe(`Review ${monica.id}: handoff 104:1 accepted as picked on Contact ${monica.picked.id}; review resolved, nothing written to Salesforce.\n`);
    expect(h.sandbox.control.salesforce.log.counters()).toEqual(calls);

    const after = await listReviews(await h.newDeps());
    expect(after.find((r) => r.id === monica.id)?.resolved).toMatchObject({ to: monica.picked, accepted: true });
    expect(openReviews(after).map((r) => r.id)).not.toContain(monica.id);
    expect(openReviews(after).map((r) => r.hubspotId)).toEqual(['103']);
    const listed = await cli(['review', 'list']);
    expect(listed.out).toContain(`Contact ${monica.picked.id} (accepted)`);
    const store = await openStateStore(h.dbUrl);
    const lines = async (): Promise<unknown[]> => store.queryLedger({ hubspotId: '104', action: 'match.resolve' });
    try {
      const once = await lines();
      expect(once).toEqual([expect.objectContaining({ result: 'ok', salesforceIds: { taskId: monica.taskId, whoId: monica.picked.id, fromId: monica.picked.id } })]);
      expect((await store.getHandoffRecords(['104'])).get('104')).toMatchObject({ salesforceContactId: monica.picked.id, salesforceTaskId: monica.taskId });

      // Twice: resolved there already; nothing is written anywhere.
      const again = await cli(['review', 'resolve', String(monica.id), '--pick', monica.picked.id, '--json']);
      expect(again.code).toBe(0);
      expect(JSON.parse(again.out)).toMatchObject({ accepted: false, alreadyDone: true });
      expect(await lines()).toEqual(once);
      expect(await listReviews(await h.newDeps())).toEqual(after);
    } finally {
      await store.close();
    }
    expect(h.sandbox.control.salesforce.log.counters()).toEqual(calls);
    const task = (await conn.query<{ WhoId: string }>("SELECT WhoId FROM Task WHERE Handoff_Key__c = '104:1'")).records;
    expect(task.map((t) => t.WhoId)).toEqual([monica.picked.id]);
  });

  it('review resolve moves a Lead handoff to the picked Lead: Task re-parented, the first pick loses its key, its written fields listed, nothing deleted', async () => {
    const walter = reviews.find((r) => r.hubspotId === '103') as ReviewItem;
    const first = walter.picked.id;
    const leadsBefore = (await conn.query("SELECT Id FROM Lead WHERE Email = 'walter@skinner.io'")).totalSize;
    const run = await cli(['review', 'resolve', String(walter.id), '--pick', ids.lead, '--json']);
    expect(run.code).toBe(0);
    const out = JSON.parse(run.out) as { from: { id: string }; to: { id: string }; keyCleared: string; overwritten: string[]; alreadyDone: boolean };
    expect(out).toMatchObject({ from: { id: first, object: 'Lead' }, to: { id: ids.lead, object: 'Lead' }, keyCleared: first, alreadyDone: false });
    expect(out.overwritten).toEqual(expect.arrayContaining(['HubSpot_Contact_Id__c', 'Handoff_Score__c', 'Title', 'Company']));

    const task = (await conn.query<{ Id: string; WhoId: string }>("SELECT Id, WhoId FROM Task WHERE Handoff_Key__c = '103:1'")).records;
    expect(task).toHaveLength(1);
    expect(task[0]?.WhoId).toBe(ids.lead);
    const leads = (await conn.query<{ Id: string; HubSpot_Contact_Id__c: string | null; Handoff_Score__c: number | null }>("SELECT Id, HubSpot_Contact_Id__c, Handoff_Score__c FROM Lead WHERE Email = 'walter@skinner.io'")).records;
    expect(leads).toHaveLength(leadsBefore);
    expect(leads.find((l) => l.Id === first)?.HubSpot_Contact_Id__c).toBeNull();
    expect(leads.find((l) => l.Id === ids.lead)?.HubSpot_Contact_Id__c).toBe('103');
    expect(leads.find((l) => l.Id === ids.lead)?.Handoff_Score__c).toEqual(expect.any(Number));

    const store = await openStateStore(h.dbUrl);
    try {
      const record = (await store.getHandoffRecords(['103'])).get('103');
      expect(record).toMatchObject({ salesforceLeadId: ids.lead, salesforceContactId: null, salesforceTaskId: task[0]?.Id, handoffKey: '103:1', status: 'handed_off' });
      expect((await store.getEpisodes(['103'])).get('103')?.[0]).toMatchObject({ salesforceLeadId: ids.lead, salesforceTaskId: task[0]?.Id });
      const lines = await store.queryLedger({ hubspotId: '103', action: 'match.resolve' });
      expect(lines.map((l) => l.result)).toEqual(['planned', 'ok']);
      expect(lines[1]?.salesforceIds).toEqual({ taskId: task[0]?.Id, whoId: ids.lead, fromId: first });
    } finally {
      await store.close();
    }
    expect((await listReviews(await h.newDeps())).find((r) => r.id === walter.id)?.resolved?.to).toEqual({ id: ids.lead, object: 'Lead' });

    // Twice: the handoff is where it was asked to be; nothing is written.
    const calls = h.sandbox.control.salesforce.log.counters();
    const again = await cli(['review', 'resolve', String(walter.id), '--pick', ids.lead]);
    expect(again.code).toBe(0);
    expect(again.out).toContain('is on Lead');
    expect(h.sandbox.control.salesforce.log.counters()).toEqual(calls);
  });

  it('review resolve moves a Contact handoff to the other Contact; the text lists what it did', async () => {
    const monica = reviews.find((r) => r.hubspotId === '104') as ReviewItem;
    const run = await cli(['review', 'resolve', String(monica.id), '--pick', ids.contact]);
    expect(run.code).toBe(0);
    expect(run.out).toContain(`moved from Contact ${monica.picked.id} to Contact ${ids.contact}; Task ${String(monica.taskId)} re-parented.`);
    expect(run.out).not.toContain('cleared');
    const task = (await conn.query<{ WhoId: string }>("SELECT WhoId FROM Task WHERE Handoff_Key__c = '104:1'")).records;
    expect(task.map((t) => t.WhoId)).toEqual([ids.contact]);
    expect((await conn.query("SELECT Id FROM Contact WHERE Email = 'monica@reyes.example'")).totalSize).toBe(2);
  });

  it('the next sync neither re-creates nor duplicates: a change to the contact refreshes the Lead it moved to', async () => {
    const leads = (await conn.query('SELECT Id FROM Lead')).totalSize;
    const tasks = (await conn.query('SELECT Id FROM Task')).totalSize;
    h.sandbox.control.hubspot.updateContact('103', { jobtitle: 'Chief Marketing Officer' });
    h.sandbox.control.hubspot.updateContact('104', { jobtitle: 'Chief Marketing Officer' });
    const next = await runSync(await h.newDeps());
    expect(next.error).toBeNull();
    expect(next.report.leadsCreated + next.report.tasksCreated).toBe(0);
    expect(next.report.deadLettered).toBe(0);
    expect((await conn.query('SELECT Id FROM Lead')).totalSize).toBe(leads);
    expect((await conn.query('SELECT Id FROM Task')).totalSize).toBe(tasks);
    const moved = (await conn.query<{ Id: string; Title: string | null; HubSpot_Contact_Id__c: string | null }>("SELECT Id, Title, HubSpot_Contact_Id__c FROM Lead WHERE HubSpot_Contact_Id__c = '103'")).records;
    expect(moved).toEqual([expect.objectContaining({ Id: ids.lead, Title: 'Chief Marketing Officer' })]);
    expect((await listReviews(await h.newDeps())).length).toBe(reviews.length);
  });
});
