import { Connection } from 'jsforce';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Dataset, HubSpotObject } from '@handoff/sandbox';
import { runSync } from '../../src/jobs/sync/run-sync.js';
import { runSlaWatch } from '../../src/jobs/sla/watch.js';
import { App } from '../../src/runtime/app.js';
import { withWriterLock } from '../../src/runtime/lease/writer-lock.js';
import { noopLogger } from '../../src/lib/logger.js';
import { systemClock } from '../../src/ports/clock.js';
import { copyShippedConfig, editFile } from '../helpers/config-dir.js';
import { startHarness } from '../helpers/pipeline.js';
import type { Harness } from '../helpers/pipeline.js';

const DAY = 86_400_000;
const WEST = 8;

/**
 * Qualified contacts for three territories of the shipped routing.yaml: WEST mid-market leads in
 * California (team na-commercial-west: sofia, ethan, grace), one in the UK whose company's Account is
 * owned by a rep who is away (then team emea), and one in Germany whose existing Lead that rep owns
 * (then team dach-enterprise).
 */
function dataset(now: number): Dataset {
  const iso = (ago: number): string => new Date(now - ago).toISOString();
  const contacts: HubSpotObject[] = [];
  const meetings: HubSpotObject[] = [];
  const associations: Dataset['hubspot']['associations'] = [];
  const add = (id: string, props: Record<string, string>): void => {
    contacts.push({ id, properties: { hs_object_id: id, createdate: iso(200 * DAY), lastmodifieddate: iso(DAY), jobtitle: 'VP Marketing', phone: '(415) 555-2671', ...props }, createdAt: iso(200 * DAY), updatedAt: iso(DAY) });
    for (const k of [0, 1]) {
      const mid = `${id}${k}`;
      meetings.push({ id: mid, properties: { hs_object_id: mid, hs_timestamp: iso((2 + k) * DAY), hs_meeting_outcome: 'COMPLETED', hs_meeting_title: 'Discovery call', hs_lastmodifieddate: iso((2 + k) * DAY), hs_createdate: iso((2 + k) * DAY) }, createdAt: iso((2 + k) * DAY), updatedAt: iso((2 + k) * DAY) });
      associations.push({ fromType: 'meetings', fromId: mid, toType: 'contacts', toId: id });
    }
  };
  for (let i = 0; i < WEST; i++) {
    add(String(5001 + i), { email: `buyer${i}@west${i}.example`, firstname: 'Pat', lastname: `West${i}`, country: 'US', state: 'CA', numemployees: '500', company: `West ${i}`, website: `west${i}.example` });
  }
  add('6001', { email: 'buyer@account-owned.example', firstname: 'Alex', lastname: 'Owned', country: 'GB', numemployees: '500', company: 'Account Owned Ltd', website: 'account-owned.example' });
  add('7001', { email: 'kunde@lead-owned.example', firstname: 'Kim', lastname: 'Owned', country: 'DE', numemployees: '1500', company: 'Lead Owned GmbH', website: 'lead-owned.example' });
  return {
    version: 1,
    hubspot: { contacts, emails: [], calls: [], meetings, notes: [], tasks: [], associations, owners: [] },
    salesforce: {
      User: [{ Username: 'integration@acme-sales.example', Email: 'integration@acme-sales.example', FirstName: 'Handoff', LastName: 'Integration', Name: 'Handoff Integration', IsActive: true, TimeZoneSidKey: 'America/New_York' }],
      Lead: [],
      Contact: [],
      Account: [],
      Task: [],
    },
  };
}

/** The shipped config with sofia away by date (from two days ago to six weeks on) and the User checkbox Away__c. */
function awayConfig(now: number): string {
  const day = (offset: number): string => new Date(now + offset * DAY).toISOString().slice(0, 10);
  const dir = copyShippedConfig();
  editFile(dir, 'routing.yaml', (t) => `${t}\navailability:\n  away:\n    - { user: sofia.alvarez@acme-sales.example, from: "${day(-2)}", to: "${day(42)}" }\n  userField: Away__c\n`);
  return dir;
}

