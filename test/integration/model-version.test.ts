import { Connection } from 'jsforce';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openStateStore } from '../../src/adapters/state/index.js';
import { loadConfig } from '../../src/config/load.js';
import { runSync } from '../../src/jobs/sync/run-sync.js';
import { noopLogger } from '../../src/lib/logger.js';
import { App } from '../../src/runtime/app.js';
import { smallDataset } from '../fixtures/small-dataset.js';
import { copyShippedConfig, editFile } from '../helpers/config-dir.js';
import { startHarness } from '../helpers/pipeline.js';
import type { Harness } from '../helpers/pipeline.js';

describe('model versions on the sandbox: the version is written when an episode starts, never by a refresh', () => {
  let h: Harness;
  let conn: Connection;
  const apps: App[] = [];
  const lead = async (key: string) =>
    (await conn.query<Record<string, unknown>>(`SELECT Id, Handoff_Score__c, Handoff_Grade__c, Handoff_Score_Reasons__c, Handoff_Model_Version__c FROM Lead WHERE HubSpot_Contact_Id__c = '${key}'`)).records[0];
  const decisionVersion = async (id: string) => {
    const store = await openStateStore(h.dbUrl);
    try {
      return (await store.getDecisions([id])).get(id)?.modelVersion;
    } finally {
      await store.close();
    }
  };
  /** A sync under a scoring model edited from the shipped one. */
  const syncWithModel = async (edit: (yaml: string) => string) => {
    const dir = copyShippedConfig();
    editFile(dir, 'scoring.yaml', edit);
    const app = new App({ config: loadConfig({ env: { ...h.sandbox.env, HANDOFF_DATABASE_URL: h.dbUrl }, dir }), logger: noopLogger, retry: { retries: 4, baseDelayMs: 5, maxDelayMs: 20 } });
    apps.push(app);
    return runSync(await app.deps());
  };

  beforeAll(async () => {
    h = await startHarness(smallDataset());
    conn = new Connection({ oauth2: { clientId: h.sandbox.env.SALESFORCE_CLIENT_ID ?? '', clientSecret: h.sandbox.env.SALESFORCE_CLIENT_SECRET ?? '', loginUrl: h.sandbox.salesforceUrl }, version: '64.0' });
    await conn.authorize({ grant_type: 'client_credentials' });
    expect((await runSync(await h.newDeps())).error).toBeNull();
  });
  afterAll(async () => {
    for (const a of apps) await a.close();
    await h?.stop();
  });

  it('a new version alone costs no Salesforce call for a contact re-read; the decision table holds the current version', async () => {
    expect((await lead('101'))?.Handoff_Model_Version__c).toBe('2026.11-1');
    h.sandbox.control.hubspot.updateContact('101', { hs_lead_status: 'OPEN' });
    const r = await syncWithModel((t) => t.replace('version: "2026.11-1"', 'version: "2026.12-1"'));
    expect(r.error).toBeNull();
    expect(r.report.contactsRead).toBeGreaterThan(0);
    expect(r.report.salesforceCalls).toBe(0);
    expect(await decisionVersion('101')).toBe('2026.12-1');
    expect((await lead('101'))?.Handoff_Model_Version__c).toBe('2026.11-1');
  });

  it('a model change that moves the score refreshes score, grade and reasons, and leaves the version the episode started with', async () => {
    const before = await lead('101');
    h.sandbox.control.hubspot.updateContact('101', { hs_lead_status: 'IN_PROGRESS' });
    const r = await syncWithModel((t) =>
      t.replace('version: "2026.11-1"', 'version: "2026.12-2"').replace('label: Attended a meeting\n      type: meeting\n      outcomes: [COMPLETED]\n      points: 25', 'label: Attended a meeting\n      type: meeting\n      outcomes: [COMPLETED]\n      points: 40'),
    );
    expect(r.error).toBeNull();
    expect(r.report.leadsUpdated).toBeGreaterThanOrEqual(1);
    const after = await lead('101');
    expect(Number(after?.Handoff_Score__c)).toBeGreaterThan(Number(before?.Handoff_Score__c) + 5);
    expect(after?.Handoff_Score_Reasons__c).not.toBe(before?.Handoff_Score_Reasons__c);
    expect(after?.Handoff_Model_Version__c).toBe('2026.11-1');
    expect(await decisionVersion('101')).toBe('2026.12-2');
  });
});
