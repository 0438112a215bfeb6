import { Connection } from 'jsforce';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openStateStore } from '../../src/adapters/state/index.js';
import { reconcile } from '../../src/jobs/reconcile/reconcile.js';
import { listReviews, resolveReview } from '../../src/jobs/review.js';
import type { ReviewItem } from '../../src/jobs/review.js';
import { runSync } from '../../src/jobs/sync/run-sync.js';
import { smallDataset } from '../fixtures/small-dataset.js';
import { configProblems, copyShippedConfig, editFile } from '../helpers/config-dir.js';
import { startHarness } from '../helpers/pipeline.js';
import type { Harness } from '../helpers/pipeline.js';

describe('matching.strict: ambiguous matches wait for review instead of being written', () => {
  it('is validated like the rest of handoff.yaml: file, line and key path', () => {
    const dir = copyShippedConfig();
    editFile(dir, 'handoff.yaml', (t) => t.replace('  strict: false', '  strict: sometimes'));
    expect(configProblems(dir)).toEqual([expect.stringMatching(/handoff\.yaml:\d+ matching\.strict: Invalid input: expected boolean/)]);
  });

  let h: Harness;
  let conn: Connection;
  let held: ReviewItem[];
  const ids = { contact: '', lead: '', walterLead: '' };

  beforeAll(async () => {
    const dir = copyShippedConfig();
    editFile(dir, 'handoff.yaml', (t) => t.replace('  strict: false', '  strict: true'));
    h = await startHarness(smallDataset(), { dir });
    conn = new Connection({ oauth2: { clientId: h.sandbox.env.SALESFORCE_CLIENT_ID ?? '', clientSecret: h.sandbox.env.SALESFORCE_CLIENT_SECRET ?? '', loginUrl: h.sandbox.salesforceUrl }, version: '64.0' });
    await conn.authorize({ grant_type: 'client_credentials' });
    h.sandbox.control.salesforce.setDuplicateRules(false);
    ids.contact = String(((await conn.sobject('Contact').create({ LastName: 'Reyes (duplicate)', Email: 'monica@reyes.example' })) as { id: string }).id);
    ids.lead = String(((await conn.sobject('Lead').create({ LastName: 'Skinner (duplicate)', Company: 'Skinner IO', Email: 'walter@skinner.io' })) as { id: string }).id);
    h.sandbox.control.salesforce.setDuplicateRules(true);
    ids.walterLead = String((await conn.query<{ Id: string }>("SELECT Id FROM Lead WHERE Email = 'walter@skinner.io' AND Id != '" + ids.lead + "'")).records[0]?.Id);
    expect((await runSync(await h.newDeps())).error).toBeNull();
    held = await listReviews(await h.newDeps());
  });
  afterAll(async () => h?.stop());

  it('holds both contacts: listed with their alternatives, nothing written for them, the rest handed off', async () => {
    expect(held.map((r) => [r.hubspotId, r.held, r.taskId, r.handoffKey])).toEqual([
      ['103', true, null, null],
      ['104', true, null, null],
    ]);
    expect(held.find((r) => r.hubspotId === '103')).toMatchObject({ picked: { id: ids.walterLead, object: 'Lead' }, alternatives: [{ id: ids.lead, object: 'Lead' }] });
    expect(held.find((r) => r.hubspotId === '104')?.alternatives).toEqual([{ id: ids.contact, object: 'Contact' }]);
    expect((await conn.query("SELECT Id FROM Task WHERE Handoff_Key__c IN ('103:1', '104:1')")).totalSize).toBe(0);
    expect((await conn.query("SELECT Id FROM Lead WHERE HubSpot_Contact_Id__c = '103'")).totalSize).toBe(0);
    expect((await conn.query("SELECT Id FROM Task WHERE Handoff_Key__c = '101:1'")).totalSize).toBe(1);
    const store = await openStateStore(h.dbUrl);
    try {
      const decisions = await store.getDecisions(['103', '104']);
      expect([...decisions.values()].map((d) => [d.hubspotId, d.reason, d.qualified])).toEqual([
        ['103', 'review', true],
        ['104', 'review', true],
      ]);
    } finally {
      await store.close();
    }
  });

  it('a held contact read again is not listed twice; reconcile explains one HubSpot shows as qualified by its decision', async () => {
    h.sandbox.control.hubspot.updateContact('103', { jobtitle: 'Chief Marketing Officer' });
    h.sandbox.control.hubspot.updateContact('104', { lifecyclestage: 'marketingqualifiedlead' });
    expect((await runSync(await h.newDeps())).error).toBeNull();
    expect((await listReviews(await h.newDeps())).map((r) => r.id)).toEqual(held.map((r) => r.id));
    const r = await reconcile(await h.newDeps(), { since: new Date(Date.now() - 30 * 86_400_000).toISOString() });
    expect(r.gaps).toEqual([]);
    expect(r.explained).toMatchObject({ review: 1 });
    expect(r.explainedContacts).toEqual([expect.objectContaining({ hubspotId: '104', code: 'review' })]);
  });

  it('review resolve hands each off to the record picked, once; the next sync adds nothing', async () => {
    const walter = held.find((r) => r.hubspotId === '103') as ReviewItem;
    const monica = held.find((r) => r.hubspotId === '104') as ReviewItem;
    const out = await resolveReview(await h.newDeps(), { id: walter.id, pick: ids.lead });
    expect(out).toMatchObject({ from: null, to: { id: ids.lead, object: 'Lead' }, handoffKey: '103:1', alreadyDone: false });
    await resolveReview(await h.newDeps(), { id: monica.id, pick: ids.contact });

    const tasks = (await conn.query<{ Handoff_Key__c: string; WhoId: string }>("SELECT Handoff_Key__c, WhoId FROM Task WHERE Handoff_Key__c IN ('103:1', '104:1') ORDER BY Handoff_Key__c")).records;
    expect(tasks.map((t) => [t.Handoff_Key__c, t.WhoId])).toEqual([
      ['103:1', ids.lead],
      ['104:1', ids.contact],
    ]);
    const keyed = (await conn.query<{ Id: string }>("SELECT Id FROM Lead WHERE HubSpot_Contact_Id__c = '103'")).records;
    expect(keyed.map((l) => l.Id)).toEqual([ids.lead]);
    const reviews = await listReviews(await h.newDeps());
    expect(reviews.map((r) => r.resolved?.to.id)).toEqual([ids.lead, ids.contact]);

    const calls = h.sandbox.control.salesforce.log.counters();
    expect(await resolveReview(await h.newDeps(), { id: walter.id, pick: ids.lead })).toMatchObject({ alreadyDone: true });
    expect(h.sandbox.control.salesforce.log.counters()).toEqual(calls);

    const leads = (await conn.query('SELECT Id FROM Lead')).totalSize;
    const allTasks = (await conn.query('SELECT Id FROM Task')).totalSize;
    h.sandbox.control.hubspot.updateContact('103', { jobtitle: 'VP Marketing' });
    const next = await runSync(await h.newDeps());
    expect(next.error).toBeNull();
    expect(next.report.leadsCreated + next.report.tasksCreated).toBe(0);
    expect((await conn.query('SELECT Id FROM Lead')).totalSize).toBe(leads);
    expect((await conn.query('SELECT Id FROM Task')).totalSize).toBe(allTasks);
    expect((await listReviews(await h.newDeps())).length).toBe(2);
  });
});
