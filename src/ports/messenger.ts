import type { MessageBody, MessageChannel, MessageKind } from '../domain/outbox.js';

/** One message ready to go out on one channel. */
export interface Envelope {
  /** The outbox id, for logs. */
  id: number;
  kind: MessageKind;
  channel: MessageChannel;
  /** The Salesforce user told; null for a channel post. */
  recipientId: string | null;
  body: MessageBody;
}

/**
 * Sends messages to people (Slack, email, Salesforce custom notifications). Implemented in
 * src/adapters/notify; a failed send throws a HandoffError whose code says whether to retry.
 */
export interface Messenger {
  /** The channels that can send: configured, and with their secrets set. */
  enabled(): ReadonlySet<MessageChannel>;
  send(envelope: Envelope, signal?: AbortSignal): Promise<void>;
}

/** A messenger with no channel: nothing is queued, nothing is sent. */
export function silentMessenger(): Messenger {
  return {
    enabled: () => new Set(),
    send: () => Promise.resolve(),
  };
}
