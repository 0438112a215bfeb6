/**
 * Messages to people about leads (the notifier's outbox) and the SLA watch's steps. Unlike alerts,
 * each message goes to one person (or one channel), exactly once, and survives restarts: it is
 * written in the same transaction as the decision that caused it and sent later by a worker.
 */

/** What a message is about: a lead that just qualified, or one of the SLA watch's steps. */
export const MESSAGE_KINDS = ['qualified', 'reminder', 'escalation', 'reassignment'] as const;
export type MessageKind = (typeof MESSAGE_KINDS)[number];

/** Where it goes: a Slack direct message, a Slack channel post, an email, a Salesforce custom notification. */
export const MESSAGE_CHANNELS = ['slack', 'slack-channel', 'email', 'salesforce'] as const;
export type MessageChannel = (typeof MESSAGE_CHANNELS)[number];

/** What the message says. Holds the lead's name: blanked once the message is sent. */
export interface MessageBody {
  title: string;
  lines: string[];
  /** The lead's (or contact's) page in Salesforce. */
  link: string | null;
  /** The Salesforce record the notification opens (custom notifications need one). */
  targetId: string | null;
  /** The recipient's email address, for the email and Slack channels (looked up when decided). */
  to: string | null;
}

export interface OutboxMessageInput {
  /** Unique: a replayed decision enqueues nothing new. `<handoffKey>:<kind>:<channel>:<recipient>`. */
  key: string;
  kind: MessageKind;
  channel: MessageChannel;
  /** The Salesforce user told; null for a channel post. */
  recipientId: string | null;
  hubspotId: string | null;
  handoffKey: string | null;
  body: MessageBody;
  /** Not before: the start of the recipient's business hours, or the decision time for anyHour rules. */
  sendAfter: string;
}

export type OutboxStatus = 'pending' | 'sent' | 'failed';

export interface OutboxMessage extends Omit<OutboxMessageInput, 'body'> {
  id: number;
  /** Null once sent (or given up): the state keeps ids, not what was said. */
  body: MessageBody | null;
  status: OutboxStatus;
  /** Delivery attempts started, counting one that a kill interrupted. */
  attempts: number;
  /** When a worker may next try it: sendAfter, a retry's backoff, or the end of a claim. */
  nextAttemptAt: string;
  /** An error code, never a message (vendor messages can quote addresses). */
  lastError: string | null;
  createdAt: string;
  sentAt: string | null;
}

export interface OutboxQuery {
  status?: OutboxStatus;
  kind?: MessageKind;
  hubspotId?: string;
  handoffKey?: string;
  /** Keyset pagination by id. */
  afterId?: number;
  limit?: number;
}

export interface ClaimRequest {
  /** At most this many messages. */
  limit: number;
  /** The claim lasts this long: a worker killed mid-send leaves the message to be retried after it. */
  leaseMs: number;
}

export type DeliveryOutcome =
  | { id: number; outcome: 'sent' }
  | { id: number; outcome: 'retry'; nextAttemptAt: string; error: string }
  | { id: number; outcome: 'failed'; error: string };

/** The SLA watch's steps, each at most once per handoff episode. */
export const SLA_STEPS = ['reminder', 'escalation', 'reassignment'] as const;
export type SlaStepName = (typeof SLA_STEPS)[number];

export interface SlaStep {
  /** The Task's Handoff_Key__c: `<hubspotId>:<episode>`. */
  handoffKey: string;
  step: SlaStepName;
  hubspotId: string;
  taskId: string;
  decidedAt: string;
  /** The Task's owner when the step was decided. */
  ownerId: string | null;
  /** Who was told (the owner for a reminder, the manager for an escalation). */
  recipientId: string | null;
  /** Reassignment: the new owner, the new due time, and the Lead moved with the Task (null for a Contact). */
  toOwnerId: string | null;
  dueAt: string | null;
  leadId: string | null;
  /** Reassignment only: set once Salesforce has the new owner; null means it is still to be written. */
  appliedAt: string | null;
}

export type SlaStepInput = Omit<SlaStep, 'appliedAt'> & { appliedAt?: string | null };