describe('reps who are away get no new handoffs, through the real sync against the sandbox', () => {
  let h: Harness;
  let admin: Connection;
  let ids: Record<string, string>;
  const id = (name: string): string => ids[name] ?? `no user ${name}`;
  let result: Awaited<ReturnType<typeof runSync>>;

  beforeAll(async () => {
    const now = Date.now();
    h = await startHarness(dataset(now), { dir: awayConfig(now) });
    const env = h.sandbox.env;
    admin = new Connection({ oauth2: { clientId: env.SALESFORCE_ADMIN_CLIENT_ID ?? '', clientSecret: env.SALESFORCE_ADMIN_CLIENT_SECRET ?? '', loginUrl: h.sandbox.salesforceUrl }, version: '64.0' });
    await admin.authorize({ grant_type: 'client_credentials' });
    const users = (await admin.query<{ Id: string; Username: string }>('SELECT Id, Username FROM User')).records;
    ids = Object.fromEntries(users.map((u) => [u.Username.split('@')[0] ?? '', u.Id]));
    // What the admin does in Setup: a User checkbox, readable by the integration user, ticked for jackson.
    await admin.tooling.sobject('CustomField').create({ FullName: 'User.Away__c', Metadata: { label: 'Away', type: 'Checkbox', defaultValue: 'false' } });
    const set = await admin.sobject('PermissionSet').create({ Name: 'Read_Away', Label: 'Read Away' });
    const setId = (set as { id: string }).id;
    await admin.sobject('FieldPermissions').create({ ParentId: setId, SobjectType: 'User', Field: 'User.Away__c', PermissionsRead: true, PermissionsEdit: false });
    await admin.sobject('PermissionSetAssignment').create({ PermissionSetId: setId, AssigneeId: id('integration') });
    await admin.sobject('User').update({ Id: id('jackson.hayes'), Away__c: true });
    // jackson owns the Account of 6001's company and the existing Lead of 7001's email.
    await admin.sobject('Account').create({ Name: 'Account Owned Ltd', Website: 'https://www.account-owned.example', OwnerId: id('jackson.hayes') });
    await admin.sobject('Lead').create(
      { LastName: 'Owned', Company: 'Lead Owned GmbH', Email: 'kunde@lead-owned.example', Status: 'Open - Not Contacted', OwnerId: id('jackson.hayes') },
      { headers: { 'Sforce-Auto-Assign': 'FALSE' } },
    );
    expect((await admin.query<{ OwnerId: string }>("SELECT OwnerId FROM Lead WHERE Email = 'kunde@lead-owned.example'")).records[0]?.OwnerId).toBe(id('jackson.hayes'));
    result = await runSync(await h.newDeps());
  }, 120_000);
  afterAll(async () => h?.stop());

  const tasksByContact = async (): Promise<Map<string, string>> => {
    const rows = (await admin.query<{ Handoff_Key__c: string; OwnerId: string }>('SELECT Handoff_Key__c, OwnerId FROM Task WHERE Handoff_Key__c != null')).records;
    return new Map(rows.map((r) => [r.Handoff_Key__c.split(':')[0] ?? '', r.OwnerId]));
  };

  it('round robin passes over the rep away by date range and stays even between the others', async () => {
    expect(result.error).toBeNull();
    const tasks = await tasksByContact();
    const west = Array.from({ length: WEST }, (_, i) => tasks.get(String(5001 + i)));
    expect(west.every((o) => o !== undefined)).toBe(true);
    const count = (id: string | undefined): number => west.filter((o) => o === id).length;
    expect(count(id('sofia.alvarez'))).toBe(0);
    expect(count(id('ethan.cole'))).toBe(WEST / 2);
    expect(count(id('grace.kim'))).toBe(WEST / 2);
    const leads = (await admin.query<{ HubSpot_Contact_Id__c: string; OwnerId: string }>("SELECT HubSpot_Contact_Id__c, OwnerId FROM Lead WHERE HubSpot_Contact_Id__c LIKE '500%'")).records;
    expect(leads).toHaveLength(WEST);
    for (const l of leads) expect(l.OwnerId).toBe(tasks.get(l.HubSpot_Contact_Id__c));
  });

  it("an Account owned by the rep whose User checkbox says away: the account rule is passed over and the territory's round robin decides", async () => {
    const tasks = await tasksByContact();
    expect([id('amelia.hughes'), id('lukas.becker')]).toContain(tasks.get('6001'));
    const lead = (await admin.query<{ OwnerId: string }>("SELECT OwnerId FROM Lead WHERE HubSpot_Contact_Id__c = '6001'")).records[0];
    expect(lead?.OwnerId).toBe(tasks.get('6001'));
  });

  it('an existing Lead owned by the away rep: its new Task goes to the routed rep and the Lead follows it', async () => {
    const tasks = await tasksByContact();
    expect([id('jonas.weber'), id('lena.fischer')]).toContain(tasks.get('7001'));
    const lead = (await admin.query<{ OwnerId: string; HubSpot_Contact_Id__c: string | null }>("SELECT OwnerId, HubSpot_Contact_Id__c FROM Lead WHERE Email = 'kunde@lead-owned.example'")).records;
    expect(lead).toEqual([expect.objectContaining({ OwnerId: tasks.get('7001'), HubSpot_Contact_Id__c: '7001' })]);
    // Nobody away got anything.
    expect([...tasks.values()]).not.toContain(id('jackson.hayes'));
    expect([...tasks.values()]).not.toContain(id('sofia.alvarez'));
  });

  it('the SLA watch reads the same availability through its own users query: a month on, no overdue Task is reassigned to an away rep', async () => {
    const config = { ...h.config, handoff: { ...h.config.handoff, sla: { ...h.config.handoff.sla, reassign: { ...h.config.handoff.sla.reassign, policy: 'round-robin' as const } } } };
    const a = new App({ config, logger: noopLogger, clock: { now: () => Date.now() + 30 * DAY, sleep: systemClock.sleep }, retry: { retries: 2, baseDelayMs: 5, maxDelayMs: 20 } });
    const deps = await a.deps();
    const users = await deps.slaSalesforce.users('Away__c');
    expect(users.filter((u) => u.away === true).map((u) => u.id)).toEqual([id('jackson.hayes')]);
    const report = await withWriterLock(a, 'sla', async (fence) => runSlaWatch(deps, { fence }));
    await a.close();
    expect(report.reassignments).toHaveLength(WEST + 2);
    const targets = report.reassignments.map((r) => r.toOwnerId);
    expect(targets).not.toContain(id('sofia.alvarez'));
    expect(targets).not.toContain(id('jackson.hayes'));
    // In the west team only ethan and grace are available: each one's Tasks go to the other.
    for (const r of report.reassignments.filter((x) => [id('ethan.cole'), id('grace.kim')].includes(x.fromOwnerId ?? ''))) {
      expect(r.toOwnerId).toBe(r.fromOwnerId === id('ethan.cole') ? id('grace.kim') : id('ethan.cole'));
    }
  });
});
