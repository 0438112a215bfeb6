import type { OutboxMessageInput, SlaStep, SlaStepInput } from '../../domain/outbox.js';
import { MESSAGE_CHANNELS, MESSAGE_KINDS, SLA_STEPS } from '../../domain/outbox.js';
import { iso } from './sql/values.js';

/** Outbox and SLA-step input → canonical rows (ISO times, one row per key), before any SQL. */
export function messageRows(messages: readonly OutboxMessageInput[]): OutboxMessageInput[] {
  const byKey = new Map<string, OutboxMessageInput>();
  for (const m of messages) {
    if (typeof m.key !== 'string' || m.key.trim() === '') throw new RangeError('a message needs a key');
    if (!MESSAGE_KINDS.includes(m.kind)) throw new RangeError(`unknown message kind ${String(m.kind)}`);
    if (!MESSAGE_CHANNELS.includes(m.channel)) throw new RangeError(`unknown message channel ${String(m.channel)}`);
    // The first decision for a key wins, as it would against a row already stored.
    if (!byKey.has(m.key)) byKey.set(m.key, { ...m, sendAfter: iso(m.sendAfter) });
  }
  return [...byKey.values()];
}

export function slaStepRows(steps: readonly SlaStepInput[]): SlaStep[] {
  const byKey = new Map<string, SlaStep>();
  for (const s of steps) {
    if (!SLA_STEPS.includes(s.step)) throw new RangeError(`unknown SLA step ${String(s.step)}`);
    if (s.handoffKey.trim() === '') throw new RangeError('an SLA step needs a handoff key');
    const key = `${s.handoffKey}\u0000${s.step}`;
    if (byKey.has(key)) continue;
    byKey.set(key, {
      ...s,
      decidedAt: iso(s.decidedAt),
      dueAt: s.dueAt === null ? null : iso(s.dueAt),
      appliedAt: s.appliedAt == null ? null : iso(s.appliedAt),
    });
  }
  return [...byKey.values()];
}
