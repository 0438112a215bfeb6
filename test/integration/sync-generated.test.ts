import { Connection } from 'jsforce';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { loadConfig } from '../../src/config/load.js';
import type { Activity } from '../../src/domain/types.js';
import { normalizeEmail } from '../../src/core/normalize/email.js';
import { normalizeContact } from '../../src/core/normalize/contact.js';
import { runSync } from '../../src/jobs/sync/run-sync.js';
import { compileModel } from '../../src/core/score.js';
import { formActivities } from '../../src/core/scoring-run.js';
import { generateDataset } from '@handoff/sandbox';
import type { Dataset } from '@handoff/sandbox';
import { ENGAGEMENTS } from '../../src/adapters/hubspot/properties.js';
import type { EngagementObject } from '../../src/adapters/hubspot/properties.js';
import { toActivity } from '../../src/adapters/hubspot/reader.js';
import { copyShippedConfig, editFile } from '../helpers/config-dir.js';
import { startHarness } from '../helpers/pipeline.js';
import type { Harness } from '../helpers/pipeline.js';

type Target = { kind: 'new' } | { kind: 'lead'; id: string } | { kind: 'contact'; id: string };

/**
 * The expectations, worked out from the dataset alone: who qualifies under the shipped model with
 * their whole engagement history, which one of each same-email group goes, and what each one is
 * in Salesforce. Only the pure model functions are shared with the code under test.
 */
function expectations(ds: Dataset, now: Date): Map<string, Target> {
  const cfg = loadConfig({ env: {}, dir: 'config' });
  const scorer = compileModel(cfg.scoring);
  const activities = new Map<string, Activity[]>();
  const engagements = new Map<string, { kind: EngagementObject; o: Dataset['hubspot']['emails'][number] }>();
  for (const kind of Object.keys(ENGAGEMENTS) as EngagementObject[]) for (const o of ds.hubspot[kind]) engagements.set(`${kind}:${o.id}`, { kind, o });
  for (const a of ds.hubspot.associations) {
    const e = engagements.get(`${a.fromType}:${a.fromId}`);
    if (!e || a.toType !== 'contacts') continue;
    const act = toActivity(e.kind, { ...e.o, archived: false }, a.toId);
    activities.set(a.toId, [...(activities.get(a.toId) ?? []), act]);
  }
  const live = ds.hubspot.contacts.filter((c) => !c.archived);
  // One per normalized email: the oldest (createdAt, then id).
  const kept = new Map<string, string>();
  for (const c of [...live].sort((a, b) => (a.createdAt < b.createdAt ? -1 : a.createdAt > b.createdAt ? 1 : Number(a.id) - Number(b.id)))) {
    const e = normalizeEmail(c.properties.email);
    const key = e.valid && e.value ? e.value : `id:${c.id}`;
    if (!kept.has(key)) kept.set(key, c.id);
  }
  const keptIds = new Set(kept.values());
  const sf = ds.salesforce;
  const lower = (v: unknown) => (typeof v === 'string' ? v.trim().toLowerCase() : '');
  const out = new Map<string, Target>();
  for (const c of live) {
    if (!keptIds.has(c.id)) continue;
    const contact = normalizeContact({ id: c.id, properties: c.properties, createdAt: c.createdAt, updatedAt: c.updatedAt, archived: false });
    const score = scorer(contact, [...(activities.get(c.id) ?? []), ...formActivities(contact)], now);
    if (!score.qualified) continue;
    const keys = [c.id, ...contact.mergedIds];
    const email = contact.email.valid ? contact.email.value : null;
    const keyedLead = sf.Lead.filter((l) => keys.includes(String(l.HubSpot_Contact_Id__c ?? '')))
      .sort((a, b) => Number(b.HubSpot_Contact_Id__c === c.id) - Number(a.HubSpot_Contact_Id__c === c.id) || String(a.CreatedDate ?? '').localeCompare(String(b.CreatedDate ?? '')) || String(a.Id).localeCompare(String(b.Id)))[0];
    if (keyedLead) {
      out.set(c.id, keyedLead.IsConverted ? { kind: 'contact', id: String(keyedLead.ConvertedContactId) } : { kind: 'lead', id: String(keyedLead.Id) });
      continue;
    }
    if (!email) {
      out.set(c.id, { kind: 'new' });
      continue;
    }
    const contacts = sf.Contact.filter((x) => lower(x.Email) === email);
    if (contacts.length > 0) {
      const first = contacts.sort((a, b) => String(a.CreatedDate ?? '').localeCompare(String(b.CreatedDate ?? '')) || String(a.Id).localeCompare(String(b.Id)))[0];
      out.set(c.id, { kind: 'contact', id: String(first?.Id) });
      continue;
    }
    const leads = sf.Lead.filter((l) => lower(l.Email) === email);
    const converted = leads.find((l) => l.IsConverted && l.ConvertedContactId);
    if (converted) {
      out.set(c.id, { kind: 'contact', id: String(converted.ConvertedContactId) });
      continue;
    }
    const free = leads.filter((l) => !l.IsConverted && !l.HubSpot_Contact_Id__c).sort((a, b) => String(a.CreatedDate ?? '').localeCompare(String(b.CreatedDate ?? '')) || String(a.Id).localeCompare(String(b.Id)));
    if (free[0]) out.set(c.id, { kind: 'lead', id: String(free[0].Id) });
    else if (leads.some((l) => !l.IsConverted)) continue; // keyed to another HubSpot contact: a conflict, skipped
    else out.set(c.id, { kind: 'new' });
  }
  return out;
}

