import { createHash } from 'node:crypto';
import type { RolloutConfig, RolloutSegment } from '../config/rollout.js';
import type { RoutingConfig } from '../config/routing.js';
import type { DecisionRecord } from '../domain/decision.js';
import type { SkipOp } from '../domain/plan.js';
import type { Contact } from '../domain/types.js';
import { territoryTeam } from './route.js';
import type { Evaluated } from './triage.js';

/**
 * What a rollout reads of a contact. `property` answers undefined when the value is not known (a
 * decision row keeps no arbitrary HubSpot property): the sweep then re-reads the contact to decide.
 */
export interface RolloutSubject {
  hubspotId: string;
  country: string | null;
  team: string | null;
  source: string | null;
  lifecycleStage: string | null;
  property(name: string): string | null | undefined;
  /** Membership of a HubSpot contact list; undefined when the members were not read. */
  inList(listId: string): boolean | undefined;
}

/** Each list's members, as read for this cycle (HubSpotSource.listMembers). */
export type ListMembers = ReadonlyMap<string, ReadonlySet<string>>;

/** Where a contact id falls in [0, 1): a stable hash, the same in every process, store and release. */
export function samplePoint(hubspotId: string): number {
  const hex = createHash('sha256').update(`handoff-rollout:${hubspotId}`).digest('hex').slice(0, 13);
  return parseInt(hex, 16) / 16 ** 13;
}

const fold = (v: string | null | undefined): string | null | undefined => (typeof v === 'string' ? v.trim().toLowerCase() : v);
const among = (value: string | null, list: readonly string[] | undefined): boolean => list === undefined || (value !== null && list.some((x) => fold(x) === fold(value)));

/** true, false, or undefined when a property the segment needs is not known. */
function inSegment(s: RolloutSubject, seg: RolloutSegment): boolean | undefined {
  if (!among(s.country, seg.country) || !among(s.team, seg.team) || !among(s.source, seg.source) || !among(s.lifecycleStage, seg.lifecycleStage)) return false;
  if (seg.list !== undefined) {
    const member = s.inList(seg.list);
    if (member !== true) return member;
  }
  if (seg.property === undefined) return true;
  const v = s.property(seg.property.name);
  if (v === undefined) return undefined;
  return v !== null && seg.property.values.some((x) => fold(x) === fold(v));
}

/**
 * Whether the rollout covers the contact (pure): its id in the sample share, and inside at least
 * one segment (or no segment listed). Undefined when only a value the subject does not know decides.
 */
export function inRollout(s: RolloutSubject, rollout: RolloutConfig): boolean | undefined {
  if (rollout.share < 1 && samplePoint(s.hubspotId) >= rollout.share) return false;
  if (rollout.segments.length === 0) return true;
  let unknown = false;
  for (const seg of rollout.segments) {
    const r = inSegment(s, seg);
    if (r === true) return true;
    if (r === undefined) unknown = true;
  }
  return unknown ? undefined : false;
}

/** True when the rollout covers everyone: nothing is held back. */
export function coversEveryone(rollout: RolloutConfig): boolean {
  return rollout.share >= 1 && rollout.segments.length === 0;
}

const membership = (lists: ListMembers | undefined, hubspotId: string) => (listId: string): boolean | undefined => lists?.get(listId)?.has(hubspotId);

export function subjectOfContact(c: Contact, routing: RoutingConfig, lists?: ListMembers): RolloutSubject {
  return {
    inList: membership(lists, c.hubspotId),
    hubspotId: c.hubspotId,
    country: c.country,
    team: territoryTeam(c, routing),
    source: c.leadSource,
    lifecycleStage: c.lifecycleStage,
    property: (name) => c.properties[name] ?? null,
  };
}

/** The subject as the decision table remembers it; HubSpot properties are unknown there. */
export function subjectOfDecision(d: DecisionRecord, routing: RoutingConfig, lists?: ListMembers): RolloutSubject {
  return {
    inList: membership(lists, d.hubspotId),
    hubspotId: d.hubspotId,
    country: d.country,
    team: territoryTeam({ country: d.country, state: d.state, employees: d.employees }, routing),
    source: d.source,
    lifecycleStage: d.lifecycleStage,
    property: () => undefined,
  };
}

/** The HubSpot properties a rollout's segments read, to ask for with every contact read. */
export function rolloutProperties(rollout: RolloutConfig): string[] {
  return [...new Set(rollout.segments.flatMap((s) => (s.property ? [s.property.name] : [])))];
}

/** The HubSpot lists a rollout's segments name, whose members are read once per cycle. */
export function rolloutLists(rollout: RolloutConfig): string[] {
  return [...new Set(rollout.segments.flatMap((s) => (s.list !== undefined ? [s.list] : [])))];
}

/** A canonical text of the rollout: when it differs from the one the last sweep saw, a sweep runs. */
export function rolloutSignature(rollout: RolloutConfig): string {
  return JSON.stringify({ share: rollout.share, segments: rollout.segments });
}

/** "10% of contacts, in segment country US or team emea", for reasons and the glossary. */
export function describeRollout(rollout: RolloutConfig): string {
  if (coversEveryone(rollout)) return 'every contact';
  const share = rollout.share >= 1 ? 'every contact' : `${String(Math.round(rollout.share * 10000) / 100)}% of contacts (by a stable hash of the contact id)`;
  if (rollout.segments.length === 0) return share;
  return `${share} inside at least one pilot segment: ${rollout.segments.map(describeSegment).join('; or ')}`;
}

function describeSegment(s: RolloutSegment): string {
  const parts: string[] = [];
  if (s.country) parts.push(`country ${s.country.join(' or ')}`);
  if (s.team) parts.push(`team ${s.team.join(' or ')}`);
  if (s.source) parts.push(`original source ${s.source.join(' or ')}`);
  if (s.lifecycleStage) parts.push(`lifecycle stage ${s.lifecycleStage.join(' or ')}`);
  if (s.property) parts.push(`HubSpot property ${s.property.name} ${s.property.values.join(' or ')}`);
  if (s.list !== undefined) parts.push(`member of HubSpot list ${s.list}`);
  return parts.join(' and ');
}

/** New handoffs split by the rollout (pure): those inside go on, those outside become skips. Refreshes of earlier handoffs are never held back. */
export function holdOutsideRollout(fresh: readonly Evaluated[], rollout: RolloutConfig, routing: RoutingConfig, lists?: ListMembers): { inside: Evaluated[]; outside: SkipOp[] } {
  if (coversEveryone(rollout)) return { inside: [...fresh], outside: [] };
  const inside: Evaluated[] = [];
  const outside: SkipOp[] = [];
  for (const e of fresh) {
    // A contact read from HubSpot knows every property the rollout asks for, and the lists it names were read: undefined cannot come back.
    if (inRollout(subjectOfContact(e.contact, routing, lists), rollout) === true) inside.push(e);
    else outside.push({ hubspotId: e.contact.hubspotId, kind: 'outside-rollout', reason: `outside the rollout (${describeRollout(rollout)})` });
  }
  return { inside, outside };
}
