import { describe, expect, it } from 'vitest';
import type { StateStore } from '../../src/adapters/state/index.js';
import type { OutboxMessageInput, SlaStepInput } from '../../src/domain/outbox.js';

/** The outbox and SLA-step part of the StateStore conformance suite (called inside describeStateStore). */
export interface OutboxSuiteContext {
  store(): StateStore;
  /** Another store over the same location (another replica). */
  open(): Promise<StateStore>;
  now(): number;
  setNow(ms: number): void;
  lock(name: string): Promise<number>;
}

const MIN = 60_000;
const at = (ms: number): string => new Date(ms).toISOString();

function message(i: number, sendAfter: number, over: Partial<OutboxMessageInput> = {}): OutboxMessageInput {
  return {
    key: `${i}:1:reminder:slack:005A`,
    kind: 'reminder',
    channel: 'slack',
    recipientId: '005A',
    hubspotId: String(i),
    handoffKey: `${i}:1`,
    body: { title: `Lead ${i} is past its SLA`, lines: ['Ada Lovelace, Acme'], link: 'https://sf.example/00Q1', targetId: '00Q1', to: 'rep@acme.example' },
    sendAfter: at(sendAfter),
    ...over,
  };
}

function step(i: number, name: SlaStepInput['step'], decidedAt: number, over: Partial<SlaStepInput> = {}): SlaStepInput {
  return {
    handoffKey: `${i}:1`,
    step: name,
    hubspotId: String(i),
    taskId: `00T${i}`,
    decidedAt: at(decidedAt),
    ownerId: '005A',
    recipientId: '005A',
    toOwnerId: null,
    dueAt: null,
    leadId: `00Q${i}`,
    ...over,
  };
}