describe('sync of a generated, messy dataset (end to end with the real SDKs)', () => {
  let h: Harness;
  let conn: Connection;
  let expected: Map<string, Target>;
  let first: Awaited<ReturnType<typeof runSync>>;

  beforeAll(async () => {
    const dataset = generateDataset({ contacts: 1_500, seed: 42 });
    // Read everything: this test is about correctness, not the first run's lookback.
    const dir = copyShippedConfig();
    editFile(dir, 'handoff.yaml', (t) => t.replace('initialLookbackDays: 30', 'initialLookbackDays: 400'));
    h = await startHarness(dataset, { dir });
    conn = new Connection({ oauth2: { clientId: h.sandbox.env.SALESFORCE_CLIENT_ID ?? '', clientSecret: h.sandbox.env.SALESFORCE_CLIENT_SECRET ?? '', loginUrl: h.sandbox.salesforceUrl }, version: '64.0' });
    await conn.authorize({ grant_type: 'client_credentials' });
    first = await runSync(await h.newDeps());
    expected = expectations(dataset, new Date(Date.parse(first.report.startedAt)));
  });
  afterAll(async () => h?.stop());

  it('hands off exactly the contacts the model qualifies, each once, to the right Salesforce record', async () => {
    expect(first.error).toBeNull();
    expect(expected.size).toBeGreaterThan(50);
    const tasks = (await conn.query<{ Id: string; WhoId: string; Handoff_Key__c: string }>('SELECT Id, WhoId, Handoff_Key__c FROM Task WHERE Handoff_Key__c != null', { autoFetch: true, maxFetch: 100_000 })).records;
    const leads = (await conn.query<{ Id: string; HubSpot_Contact_Id__c: string | null }>('SELECT Id, HubSpot_Contact_Id__c FROM Lead WHERE HubSpot_Contact_Id__c != null', { autoFetch: true, maxFetch: 100_000 })).records;
    const leadByKey = new Map<string, string[]>();
    for (const l of leads) leadByKey.set(String(l.HubSpot_Contact_Id__c), [...(leadByKey.get(String(l.HubSpot_Contact_Id__c)) ?? []), l.Id]);
    // No key on two Leads.
    expect([...leadByKey.values()].filter((v) => v.length > 1)).toEqual([]);
    const taskByKey = new Map<string, string[]>();
    for (const t of tasks) taskByKey.set(t.Handoff_Key__c, [...(taskByKey.get(t.Handoff_Key__c) ?? []), t.WhoId]);
    // One Task per key, and exactly the expected keys (dead-lettered ones excepted, listed below).
    expect([...taskByKey.values()].filter((v) => v.length > 1)).toEqual([]);
    const deadLettered = new Set<string>();
    const { openStateStore } = await import('../../src/adapters/state/index.js');
    const store = await openStateStore(h.dbUrl);
    for (const d of await store.listDeadLetters({ unresolvedOnly: true })) deadLettered.add(d.hubspotId);
    await store.close();
    const expectedKeys = [...expected.keys()].filter((id) => !deadLettered.has(id)).map((id) => `${id}:1`).sort();
    expect([...taskByKey.keys()].sort()).toEqual(expectedKeys);
    expect(deadLettered.size).toBeLessThan(expected.size * 0.05);
    for (const [id, target] of expected) {
      if (deadLettered.has(id)) continue;
      const who = taskByKey.get(`${id}:1`)?.[0];
      if (target.kind === 'contact') {
        expect(who, `contact ${id}`).toBe(target.id);
        expect(leadByKey.has(id), `no Lead for ${id}, which matched a Contact`).toBe(false);
      } else if (target.kind === 'lead') {
        expect(who, `contact ${id}`).toBe(target.id);
        expect(leadByKey.get(id), `existing Lead of ${id} stamped`).toEqual([target.id]);
      } else {
        expect(leadByKey.get(id), `new Lead for ${id}`).toHaveLength(1);
        expect(who).toBe(leadByKey.get(id)?.[0]);
      }
    }
    expect(first.report.tasksCreated).toBe(expectedKeys.length);
  });

  it('a rerun creates nothing and costs no Salesforce call', async () => {
    const again = await runSync(await h.newDeps());
    expect(again.error).toBeNull();
    expect(again.report.leadsCreated + again.report.leadsUpdated + again.report.tasksCreated).toBe(0);
    expect(again.report.salesforceCalls).toBe(0);
  });
});
