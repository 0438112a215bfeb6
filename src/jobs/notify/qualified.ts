import { composeMessages } from '../../core/notify-compose.js';
import type { Person } from '../../core/sla-people.js';
import type { OutboxMessageInput } from '../../domain/outbox.js';
import type { SalesforceUser } from '../../domain/salesforce.js';
import type { Evaluated } from '../../core/triage.js';
import type { TaskOutcome } from '../../ports/salesforce.js';
import type { Deps } from '../deps.js';

/** A handoff whose Task this batch created: what the owner is told. */
export interface NewHandoff {
  hubspotId: string;
  handoffKey: string;
  /** The Lead or Contact the Task is on. */
  whoId: string;
  ownerId: string | null;
  tier: string | null;
  dueAt: string | null;
  /** "Ada Lovelace, Acme": shown only on notify.nameLeadOn channels. */
  leadName: string | null;
  /** Why it qualified, the top reasons first. */
  reasons: string[];
}

/**
 * The `qualified` messages for the handoffs a batch created (pure apart from reading config): one
 * per rule that covers the tier, to the Task's owner, committed with the handoff itself. Empty when
 * no rule asks for them or no channel can send.
 */
export function qualifiedMessages(deps: Pick<Deps, 'config' | 'messenger'>, users: readonly SalesforceUser[], handoffs: readonly NewHandoff[], now: Date, instanceUrl: string | null): OutboxMessageInput[] {
  const notify = deps.config.handoff.notify;
  if (!notify.rules.some((r) => r.on.includes('qualified')) || deps.messenger.enabled().size === 0) return [];
  const byId = new Map(users.map((u) => [u.Id, u]));
  const out: OutboxMessageInput[] = [];
  for (const h of handoffs) {
    const u = h.ownerId === null ? undefined : byId.get(h.ownerId);
    const owner: Person[] = u === undefined ? [] : [{ id: u.Id, username: u.Username, email: u.Email ?? '', isActive: u.IsActive, timeZone: u.TimeZoneSidKey ?? '' }];
    out.push(
      ...composeMessages(
        {
          kind: 'qualified',
          tier: h.tier,
          handoffKey: h.handoffKey,
          hubspotId: h.hubspotId,
          recordId: h.whoId,
          link: instanceUrl === null ? null : `${instanceUrl}/${h.whoId}`,
          leadName: h.leadName,
          lines: [...(h.tier === null ? [] : [`Tier: ${h.tier}`]), ...h.reasons.slice(0, 3).map((r) => `Why: ${r}`), `Handoff ${h.handoffKey}, ${h.whoId}`],
          dueAt: h.dueAt,
        },
        owner.filter((p) => p.email !== ''),
        { notify, enabled: deps.messenger.enabled(), routing: deps.config.routing, sla: deps.config.sla, now },
      ),
    );
  }
  return out;
}

/** What a created Task tells its owner: who, why (the top reasons of the score), by when. */
export function newHandoff(t: TaskOutcome, e: Evaluated): NewHandoff {
  const r = t.op.record;
  const name = [e.contact.firstName, e.contact.lastName].filter((x) => x !== null && x !== '').join(' ');
  const top = [...e.score.reasons].sort((a, b) => Math.abs(b.points) - Math.abs(a.points)).map((x) => x.label);
  return {
    hubspotId: t.hubspotId,
    handoffKey: t.op.handoffKey,
    whoId: t.whoId,
    ownerId: typeof r.OwnerId === 'string' ? r.OwnerId : null,
    tier: typeof r.Handoff_SLA_Tier__c === 'string' ? r.Handoff_SLA_Tier__c : null,
    dueAt: typeof r.Handoff_SLA_Due__c === 'string' ? r.Handoff_SLA_Due__c : null,
    leadName: name === '' ? null : e.contact.company ? `${name}, ${e.contact.company}` : name,
    reasons: top,
  };
}
