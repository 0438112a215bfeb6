import { Connection } from 'jsforce';
import { afterAll, afterEach, beforeAll, describe, expect, it, vi } from 'vitest';
import { listReviews } from '../../src/jobs/review.js';
import type { ReviewItem } from '../../src/jobs/review.js';
import { runSync } from '../../src/jobs/sync/run-sync.js';
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
});
