import { Connection } from 'jsforce';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { App } from '../../src/runtime/app.js';
import { summaryLines } from '../../src/runtime/cli/commands/sync.js';
import { resolveUsers } from '../../src/core/route.js';
import { runSync } from '../../src/jobs/sync/run-sync.js';
import { loadOrgMetadata, METADATA_CACHE_KEY } from '../../src/adapters/salesforce/metadata.js';
import type { OrgMetadata } from '../../src/adapters/salesforce/metadata.js';
import { openStateStore } from '../../src/adapters/state/index.js';
import { smallDataset } from '../fixtures/small-dataset.js';
import { copyShippedConfig, editFile } from '../helpers/config-dir.js';
import { memoryLogger } from '../helpers/fault-harness.js';
import { startHarness } from '../helpers/pipeline.js';
import type { Harness } from '../helpers/pipeline.js';

/**
 * The shipped routing.yaml with no territory and only a fallback queue: every new qualified lead
 * must end up owned by the sandbox org's Lead queue, read from Salesforce like the users are.
 */
function queueOnlyConfig(queue: string, queueTaskOwner?: string): string {
  const dir = copyShippedConfig();
  editFile(dir, 'routing.yaml', (t) =>
    t
      .replace(/^territories:\n(?:[ #\n].*\n|\n)*/m, 'territories: []\n\n')
      .replace(/^fallback:\n(?: .*\n?)*/m, `fallback:\n  queue: ${queue}\n  timeZone: America/New_York\n`)
      .replace(/^# queueTaskOwner: .*$/m, queueTaskOwner === undefined ? '' : `queueTaskOwner: ${queueTaskOwner}`),
  );
  return dir;
}

describe('routing fallback to a Salesforce Lead queue, end to end', () => {
  let h: Harness;
  let conn: Connection;
  let first: Awaited<ReturnType<typeof runSync>>;
  let queueId: string;
  let integrationUserId: string;

  beforeAll(async () => {
    h = await startHarness(smallDataset(), { dir: queueOnlyConfig('Handoff_Unassigned_Leads') });
    conn = new Connection({ oauth2: { clientId: h.sandbox.env.SALESFORCE_CLIENT_ID ?? '', clientSecret: h.sandbox.env.SALESFORCE_CLIENT_SECRET ?? '', loginUrl: h.sandbox.salesforceUrl }, version: '64.0' });
    await conn.authorize({ grant_type: 'client_credentials' });
    queueId = (await conn.query<{ Id: string }>("SELECT Id FROM Group WHERE Type = 'Queue' AND DeveloperName = 'Handoff_Unassigned_Leads'")).records[0]?.Id ?? '';
    integrationUserId = (await conn.query<{ Id: string }>("SELECT Id FROM User WHERE Username = 'integration@acme-sales.example'")).records[0]?.Id ?? '';
    // The org metadata as an earlier Handoff cached it, before queues were read, still within its TTL.
    const store = await openStateStore(h.dbUrl);
    const old: Omit<OrgMetadata, 'queues'> = { describes: {} as OrgMetadata['describes'], users: [], fetchedAt: new Date().toISOString() };
    await store.setCache(METADATA_CACHE_KEY, old, new Date(Date.now() + 3_600_000).toISOString());
    await store.close();
    first = await runSync(await h.newDeps());
  });
  afterAll(async () => h?.stop());

  it('new Leads are owned by the queue, not dead-lettered as NO_OWNER', async () => {
    expect(queueId).toMatch(/^00G/);
    expect(first.error).toBeNull();
    expect(first.report.leadsCreated).toBe(3); // 101, 106, 108 (107 is refused by Salesforce, as in sync.test.ts)
    const leads = (await conn.query<{ HubSpot_Contact_Id__c: string; OwnerId: string; Owner: { Name: string } }>(
      "SELECT HubSpot_Contact_Id__c, OwnerId, Owner.Name FROM Lead WHERE HubSpot_Contact_Id__c IN ('101', '106', '108') ORDER BY HubSpot_Contact_Id__c",
    )).records;
    expect(leads.map((l) => [l.HubSpot_Contact_Id__c, l.OwnerId, l.Owner.Name])).toEqual([
      ['101', queueId, 'Handoff Unassigned Leads'],
      ['106', queueId, 'Handoff Unassigned Leads'],
      ['108', queueId, 'Handoff Unassigned Leads'],
    ]);
    const store = await openStateStore(h.dbUrl);
    const dls = await store.listDeadLetters({ unresolvedOnly: true });
    await store.close();
    expect(dls.map((d) => [d.hubspotId, d.code, d.vendorCode])).toEqual([['107', 'VALIDATION', 'FIELD_CUSTOM_VALIDATION_EXCEPTION']]);
  });

  it("a queue-owned Lead's Task is created and stays with the integration user", async () => {
    const [lead] = (await conn.query<{ Id: string }>("SELECT Id FROM Lead WHERE HubSpot_Contact_Id__c = '101'")).records;
    const tasks = (await conn.query<{ WhoId: string; OwnerId: string; Handoff_SLA_Due__c: string }>(
      "SELECT WhoId, OwnerId, Handoff_SLA_Due__c FROM Task WHERE Handoff_Key__c = '101:1'",
    )).records;
    expect(tasks).toHaveLength(1);
    expect(tasks[0]).toMatchObject({ WhoId: lead?.Id, OwnerId: integrationUserId });
    expect(tasks[0]?.Handoff_SLA_Due__c).toBeTruthy();
    expect(first.report.tasksCreated).toBe(6);
  });

  it('the stale cache entry was replaced by one that holds the Lead queues', async () => {
    const store = await openStateStore(h.dbUrl);
    const cached = await store.getCache(METADATA_CACHE_KEY);
    await store.close();
    expect((cached?.value as OrgMetadata).queues).toEqual([{ Id: queueId, Name: 'Handoff Unassigned Leads', DeveloperName: 'Handoff_Unassigned_Leads' }]);
  });

  it('a fallback queue that is not a Lead queue in the org is reported as a problem', async () => {
    const gateway = await h.newApp().salesforce();
    const noCache = { getCache: () => Promise.resolve(null), setCache: () => Promise.resolve() };
    const meta = await loadOrgMetadata({ gateway, store: noCache, mapping: h.config.mapping, now: new Date(), ttlMinutes: 60, readOnly: true });
    const problemsFor = (queue: string) =>
      resolveUsers({ ...h.config.routing, fallback: { queue, timeZone: 'UTC' } }, meta.users.map((u) => ({ ...u, Email: u.Email ?? '', TimeZoneSidKey: u.TimeZoneSidKey ?? 'UTC' })), meta.queues).problems;
    expect(problemsFor('Handoff Unassigned Leads')).toEqual([]);
    // The org has a queue with this name, but for Cases.
    expect(problemsFor('Support_Cases')).toEqual(['routing.yaml fallback.queue names "Support_Cases", but no Salesforce Lead queue has that name']);
    expect(problemsFor('Nobody_Here')).toEqual(['routing.yaml fallback.queue names "Nobody_Here", but no Salesforce Lead queue has that name']);
  });
});

describe('the SLA Task of a queue-owned Lead, with queueTaskOwner set', () => {
  let h: Harness;
  afterAll(async () => h?.stop());

  it('goes to that user while the Lead stays with the queue', async () => {
    h = await startHarness(smallDataset(), { dir: queueOnlyConfig('Handoff_Unassigned_Leads', 'olivia.bennett@acme-sales.example') });
    const { report, error } = await runSync(await h.newDeps());
    expect(error).toBeNull();
    expect(report.configProblems).toEqual([]);
    const conn = new Connection({ oauth2: { clientId: h.sandbox.env.SALESFORCE_CLIENT_ID ?? '', clientSecret: h.sandbox.env.SALESFORCE_CLIENT_SECRET ?? '', loginUrl: h.sandbox.salesforceUrl }, version: '64.0' });
    await conn.authorize({ grant_type: 'client_credentials' });
    const olivia = (await conn.query<{ Id: string }>("SELECT Id FROM User WHERE Username = 'olivia.bennett@acme-sales.example'")).records[0]?.Id;
    const rows = (await conn.query<{ Handoff_Key__c: string; OwnerId: string }>(
      "SELECT Handoff_Key__c, OwnerId FROM Task WHERE Handoff_Key__c IN ('101:1', '106:1', '108:1') ORDER BY Handoff_Key__c",
    )).records;
    expect(olivia).toMatch(/^005/);
    expect(rows.map((r) => [r.Handoff_Key__c, r.OwnerId])).toEqual([
      ['101:1', olivia],
      ['106:1', olivia],
      ['108:1', olivia],
    ]);
    const leads = (await conn.query<{ OwnerId: string }>("SELECT OwnerId FROM Lead WHERE HubSpot_Contact_Id__c IN ('101', '106', '108')")).records;
    expect(leads.map((l) => l.OwnerId.slice(0, 3))).toEqual(['00G', '00G', '00G']);
  });
});

describe('routing names that Salesforce does not know, end to end', () => {
  let h: Harness;
  afterAll(async () => h?.stop());

  it('the cycle goes on, the report lists each name with where it is, and the log names only the place', async () => {
    // The sandbox org gets a user for every name the shipped routing.yaml uses; then the EMEA team
    // gains a member who never had one, as after a typo or a rep who left before the sync started.
    h = await startHarness(smallDataset());
    const teams = h.config.routing.teams.map((t) => (t.name === 'emea' ? { ...t, members: ['ghost.rep@acme-sales.example', ...t.members] } : t));
    const logger = memoryLogger();
    const app = new App({ config: { ...h.config, routing: { ...h.config.routing, teams } }, logger, retry: { retries: 4, baseDelayMs: 5, maxDelayMs: 20 } });
    const { report, error } = await runSync(await app.deps());
    await app.close();
    expect(error).toBeNull();
    expect(report.leadsCreated).toBeGreaterThan(0);
    expect(report.configProblems).toEqual([
      { where: 'routing.yaml team emea', message: 'routing.yaml team emea names "ghost.rep@acme-sales.example", but no Salesforce user has that username or email' },
    ]);
    expect(summaryLines(report)).toContain('config      routing.yaml team emea names "ghost.rep@acme-sales.example"');
    const warning = logger.lines.find((l) => l.message.includes('names users or queues Salesforce does not know'));
    expect(warning).toMatchObject({ level: 'warn', meta: { where: ['routing.yaml team emea'] } });
    expect(JSON.stringify(logger.lines)).not.toContain('ghost');
  });

  it("a team's lead and sla.reassign.user must be known, active users: each problem with its file and key path, the log names only the places", async () => {
    await h?.stop();
    // The org has one user who left (inactive); a team lead names them, another names nobody at all.
    const dataset = smallDataset();
    dataset.salesforce.User.push({ Username: 'former.lead@acme-sales.example', Email: 'former.lead@acme-sales.example', FirstName: 'Former', LastName: 'Lead', Name: 'Former Lead', IsActive: false, TimeZoneSidKey: 'Europe/London' });
    h = await startHarness(dataset);
    const leads: Record<string, string> = { emea: 'former.lead@acme-sales.example', 'dach-enterprise': 'ghost.lead@acme-sales.example' };
    const teams = h.config.routing.teams.map((t) => (leads[t.name] === undefined ? t : { ...t, lead: leads[t.name] }));
    const emea = teams.findIndex((t) => t.name === 'emea');
    const dach = teams.findIndex((t) => t.name === 'dach-enterprise');
    const handoff = { ...h.config.handoff, sla: { ...h.config.handoff.sla, reassign: { ...h.config.handoff.sla.reassign, policy: 'user' as const, user: 'former.lead@acme-sales.example' } } };
    const logger = memoryLogger();
    const app = new App({ config: { ...h.config, handoff, routing: { ...h.config.routing, teams } }, logger, retry: { retries: 4, baseDelayMs: 5, maxDelayMs: 20 } });
    const { report, error } = await runSync(await app.deps());
    await app.close();
    expect(error).toBeNull();
    expect(report.leadsCreated).toBeGreaterThan(0);
    // In resolution order: the teams' leads as routing.yaml lists the teams (dach-enterprise first), then handoff.yaml.
    expect(dach).toBeLessThan(emea);
    expect(report.configProblems).toEqual([
      { where: `routing.yaml teams[${dach}].lead`, message: `routing.yaml teams[${dach}].lead (team dach-enterprise) names "ghost.lead@acme-sales.example", but no Salesforce user has that username or email` },
      {
        where: `routing.yaml teams[${emea}].lead`,
        message: `routing.yaml teams[${emea}].lead (team emea) names "former.lead@acme-sales.example", an inactive Salesforce user: escalations in team emea reach nobody when the owner has no active manager`,
      },
      {
        where: 'handoff.yaml sla.reassign.user',
        message: 'handoff.yaml sla.reassign.user names "former.lead@acme-sales.example", an inactive Salesforce user: no overdue Task is reassigned until the user is active again or the setting changes',
      },
    ]);
    expect(summaryLines(report)).toContain('handoff.yaml sla.reassign.user names "former.lead@acme-sales.example"');
    const warning = logger.lines.find((l) => l.message.includes('names users or queues Salesforce does not know'));
    expect(warning).toMatchObject({ level: 'warn', meta: { where: expect.arrayContaining([`routing.yaml teams[${emea}].lead`, `routing.yaml teams[${dach}].lead`, 'handoff.yaml sla.reassign.user']) as string[] } });
    expect(JSON.stringify(logger.lines)).not.toMatch(/former|ghost/);
  });
});
