import { spawn } from 'node:child_process';
import { createInterface } from 'node:readline';
import { join } from 'node:path';
import { Client } from '@hubspot/api-client';
import { Connection } from 'jsforce';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ROOT } from '../helpers/cli.js';

interface Announce {
  hubspotUrl: string;
  salesforceUrl: string;
  env: Record<string, string>;
}

interface SandboxProcess {
  info: Announce;
  /** What it has printed on stderr so far. */
  stderr(): string;
  stop(): Promise<void>;
}

/** Starts `handoff sandbox` with these arguments and waits for the line announcing its URLs. */
async function startSandboxCli(args: string[]): Promise<SandboxProcess> {
  const child = spawn(process.execPath, [join(ROOT, 'bin', 'handoff.js'), 'sandbox', ...args, '--hubspot-port', '0', '--salesforce-port', '0'], {
    cwd: ROOT,
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let stderr = '';
  child.stderr?.on('data', (d: Buffer) => (stderr += d.toString()));
  const lines = createInterface({ input: child.stdout as NodeJS.ReadableStream });
  const info = await new Promise<Announce>((resolve, reject) => {
    lines.once('line', (line) => resolve(JSON.parse(line) as Announce));
    child.once('exit', (code) => reject(new Error(`sandbox exited with ${String(code)}`)));
  });
  return {
    info,
    stderr: () => stderr,
    stop: async () => {
      if (child.exitCode !== null) return;
      const exited = new Promise((r) => child.once('exit', r));
      child.kill('SIGTERM');
      await exited;
    },
  };
}

/**
 * `handoff sandbox` as a separate process, driven only through the two official SDKs, the way a
 * new user or another tool would use it.
 */
describe('handoff sandbox --generate 2000 --seed 1 (built CLI, official SDKs only)', () => {
  let sandbox: SandboxProcess | undefined;
  let info: Announce;

  beforeAll(async () => {
    sandbox = await startSandboxCli(['--generate', '2000', '--seed', '1']);
    info = sandbox.info;
  });
  afterAll(async () => {
    await sandbox?.stop();
  });

  it('announces its URLs and the environment that points Handoff at it', () => {
    expect(info.hubspotUrl).toMatch(/^http:\/\/127\.0\.0\.1:\d+$/);
    expect(info.env).toMatchObject({ HUBSPOT_BASE_URL: info.hubspotUrl, SALESFORCE_LOGIN_URL: info.salesforceUrl });
    expect(info.env.HUBSPOT_ACCESS_TOKEN).toBeTruthy();
    // The admin pair beside the integration one, for handoff setup.
    expect(info.env.SALESFORCE_ADMIN_CLIENT_ID).toBeTruthy();
    expect(info.env.SALESFORCE_ADMIN_CLIENT_SECRET).not.toBe(info.env.SALESFORCE_CLIENT_SECRET);
  });

  it('pages every contact, searches to the cap and gets the 400 past it, reads associations', async () => {
    const hubspot = new Client({ accessToken: info.env.HUBSPOT_ACCESS_TOKEN ?? '', basePath: info.hubspotUrl });
    const all = await hubspot.crm.contacts.getAll(100);
    // 2,000 generated, minus the merged-away ones, which no longer exist.
    expect(all.length).toBeGreaterThan(1_900);
    expect(all.length).toBeLessThanOrEqual(2_000);
    const page = await hubspot.crm.contacts.searchApi.doSearch({ filterGroups: [], sorts: ['hs_object_id'], properties: ['email'], limit: 200, after: '0' });
    expect(page.total).toBe(all.length);
    await expect(
      hubspot.crm.contacts.searchApi.doSearch({ filterGroups: [], sorts: ['hs_object_id'], properties: ['email'], limit: 200, after: '10000' }),
    ).rejects.toMatchObject({ code: 400 });
    const ids = all.slice(0, 500).map((c) => ({ id: c.id }));
    const assoc = await hubspot.crm.associations.v4.batchApi.getPage('contacts', 'meetings', { inputs: ids });
    expect(assoc.results.length).toBeGreaterThan(0);
    expect(assoc.results[0]?.to[0]?.toObjectId).toBeDefined();
  });

  it('authenticates to Salesforce, describes Lead, upserts 200 Leads in one call and queries them back', async () => {
    const conn = new Connection({
      oauth2: { clientId: info.env.SALESFORCE_CLIENT_ID ?? '', clientSecret: info.env.SALESFORCE_CLIENT_SECRET ?? '', loginUrl: info.salesforceUrl },
      version: '64.0',
    });
    await conn.authorize({ grant_type: 'client_credentials' });
    const describe = await conn.sobject('Lead').describe();
    const key = describe.fields.find((f) => f.name === 'HubSpot_Contact_Id__c');
    expect(key).toMatchObject({ externalId: true, unique: true });
    const before = await (await fetch(`${info.salesforceUrl}/__sandbox/counters`)).json() as Record<string, number>;
    const records = Array.from({ length: 200 }, (_, i) => ({ HubSpot_Contact_Id__c: `smoke-${i}`, LastName: `Smoke ${i}`, Company: 'Smoke Test Inc' }));
    const results = await conn.sobject('Lead').upsert(records, 'HubSpot_Contact_Id__c');
    expect(results.every((r) => r.success)).toBe(true);
    const after = await (await fetch(`${info.salesforceUrl}/__sandbox/counters`)).json() as Record<string, number>;
    const upsertKey = Object.keys(after).find((k) => k.startsWith('PATCH /composite/sobjects/Lead/'));
    expect(upsertKey).toBeDefined();
    expect((after[upsertKey ?? ''] ?? 0) - (before[upsertKey ?? ''] ?? 0)).toBe(1);
    const back = await conn.query<{ Id: string }>("SELECT Id FROM Lead WHERE Company = 'Smoke Test Inc'");
    expect(back.totalSize).toBe(200);
  });
});

describe('handoff sandbox --org bare (built CLI)', () => {
  let sandbox: SandboxProcess | undefined;
  let info: Announce;
  const stderr = (): string => sandbox?.stderr() ?? '';

  beforeAll(async () => {
    sandbox = await startSandboxCli(['--org', 'bare']);
    info = sandbox.info;
  });
  afterAll(async () => {
    await sandbox?.stop();
  });

  it('serves an org without the Handoff fields, says so, and prints the admin credentials beside the integration ones', async () => {
    const connect = async (clientId: string, clientSecret: string): Promise<Connection> => {
      const conn = new Connection({ oauth2: { clientId, clientSecret, loginUrl: info.salesforceUrl }, version: '64.0' });
      await conn.authorize({ grant_type: 'client_credentials' });
      return conn;
    };
    const integration = await connect(info.env.SALESFORCE_CLIENT_ID ?? '', info.env.SALESFORCE_CLIENT_SECRET ?? '');
    const lead = await integration.sobject('Lead').describe();
    expect(lead.fields.some((f) => f.name === 'HubSpot_Contact_Id__c')).toBe(false);
    const admin = await connect(info.env.SALESFORCE_ADMIN_CLIENT_ID ?? '', info.env.SALESFORCE_ADMIN_CLIENT_SECRET ?? '');
    const created = await admin.request<{ success: boolean }>({
      method: 'POST',
      url: '/services/data/v64.0/tooling/sobjects/CustomField',
      body: JSON.stringify({ FullName: 'Lead.Smoke__c', Metadata: { label: 'Smoke', type: 'Text', length: 10 } }),
      headers: { 'Content-Type': 'application/json' },
    });
    expect(created.success).toBe(true);
    expect(stderr()).toMatch(/Salesforce org: bare/);
    expect(stderr()).toMatch(/Integration credentials: SALESFORCE_CLIENT_ID=\S+ SALESFORCE_CLIENT_SECRET=\S+/);
    expect(stderr()).toMatch(/Admin credentials \(handoff setup only\): SALESFORCE_ADMIN_CLIENT_ID=\S+ SALESFORCE_ADMIN_CLIENT_SECRET=\S+/);
  });
});
