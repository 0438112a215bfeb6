import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { replayDeadLetters } from '../../src/jobs/replay.js';
import { runSync } from '../../src/jobs/sync/run-sync.js';
import { smallDataset } from '../fixtures/small-dataset.js';
import { runSourceCli } from '../helpers/cli.js';
import { CONFIG_DIR, startHarness } from '../helpers/pipeline.js';
import type { Harness } from '../helpers/pipeline.js';

/**
 * Contacts HubSpot refuses to update are dead-lettered by the feedback job and the rest are written:
 * `handoff feedback --once` (a real process) then exits 3. Real @hubspot/api-client against the sandbox.
 */
describe('feedback writes HubSpot refuses', () => {
  let h: Harness;
  let env: Record<string, string>;

  beforeAll(async () => {
    h = await startHarness(smallDataset());
    env = { ...h.sandbox.env, HANDOFF_DATABASE_URL: h.dbUrl, HANDOFF_CONFIG_DIR: CONFIG_DIR, LOG_FORMAT: 'json', LOG_LEVEL: 'warn' };
    const sync = await runSync(await h.newDeps());
    expect(sync.report.tasksCreated).toBeGreaterThan(2);
  });
  afterAll(async () => h?.stop());

  it('a contact deleted in HubSpot is dead-lettered, the others are written, and the pass exits 3; the next quiet pass exits 0', async () => {
    const store = await h.newApp().store();
    const episodes = await store.listEpisodes();
    const gone = episodes.find((e) => e.hubspotId === '101');
    expect(gone?.salesforceTaskId).toBeTruthy();
    // Sales closes the handoff Task of a contact marketing deleted from HubSpot meanwhile.
    h.sandbox.control.salesforce.completeTask(String(gone?.salesforceTaskId));
    h.sandbox.control.hubspot.archiveContact('101');

    const run = await runSourceCli('src/runtime/cli/main.ts', ['feedback', '--once', '--json'], env);
    expect(run.code, run.stderr).toBe(3);
    const report = JSON.parse(run.stdout) as { status: string; deadLettered: number; hubspotUpdates: number };
    expect(report).toMatchObject({ status: 'succeeded', deadLettered: 1, hubspotUpdates: episodes.length - 1 });
    const dead = await store.listDeadLetters({ stage: 'feedback.hubspot', unresolvedOnly: true });
    expect(dead).toEqual([expect.objectContaining({ hubspotId: '101', code: 'NOT_FOUND', vendorCode: 'OBJECT_NOT_FOUND' })]);
    // What sales did is recorded all the same; the other contacts got their properties.
    expect((await store.getEpisodes(['101'])).get('101')?.[0]).toMatchObject({ firstTouchKind: 'task', salesStatus: 'working' });
    const other = episodes.find((e) => e.hubspotId !== '101');
    const res = await fetch(`${h.sandbox.hubspotUrl}/crm/v3/objects/contacts/${String(other?.hubspotId)}?properties=handoff_episode`, {
      headers: { authorization: `Bearer ${h.sandbox.env.HUBSPOT_ACCESS_TOKEN ?? ''}` },
    });
    expect(((await res.json()) as { properties: Record<string, string> }).properties.handoff_episode).toBe('1');

    // The refused values are not tried on every pass: the next pass is quiet and exits 0.
    const quiet = await runSourceCli('src/runtime/cli/main.ts', ['feedback', '--once', '--json'], env);
    expect(quiet.code, quiet.stderr).toBe(0);
    expect(JSON.parse(quiet.stdout)).toMatchObject({ deadLettered: 0, hubspotUpdates: 0, hubspotCalls: 0 });
    // A replay leaves it to the feedback job (it would run the sync pipeline, which writes no feedback).
    const replay = await replayDeadLetters(await h.newDeps());
    expect(replay.report.items.map((i) => i.stage)).not.toContain('feedback.hubspot');
    expect(await store.listDeadLetters({ stage: 'feedback.hubspot', unresolvedOnly: true })).toHaveLength(1);
  });

  it('a value HubSpot refuses fails its whole batch: the batch is split until the refused contact stands alone, the rest written', async () => {
    const hubspot = (await h.newDeps()).hubspot;
    const ids = ['103', '104', '105', '106', '108'];
    const refused = await hubspot.updateContacts(ids.map((id) => ({ hubspotId: id, properties: { handoff_sales_outcome: id === '105' ? 'not an option' : 'connected' } })));
    expect(refused).toEqual([expect.objectContaining({ hubspotId: '105', code: 'VALIDATION' })]);
    const read = await hubspot.readContacts(ids, ['handoff_sales_outcome']);
    expect(new Map(read.contacts.map((c) => [c.id, c.properties.handoff_sales_outcome ?? null]))).toEqual(
      new Map(ids.map((id) => [id, id === '105' ? null : 'connected'])),
    );
  });
});
