import { writeFileSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { Connection } from 'jsforce';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openStateStore } from '../../src/adapters/state/index.js';
import type { DecisionRecord } from '../../src/domain/decision.js';
import { runSync } from '../../src/jobs/sync/run-sync.js';
import { smallDataset } from '../fixtures/small-dataset.js';
import { copyShippedConfig, editFile } from '../helpers/config-dir.js';
import { startHarness } from '../helpers/pipeline.js';
import type { Harness } from '../helpers/pipeline.js';

describe('shadow mode on the sandbox: a candidate model scores every contact beside the live one and never acts', () => {
  let h: Harness;
  let conn: Connection;
  let rows: DecisionRecord[];
  let report: Awaited<ReturnType<typeof runSync>>['report'];

  beforeAll(async () => {
    const dir = copyShippedConfig();
    // The candidate qualifies nearly everyone: whatever it says must not reach Salesforce.
    const live = readFileSync(join(dir, 'scoring.yaml'), 'utf8');
    writeFileSync(join(dir, 'candidate.yaml'), live.replace('version: "2026.11-1"', 'version: "2026.12-rc1"').replace('mqlThreshold: 50', 'mqlThreshold: -60'));
    editFile(dir, 'handoff.yaml', (t) => t.replace('  shadow: null', '  shadow: candidate.yaml'));
    h = await startHarness(smallDataset(), { dir });
    conn = new Connection({ oauth2: { clientId: h.sandbox.env.SALESFORCE_CLIENT_ID ?? '', clientSecret: h.sandbox.env.SALESFORCE_CLIENT_SECRET ?? '', loginUrl: h.sandbox.salesforceUrl }, version: '64.0' });
    await conn.authorize({ grant_type: 'client_credentials' });
    const first = await runSync(await h.newDeps());
    report = first.report;
    const store = await openStateStore(h.dbUrl);
    rows = await store.listDecisions();
    await store.close();
  });
  afterAll(async () => h?.stop());

  it('records both results for every scored contact', () => {
    const scored = rows.filter((d) => d.score !== null);
    expect(scored.length).toBeGreaterThan(0);
    for (const d of scored) {
      expect(d.modelVersion).toBe('2026.11-1');
      expect(d.shadow).toMatchObject({ modelVersion: '2026.12-rc1', qualified: true });
      // Same rules, same history, same moment: only the threshold differs.
      expect(d.shadow?.score).toBe(d.score);
    }
  });

  it('acts on the live model only: a contact only the shadow qualifies gets no Lead, no Task and stays not-qualified', async () => {
    const shadowOnly = rows.filter((d) => !d.qualified && d.shadow?.qualified);
    expect(shadowOnly.length).toBeGreaterThan(0);
    for (const d of shadowOnly) {
      expect(d.reason).not.toBe('qualified');
      expect((await conn.query(`SELECT Id FROM Lead WHERE HubSpot_Contact_Id__c = '${d.hubspotId}'`)).totalSize).toBe(0);
      expect((await conn.query(`SELECT Id FROM Task WHERE Handoff_Key__c = '${d.hubspotId}:1'`)).totalSize).toBe(0);
    }
    // The same handoffs as without a shadow (sync.test.ts): 7 qualified, 6 Tasks, one dead letter.
    expect(report.qualified).toBe(7);
    expect(report.tasksCreated).toBe(6);
    const tasks = (await conn.query<{ Handoff_Key__c: string }>('SELECT Handoff_Key__c FROM Task WHERE Handoff_Key__c != null')).records.map((t) => t.Handoff_Key__c.split(':')[0]);
    const liveQualified = new Set(rows.filter((d) => d.qualified).map((d) => d.hubspotId));
    expect(tasks.every((id) => liveQualified.has(id ?? ''))).toBe(true);
  });
});
