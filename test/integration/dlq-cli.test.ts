import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { runSync } from '../../src/jobs/sync/run-sync.js';
import { smallDataset } from '../fixtures/small-dataset.js';
import { runSourceCli } from '../helpers/cli.js';
import type { CliResult } from '../helpers/cli.js';
import { CONFIG_DIR, sfQuery, startHarness } from '../helpers/pipeline.js';
import type { Harness } from '../helpers/pipeline.js';

/** Every email address in the dataset: none may reach a log line. */
const EMAILS = smallDataset()
  .hubspot.contacts.map((c) => c.properties.email?.trim().toLowerCase())
  .filter((e): e is string => Boolean(e));

describe('dlq, replay and reconcile from the command line', { timeout: 180_000 }, () => {
  let h: Harness;
  const stderrSeen: string[] = [];

  /** Runs the CLI as a real process (TypeScript through tsx), against the sandbox this test started. */
  const cli = async (entry: string, args: string[], env: Record<string, string> = {}): Promise<CliResult> => {
    const env0 = { ...h.sandbox.env, HANDOFF_DATABASE_URL: h.dbUrl, HANDOFF_CONFIG_DIR: CONFIG_DIR, LOG_FORMAT: 'json', LOG_LEVEL: 'debug' };
    const result = await runSourceCli(entry, args, { ...env0, ...env });
    stderrSeen.push(result.stderr);
    return result;
  };
  const handoff = (...args: string[]) => cli('src/runtime/cli/main.ts', args);

  beforeAll(async () => {
    h = await startHarness(smallDataset());
    const first = await runSync(await h.newDeps());
    expect(first.report.deadLettered).toBe(1);
  });
  afterAll(async () => h?.stop());

  it('dlq list prints the open dead letters on stdout; --json adds the payload', async () => {
    const [text, json, none] = await Promise.all([
      handoff('dlq', 'list'),
      handoff('dlq', 'list', '--json', '--code', 'FIELD_CUSTOM_VALIDATION_EXCEPTION', '--stage', 'lead.write', '--since', '1d'),
      handoff('dlq', 'list', '--code', 'NO_SUCH_CODE'),
    ]);
    expect(text.code).toBe(0);
    expect(text.stdout).toMatch(/^id\s+stage\s+code\s+vendorCode\s+hubspotId\s+attempts\s+firstSeen\s+lastSeen\s+message/);
    expect(text.stdout).toMatch(/\n1\s+lead\.write\s+VALIDATION\s+FIELD_CUSTOM_VALIDATION_EXCEPTION\s+107\s+1\s+/);

    expect(json.code).toBe(0);
    const body = JSON.parse(json.stdout) as { count: number; deadLetters: { hubspotId: string; code: string; vendorCode: string; payload: Record<string, unknown> }[] };
    expect(body.count).toBe(1);
    expect(body.deadLetters[0]).toMatchObject({ code: 'VALIDATION', vendorCode: 'FIELD_CUSTOM_VALIDATION_EXCEPTION' });
    expect(body.deadLetters[0]?.hubspotId).toBe('107');
    expect(body.deadLetters[0]?.payload.Email).toBe('cig@smoking.example');

    expect(none.code).toBe(0);
    expect(none.stdout).toBe('No unresolved dead letters match.\n');
  });

  it('a user mistake exits 2 with a message and no stack trace', async () => {
    const mistakes = [['replay', '--id', 'abc'], ['reconcile', '--since', 'last tuesday'], ['dlq', 'list', '--since', 'soon']];
    const [noToken, ...results] = await Promise.all([
      cli('src/runtime/cli/main.ts', ['reconcile'], { HUBSPOT_ACCESS_TOKEN: '' }),
      ...mistakes.map((args) => handoff(...args)),
    ]);
    results.forEach((r, i) => {
      expect(r.code, mistakes[i]?.join(' ')).toBe(2);
      expect(r.stderr).toMatch(/^handoff: --(id|since) takes/m);
      expect(r.stderr).not.toMatch(/\n\s+at /);
      expect(r.stdout).toBe('');
    });
    expect(noToken?.code).toBe(2);
    expect(noToken?.stderr).toMatch(/Configuration is invalid[\s\S]*HUBSPOT_ACCESS_TOKEN/);
  });

  it('replay --dry-run prints the plan and exits 0; a real replay that fails again exits 3', async () => {
    const dry = await handoff('replay', '--dry-run');
    expect(dry.code).toBe(0);
    expect(dry.stdout).toMatch(/Create Lead:\n\s+107\s+.*<cig@smoking\.example>/);
    expect(dry.stdout).toMatch(/Dry run of replay succeeded/);

    const real = await handoff('replay');
    expect(real.code).toBe(3);
    expect(real.stdout).toMatch(/still failing 1/);
    expect(real.stdout).toMatch(/\n\s+1\s+107\s+lead\.write\s+VALIDATION\s+2\s+still-failing/);
  });

  it('reconcile exits 0 when every qualified contact is accounted for or explained, 1 when there are gaps', async () => {
    const ok = await handoff('reconcile');
    expect(ok.code).toBe(0);
    expect(ok.stdout).toMatch(/7 qualified contacts/);
    expect(ok.stdout).toMatch(/landed\s+6\n\s+dead-lettered\s+1\n\s+explained\s+0\n\s+skipped\s+0\n\s+gaps\s+0/);
    expect(ok.stdout).toMatch(/Every qualified contact is accounted for/);

    // Changed in HubSpot after the cursor: explained as pending, still exit 0; --verbose lists it.
    h.sandbox.control.hubspot.updateContact('102', { lifecyclestage: 'salesqualifiedlead' });
    const pending = await handoff('reconcile', '--verbose');
    expect(pending.code).toBe(0);
    expect(pending.stdout).toMatch(/explained\s+1\n\s+pending\s+1\n/);
    expect(pending.stdout).toMatch(/Explained \(not handed off, with the reason Handoff recorded\):\n\s+hubspotId\s+reason\s+detail\n\s+102\s+pending\s+changed at /);

    // A Task deleted in Salesforce nobody can explain: exit 1.
    const [task] = sfQuery(h, "SELECT Id FROM Task WHERE Handoff_Key__c = '101:1'");
    h.sandbox.control.salesforce.store.remove('Task', String(task?.Id));
    const gaps = await handoff('reconcile', '--json', '--since', '30d');
    expect(gaps.code).toBe(1);
    const body = JSON.parse(gaps.stdout) as { summary: Record<string, number>; explained: Record<string, number>; gaps: { hubspotId: string; reason: string }[] };
    expect(body.summary).toEqual({ qualified: 8, landed: 5, deadLettered: 1, explained: 1, skipped: 0, gaps: 1 });
    expect(body.explained).toEqual({ 'not-qualified': 0, customer: 0, duplicate: 0, conflict: 0, 'outside-history': 0, pending: 1, 'outside-rollout': 0, 'cooling-off': 0, review: 0 });
    expect(body).not.toHaveProperty('explainedContacts');
    expect(body.gaps).toEqual([expect.objectContaining({ hubspotId: '101', reason: 'task missing' })]);
  });

  it('the admin script replays once the cause is fixed: exit 0, the dead letter leaves the queue', async () => {
    h.sandbox.control.hubspot.updateContact('107', { numemployees: '5000' });
    const r = await cli('scripts/replay.ts', ['--json', '--code', 'FIELD_CUSTOM_VALIDATION_EXCEPTION']);
    expect(r.code).toBe(0);
    const report = JSON.parse(r.stdout) as Record<string, unknown>;
    expect(report).toMatchObject({ kind: 'replay', selected: 1, resolved: 1, stillFailing: 0, leadsCreated: 1, tasksCreated: 1 });
    expect(sfQuery(h, "SELECT Id FROM Task WHERE Handoff_Key__c = '107:1'")).toHaveLength(1);

    const open = await handoff('dlq', 'list');
    expect(open.stdout).toBe('No unresolved dead letters match.\n');
    const all = await handoff('dlq', 'list', '--all');
    expect(all.stdout).toMatch(/resolved/);
    expect(all.stdout).toMatch(/\n1\s+lead\.write\s+VALIDATION\s+FIELD_CUSTOM_VALIDATION_EXCEPTION\s+107\s+2\s+/);

    const purge = await handoff('dlq', 'purge');
    expect(purge.code).toBe(0);
    expect(purge.stdout).toMatch(/^Purged 0 dead letters last seen before .* \(retention 30 days\)\.\n$/);
  });

  it('no email address ever reaches the log', () => {
    const logs = stderrSeen.join('\n').toLowerCase();
    expect(logs).toMatch(/"level":"(info|debug)"/);
    for (const email of EMAILS) expect(logs).not.toContain(email);
  });
});
