import { DateTime } from 'luxon';
import type { NotifyConfig } from '../config/notify.js';
import type { RoutingConfig } from '../config/routing.js';
import type { SlaConfig } from '../config/sla.js';
import type { MessageChannel, MessageKind, OutboxMessageInput } from '../domain/outbox.js';
import type { Person } from './sla-people.js';
import { nextBusinessTime, scheduleOf } from './sla-people.js';

/** What a message is about; the composer decides who hears of it, where and when. */
export interface MessageFacts {
  kind: MessageKind;
  tier: string | null;
  handoffKey: string;
  hubspotId: string;
  /** The Lead or Contact in Salesforce. */
  recordId: string | null;
  /** Its page in Salesforce. */
  link: string | null;
  /** The lead as people know it ("Ada Lovelace, Acme"); shown only on notify.nameLeadOn channels, in the body. */
  leadName: string | null;
  /** Lines that name nobody: why, which steps, record ids. */
  lines: string[];
  /** The due time shown, in each recipient's zone. */
  dueAt: string | null;
}

export interface ComposeContext {
  notify: NotifyConfig;
  /** Channels that can send; messages for others are not queued. */
  enabled: ReadonlySet<MessageChannel>;
  routing: RoutingConfig;
  sla: SlaConfig;
  now: Date;
}

// Titles become an email's subject, a Slack notification's preview and a Salesforce notification's
// title, which travel further than the message (mail logs, lock screens): they carry the handoff key,
// never the lead's name.
const TITLES: Record<MessageKind, (key: string) => string> = {
  qualified: (k) => `New lead for you: handoff ${k}`,
  reminder: (k) => `Past its SLA with no follow-up: handoff ${k}`,
  escalation: (k) => `Escalated: handoff ${k} is past its SLA with no follow-up`,
  reassignment: (k) => `Reassigned after its SLA ran out: handoff ${k}`,
};

/**
 * The outbox messages for one event (pure): one per matching rule's enabled channel and recipient,
 * keyed `<handoffKey>:<kind>:<channel>:<recipient>` so a replayed decision queues nothing new. A
 * message to a person waits for the start of their business hours unless the rule says anyHour;
 * a channel post goes at once. On the channels of notify.nameLeadOn the body's first line names the
 * lead and the message links to it in Salesforce; elsewhere it carries record ids only.
 */
export function composeMessages(facts: MessageFacts, recipients: readonly Person[], ctx: ComposeContext): OutboxMessageInput[] {
  const rules = ctx.notify.rules.filter((r) => r.on.includes(facts.kind) && (r.tiers.length === 0 || (facts.tier !== null && r.tiers.includes(facts.tier))));
  const out: OutboxMessageInput[] = [];
  const people = [...new Map(recipients.map((p) => [p.id, p])).values()];
  for (const rule of rules) {
    for (const channel of rule.channels) {
      if (!ctx.enabled.has(channel)) continue;
      const named = ctx.notify.nameLeadOn.includes(channel);
      const body = (to: string | null, zone: string) => ({
        title: TITLES[facts.kind](facts.handoffKey),
        lines: [
          ...(named && facts.leadName !== null ? [`Lead: ${facts.leadName}`] : []),
          ...facts.lines,
          ...(facts.dueAt === null ? [] : [`Due by ${localTime(facts.dueAt, zone)}`]),
        ],
        link: named ? facts.link : null,
        targetId: facts.recordId,
        to,
      });
      if (channel === 'slack-channel') {
        out.push(message(facts, channel, null, body(null, ctx.routing.fallback.timeZone), ctx.now));
        continue;
      }
      for (const p of people) {
        const schedule = scheduleOf(ctx.routing, ctx.sla, p);
        const sendAfter = rule.anyHour ? ctx.now : nextBusinessTime(ctx.now, schedule);
        out.push(message(facts, channel, p.id, body(p.email, schedule.timeZone), sendAfter));
      }
    }
  }
  return out;
}

function message(facts: MessageFacts, channel: MessageChannel, recipientId: string | null, body: OutboxMessageInput['body'], sendAfter: Date): OutboxMessageInput {
  return {
    key: `${facts.handoffKey}:${facts.kind}:${channel}:${recipientId ?? '-'}`,
    kind: facts.kind,
    channel,
    recipientId,
    hubspotId: facts.hubspotId,
    handoffKey: facts.handoffKey,
    body,
    sendAfter: sendAfter.toISOString(),
  };
}

function localTime(iso: string, zone: string): string {
  return DateTime.fromISO(iso, { zone }).toFormat("ccc d LLL yyyy HH:mm '('z')'");
}