export function describeOutboxConformance(ctx: OutboxSuiteContext): void {
  describe('outbox', () => {
    it('queues a message once per key, with the batch that decided it, and keeps ids only once sent', async () => {
      const store = ctx.store();
      const t = ctx.now();
      await store.commitBatch({ messages: [message(1, t), message(1, t + MIN)], cursor: { name: 'sla', value: 'x' } });
      expect(await store.enqueueMessages([message(1, t), message(2, t)])).toBe(1);
      const listed = await store.listMessages();
      expect(listed.map((m) => [m.hubspotId, m.status, m.attempts, m.sendAfter])).toEqual([
        ['1', 'pending', 0, at(t)],
        ['2', 'pending', 0, at(t)],
      ]);
      expect(listed[0]?.body?.lines).toEqual(['Ada Lovelace, Acme']);

      const claimed = await store.claimMessages({ limit: 10, leaseMs: 5 * MIN });
      expect(claimed.map((m) => [m.hubspotId, m.attempts])).toEqual([
        ['1', 1],
        ['2', 1],
      ]);
      await store.finishMessages([{ id: claimed[0]?.id ?? 0, outcome: 'sent' }]);
      const [sent] = await store.listMessages({ status: 'sent' });
      expect(sent).toMatchObject({ hubspotId: '1', body: null, sentAt: at(t), lastError: null });
    });

    it('holds a message until its send time, and a claimed one until its claim runs out (a killed worker)', async () => {
      const store = ctx.store();
      const t = ctx.now();
      await store.enqueueMessages([message(1, t + 60 * MIN)]);
      expect(await store.claimMessages({ limit: 10, leaseMs: MIN })).toEqual([]);
      ctx.setNow(t + 60 * MIN);
      expect(await store.claimMessages({ limit: 10, leaseMs: 5 * MIN })).toHaveLength(1);
      // Another replica sees nothing while the claim holds...
      const other = await ctx.open();
      expect(await other.claimMessages({ limit: 10, leaseMs: 5 * MIN })).toEqual([]);
      // ...and takes it over once it has run out, with the attempt counted again.
      ctx.setNow(t + 65 * MIN);
      const again = await other.claimMessages({ limit: 10, leaseMs: 5 * MIN });
      expect(again.map((m) => m.attempts)).toEqual([2]);
    });

    it('retries after the backoff it is given, and a failed message is never claimed again', async () => {
      const store = ctx.store();
      const t = ctx.now();
      await store.enqueueMessages([message(1, t), message(2, t)]);
      const [a, b] = await store.claimMessages({ limit: 10, leaseMs: MIN });
      await store.finishMessages([
        { id: a?.id ?? 0, outcome: 'retry', nextAttemptAt: at(t + 10 * MIN), error: 'HTTP_503' },
        { id: b?.id ?? 0, outcome: 'failed', error: 'SLACK_USER_NOT_FOUND' },
      ]);
      ctx.setNow(t + 9 * MIN);
      expect(await store.claimMessages({ limit: 10, leaseMs: MIN })).toEqual([]);
      ctx.setNow(t + 10 * MIN);
      expect((await store.claimMessages({ limit: 10, leaseMs: MIN })).map((m) => [m.hubspotId, m.lastError])).toEqual([['1', 'HTTP_503']]);
      expect(await store.listMessages({ status: 'failed' })).toMatchObject([{ hubspotId: '2', body: null, lastError: 'SLACK_USER_NOT_FOUND' }]);
    });

    it('claims oldest due first, up to the limit', async () => {
      const store = ctx.store();
      const t = ctx.now();
      await store.enqueueMessages([message(3, t - 2 * MIN), message(1, t), message(2, t - MIN)]);
      expect((await store.claimMessages({ limit: 2, leaseMs: MIN })).map((m) => m.hubspotId)).toEqual(['3', '2']);
    });

    it('refuses a claim or a finish under a fence that was superseded', async () => {
      const store = ctx.store();
      const token = await ctx.lock('sla');
      await store.enqueueMessages([message(1, ctx.now())]);
      await expect(store.claimMessages({ limit: 1, leaseMs: MIN }, { fence: { name: 'sla', token: token + 1 } })).rejects.toMatchObject({ code: 'LOCKED' });
      expect(await store.claimMessages({ limit: 1, leaseMs: MIN }, { fence: { name: 'sla', token } })).toHaveLength(1);
    });

    it('lets the next holder of the lease take over what a killed holder had claimed, at once', async () => {
      const store = ctx.store();
      const t = ctx.now();
      const first = await ctx.lock('sla');
      await store.enqueueMessages([message(1, t), message(2, t)]);
      const [a] = await store.claimMessages({ limit: 1, leaseMs: 60 * MIN }, { fence: { name: 'sla', token: first } });
      const [b] = await store.claimMessages({ limit: 1, leaseMs: 60 * MIN }, { fence: { name: 'sla', token: first } });
      await store.finishMessages([{ id: b?.id ?? 0, outcome: 'retry', nextAttemptAt: at(t + 30 * MIN), error: 'HTTP_503' }], { fence: { name: 'sla', token: first } });
      // Under the same grant, and without a fence, the claim holds until it runs out.
      expect(await store.claimMessages({ limit: 10, leaseMs: MIN }, { fence: { name: 'sla', token: first } })).toEqual([]);
      expect(await store.claimMessages({ limit: 10, leaseMs: MIN })).toEqual([]);
      // The holder dies; its lease runs out and is granted again: the orphaned claim is taken over,
      // the message in backoff still waits for its time.
      ctx.setNow(t + 11 * MIN);
      const second = await ctx.lock('sla');
      expect(second).toBeGreaterThan(first);
      expect(await store.claimMessages({ limit: 10, leaseMs: MIN }, { fence: { name: 'other', token: second + 5 } }).catch(() => 'refused')).toBe('refused');
      const taken = await store.claimMessages({ limit: 10, leaseMs: MIN }, { fence: { name: 'sla', token: second } });
      expect(taken.map((m) => [m.id, m.attempts])).toEqual([[a?.id, 2]]);
    });

    it('drops what a forgotten contact still had queued', async () => {
      const store = ctx.store();
      await store.enqueueMessages([message(1, ctx.now()), message(2, ctx.now())]);
      await store.forgetContacts({ hubspotIds: ['1'] });
      expect((await store.listMessages()).map((m) => [m.hubspotId, m.status, m.body === null])).toEqual([
        ['1', 'failed', true],
        ['2', 'pending', false],
      ]);
    });
  });

  describe('SLA steps', () => {
    it('keeps the first decision of each step per episode, and tracks which reassignments reached Salesforce', async () => {
      const store = ctx.store();
      const t = ctx.now();
      await store.commitBatch({
        slaSteps: [
          step(1, 'reminder', t),
          step(1, 'reassignment', t, { toOwnerId: '005B', dueAt: at(t + 240 * MIN) }),
          step(2, 'reminder', t),
        ],
      });
      await store.commitBatch({ slaSteps: [step(1, 'reminder', t + MIN, { recipientId: '005Z' })] });
      const steps = await store.getSlaSteps(['1:1', '2:1', '3:1']);
      expect([...steps.keys()].sort()).toEqual(['1:1', '2:1']);
      expect(steps.get('1:1')?.find((s) => s.step === 'reminder')).toMatchObject({ recipientId: '005A', decidedAt: at(t) });
      expect((await store.unappliedReassignments()).map((s) => [s.handoffKey, s.toOwnerId, s.dueAt])).toEqual([['1:1', '005B', at(t + 240 * MIN)]]);
      ctx.setNow(t + MIN);
      await store.markSlaStepsApplied(['1:1'], 'reassignment');
      expect(await store.unappliedReassignments()).toEqual([]);
      expect((await store.getSlaSteps(['1:1'])).get('1:1')?.find((s) => s.step === 'reassignment')?.appliedAt).toBe(at(t + MIN));
    });

    it('commits steps and their messages together, or neither', async () => {
      const store = ctx.store();
      const t = ctx.now();
      await expect(
        store.commitBatch({
          slaSteps: [step(1, 'reminder', t)],
          messages: [message(1, t, { key: '' })],
        }),
      ).rejects.toBeInstanceOf(RangeError);
      await expect(
        store.commitBatch({
          slaSteps: [step(1, 'reminder', t)],
          messages: [message(1, t)],
          // A NOT NULL violation raised by the database after the steps and messages were written.
          deadLetters: [{ stage: 'sla', code: null as unknown as string, message: 'm', hubspotId: '1' }],
        }),
      ).rejects.toBeInstanceOf(Error);
      expect((await store.getSlaSteps(['1:1'])).size).toBe(0);
      expect(await store.listMessages()).toEqual([]);
    });
  });
}
