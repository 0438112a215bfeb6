import type { HubSpotAssociation, HubSpotObject } from '../shared/dataset.js';
import type { ContactDraft, Segment } from './contacts.js';
import type { EngagementKind, Subject } from './engagement-content.js';
import { MIX, callProps, emailProps, meetingProps, noteProps } from './engagement-content.js';
import type { Rep } from './owners.js';
import type { Rng } from './random.js';
import { DAY_MS, HOUR_MS, MINUTE_MS, YEAR_MS, iso } from './time.js';

/**
 * Relative activity per segment: most contacts get none or one, an engaged minority a dozen or more. The
 * weights are scaled so the dataset's mean comes out at the requested average.
 */
const WEIGHT: Record<Segment, number> = { cold: 0.4, warm: 3, engaged: 15 };

interface EngagementDraft {
  kind: EngagementKind;
  contact: number;
  createdMs: number;
  props: Record<string, string | null>;
}

export interface EngagementSet {
  emails: HubSpotObject[];
  calls: HubSpotObject[];
  meetings: HubSpotObject[];
  notes: HubSpotObject[];
  associations: HubSpotAssociation[];
}

function subjectOf(d: ContactDraft): Subject {
  const first = d.person.firstName;
  return { first, company: d.company.name };
}

function ownerFor(rng: Rng, d: ContactDraft, reps: readonly Rep[]): string | null {
  if (d.ownerId && rng.chance(0.85)) return d.ownerId;
  return d.ownerId !== null || rng.chance(0.6) ? rng.pick(reps).ownerId : null;
}

/** Activity timestamps: inside the contact's life and the past year; engaged contacts' activity bunches up recently. */
function draftFor(rng: Rng, d: ContactDraft, index: number, reps: readonly Rep[], nowMs: number, scale: number): EngagementDraft[] {
  const count = rng.poisson(WEIGHT[d.segment] * scale);
  if (count === 0) return [];
  const lo = Math.max(d.createdMs, nowMs - YEAR_MS + HOUR_MS);
  const hi = Math.max(lo, d.modifiedMs);
  const subject = subjectOf(d);
  const out: EngagementDraft[] = [];
  for (let i = 0; i < count; i += 1) {
    const u = rng.next();
    const at = Math.floor(d.segment === 'engaged' ? hi - (hi - lo) * u * u : lo + (hi - lo) * u);
    // Most activity is logged as it happens; some is logged hours or days later, never after the contact last changed.
    const lag = rng.chance(0.7) ? rng.next() * 5 * MINUTE_MS : rng.chance(0.85) ? rng.next() * 2 * DAY_MS : rng.next() * 14 * DAY_MS;
    const createdMs = Math.floor(Math.min(hi, at + lag));
    const modifiedMs = rng.chance(0.8) ? createdMs : Math.floor(createdMs + rng.next() * (hi - createdMs));
    const kind = rng.weighted(MIX[d.segment]);
    const own =
      kind === 'emails' ? emailProps(rng, d.segment, subject)
      : kind === 'calls' ? callProps(rng, d.segment, subject)
      : kind === 'meetings' ? meetingProps(rng, d.segment, subject, at)
      : noteProps(rng, subject);
    out.push({
      kind,
      contact: index,
      createdMs,
      props: {
        hs_timestamp: iso(at),
        hs_createdate: iso(createdMs),
        hs_lastmodifieddate: iso(modifiedMs),
        hubspot_owner_id: ownerFor(rng, d, reps),
        ...own,
      },
    });
  }
  return out;
}

/**
 * Engagements for every contact, ids ascending in creation order (as HubSpot's are), and one association
 * row per engagement → contact pair.
 */
export function buildEngagements(
  rng: Rng,
  drafts: readonly ContactDraft[],
  contactIds: readonly string[],
  reps: readonly Rep[],
  nowMs: number,
  average: number,
): EngagementSet {
  let totalWeight = 0;
  for (const d of drafts) totalWeight += WEIGHT[d.segment];
  const scale = totalWeight > 0 ? (average * drafts.length) / totalWeight : 0;
  const all: EngagementDraft[] = [];
  drafts.forEach((d, index) => {
    for (const e of draftFor(rng, d, index, reps, nowMs, scale)) all.push(e);
  });
  // Array.prototype.sort is stable, so equal creation times keep generation order.
  all.sort((a, b) => a.createdMs - b.createdMs);
  const set: EngagementSet = { emails: [], calls: [], meetings: [], notes: [], associations: [] };
  let nextId = 20_000_000_000 + rng.int(0, 900_000_000);
  for (const e of all) {
    nextId += rng.int(1, 9);
    const id = String(nextId);
    const contactId = contactIds[e.contact];
    if (contactId === undefined) throw new Error(`engagement for unknown contact #${e.contact}`);
    const createdAt = e.props.hs_createdate ?? iso(e.createdMs);
    const updatedAt = e.props.hs_lastmodifieddate ?? createdAt;
    set[e.kind].push({ id, properties: { hs_object_id: id, ...e.props }, createdAt, updatedAt, archived: false });
    set.associations.push({ fromType: e.kind, fromId: id, toType: 'contacts', toId: contactId });
  }
  return set;
}
