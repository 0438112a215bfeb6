import { HandoffError } from '../../domain/errors.js';
import type { DeliveryOutcome, OutboxMessage } from '../../domain/outbox.js';
import type { Fence } from '../../domain/state.js';
import { isTransient } from '../../domain/policy.js';
import { backoffMs, withRetry } from '../../lib/retry.js';
import type { Deps } from '../deps.js';

export interface DeliverOptions {
  /** The lease the sending process holds; every claim and mark is fenced by it. */
  fence?: Fence;
  signal?: AbortSignal;
  /** Stop after this many claims (a daemon pass leaves the rest for the next). */
  maxBatches?: number;
}

export interface DeliveryReport {
  sent: number;
  retrying: number;
  failed: number;
}

/** Backoff between passes for a message whose channel keeps failing: 1 minute doubling to 1 hour. */
const PASS_BACKOFF = { baseMs: 60_000, maxMs: 3_600_000 } as const;

/**
 * The notifier's worker. Claims the messages due now (their send time reached, their backoff
 * passed), sends each through the one retry layer, and marks it at once: sent (its text blanked),
 * due again after a backoff, or failed for good (a permanent refusal, or maxAttempts used).
 *
 * Exactly once, with one window: a claim counts an attempt and hides the message for
 * `notify.worker.claimSeconds`. A process killed after a channel accepted a message but before its
 * mark landed leaves it pending; once the claim runs out, or at once when the next holder of the
 * same job lease claims (a later fencing token), it is sent again: at most once per kill.
 */
export async function deliverMessages(deps: Deps, options: DeliverOptions = {}): Promise<DeliveryReport> {
  const { worker } = deps.config.handoff.notify;
  const write = options.fence === undefined ? {} : { fence: options.fence };
  const report: DeliveryReport = { sent: 0, retrying: 0, failed: 0 };
  for (let batch = 0; batch < (options.maxBatches ?? Number.POSITIVE_INFINITY); batch++) {
    options.signal?.throwIfAborted();
    const claimed = await deps.state.claimMessages({ limit: worker.batchSize, leaseMs: worker.claimSeconds * 1000 }, write);
    if (claimed.length === 0) break;
    for (const message of claimed) {
      const outcome = await deliverOne(deps, message, options.signal);
      await deps.state.finishMessages([outcome], write);
      if (outcome.outcome === 'sent') report.sent += 1;
      else if (outcome.outcome === 'retry') report.retrying += 1;
      else report.failed += 1;
      deps.logger.info('notify message', {
        messageId: message.id,
        kind: message.kind,
        channel: message.channel,
        recipientId: message.recipientId,
        hubspotId: message.hubspotId,
        outcome: outcome.outcome,
        attempt: message.attempts,
        ...(outcome.outcome === 'sent' ? {} : { code: outcome.error }),
      });
    }
  }
  return report;
}

async function deliverOne(deps: Deps, message: OutboxMessage, signal: AbortSignal | undefined): Promise<DeliveryOutcome> {
  const { worker } = deps.config.handoff.notify;
  if (message.body === null) return { id: message.id, outcome: 'failed', error: 'NO_BODY' };
  const body = message.body;
  try {
    await withRetry(() => deps.messenger.send({ id: message.id, kind: message.kind, channel: message.channel, recipientId: message.recipientId, body }, signal), {
      clock: deps.clock,
      retries: 2,
      baseDelayMs: 1_000,
      maxDelayMs: 15_000,
      ...(signal === undefined ? {} : { signal }),
      mapError: (err) => (err instanceof HandoffError ? err : new HandoffError('UNKNOWN', 'notify send failed', { system: 'notify' })),
    });
    return { id: message.id, outcome: 'sent' };
  } catch (err) {
    if (signal?.aborted === true) throw err;
    const e = err instanceof HandoffError ? err : new HandoffError('UNKNOWN', 'notify send failed', { system: 'notify' });
    const error = e.vendorCode === undefined ? e.code : `${e.code}:${e.vendorCode}`;
    if (!isTransient(e.code) || message.attempts >= worker.maxAttempts) return { id: message.id, outcome: 'failed', error };
    const waitMs = e.retryAfterMs ?? backoffMs(message.attempts, PASS_BACKOFF.baseMs, PASS_BACKOFF.maxMs);
    return { id: message.id, outcome: 'retry', nextAttemptAt: new Date(deps.clock.now() + waitMs).toISOString(), error };
  }
}
