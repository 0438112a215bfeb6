import { Connection } from 'jsforce';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openStateStore } from '../../src/adapters/state/index.js';
import { runSync } from '../../src/jobs/sync/run-sync.js';
import { smallDataset } from '../fixtures/small-dataset.js';
import { configProblems, copyShippedConfig, editFile } from '../helpers/config-dir.js';
import { startHarness } from '../helpers/pipeline.js';
import type { Harness } from '../helpers/pipeline.js';

const MEMBERSHIPS = 'GET /crm/v3/lists/{listId}/memberships';

describe('rollout by HubSpot list membership, on the sandbox (lists memberships API through @hubspot/api-client)', () => {
  it('a list id is validated like the rest of handoff.yaml', () => {
    const dir = copyShippedConfig();
    editFile(dir, 'handoff.yaml', (t) => `${t}\nrollout:\n  segments:\n    - { list: pilot-wave }\n`);
    expect(configProblems(dir)).toEqual([expect.stringMatching(/handoff\.yaml:\d+ rollout\.segments\[0\]\.list: a HubSpot list id, e\.g\. 123/)]);
  });

  let h: Harness;
  let conn: Connection;
  const keys = async (): Promise<string[]> => (await conn.query<{ Handoff_Key__c: string }>('SELECT Handoff_Key__c FROM Task WHERE Handoff_Key__c != null')).records.map((r) => r.Handoff_Key__c).sort();
  const reasons = async (): Promise<Record<string, string>> => {
    const store = await openStateStore(h.dbUrl);
    try {
      return Object.fromEntries((await store.listDecisions()).map((d) => [d.hubspotId, d.reason]));
    } finally {
      await store.close();
    }
  };

  beforeAll(async () => {
    const dir = copyShippedConfig();
    editFile(dir, 'handoff.yaml', (t) => `${t}\nrollout:\n  segments:\n    - { list: 7001 }\n`);
    h = await startHarness(smallDataset(), { dir });
    conn = new Connection({ oauth2: { clientId: h.sandbox.env.SALESFORCE_CLIENT_ID ?? '', clientSecret: h.sandbox.env.SALESFORCE_CLIENT_SECRET ?? '', loginUrl: h.sandbox.salesforceUrl }, version: '64.0' });
    await conn.authorize({ grant_type: 'client_credentials' });
  });
  afterAll(async () => h?.stop());

  it('without the crm.lists.read scope the cycle stops before writing anything', async () => {
    h.sandbox.control.hubspot.setListMembers('7001', ['101', '105']);
    h.sandbox.control.hubspot.renewToken(undefined, ['oauth', 'crm.objects.contacts.read', 'crm.objects.contacts.write', 'crm.schemas.contacts.read', 'crm.schemas.contacts.write']);
    const run = await runSync(await h.newDeps());
    expect(run.error?.code).toBe('FORBIDDEN');
    expect(await keys()).toEqual([]);
    h.sandbox.control.hubspot.renewToken();
  });

  it("hands off only the list's members, holding the other qualified contacts as outside-rollout, for one memberships read", async () => {
    const before = h.sandbox.control.hubspot.log.count(MEMBERSHIPS);
    const run = await runSync(await h.newDeps());
    expect(run.error).toBeNull();
    expect(await keys()).toEqual(['101:1', '105:1']);
    expect(run.report.outsideRollout).toBeGreaterThanOrEqual(3);
    const r = await reasons();
    expect([r['101'], r['105'], r['103'], r['104'], r['106']]).toEqual(['qualified', 'qualified', 'outside-rollout', 'outside-rollout', 'outside-rollout']);
    expect(h.sandbox.control.hubspot.log.count(MEMBERSHIPS)).toBe(before + 1);
  });

  it('contacts added to the list are swept in at the next cycle, each once; an unchanged list costs one read and sweeps nothing', async () => {
    h.sandbox.control.hubspot.setListMembers('7001', ['101', '103', '104', '105', '106', '108']);
    const widened = await runSync(await h.newDeps());
    expect(widened.error).toBeNull();
    expect(await keys()).toEqual(['101:1', '103:1', '104:1', '105:1', '106:1', '108:1']);
    expect(widened.report.rolloutSwept).toBe(4);

    const before = h.sandbox.control.hubspot.log.count(MEMBERSHIPS);
    const quiet = await runSync(await h.newDeps());
    expect(quiet.error).toBeNull();
    expect(quiet.report.rolloutSwept).toBe(0);
    expect(quiet.report.tasksCreated + quiet.report.leadsCreated).toBe(0);
    expect(h.sandbox.control.hubspot.log.count(MEMBERSHIPS)).toBe(before + 1);
    expect(await keys()).toEqual(['101:1', '103:1', '104:1', '105:1', '106:1', '108:1']);
  });

  it('pages through a list larger than a page (250 per call)', async () => {
    const ids = Array.from({ length: 600 }, (_, i) => String(200_000 + i));
    h.sandbox.control.hubspot.setListMembers('7002', ids);
    const deps = await h.newDeps();
    const before = h.sandbox.control.hubspot.log.count(MEMBERSHIPS);
    const members = await deps.hubspot.listMembers('7002');
    expect(members).toEqual(new Set(ids));
    expect(h.sandbox.control.hubspot.log.count(MEMBERSHIPS)).toBe(before + 3);
  });
});
