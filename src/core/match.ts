import type { Contact } from '../domain/types.js';
import { validEmail } from './dedupe.js';

/** Salesforce records as the lookup queries return them (SOQL field names). */
export interface SfLead {
  Id: string;
  Email: string | null;
  OwnerId: string | null;
  IsConverted: boolean;
  ConvertedContactId: string | null;
  HubSpot_Contact_Id__c: string | null;
  CreatedDate: string;
}

export interface SfContact {
  Id: string;
  Email: string | null;
  OwnerId: string | null;
  AccountId: string | null;
  HubSpot_Contact_Id__c: string | null;
  CreatedDate: string;
}

export interface Lookup {
  leadsByKey: Map<string, SfLead[]>;
  leadsByEmail: Map<string, SfLead[]>;
  contactsByEmail: Map<string, SfContact[]>;
  contactsById: Map<string, SfContact>;
}

export function emptyLookup(): Lookup {
  return { leadsByKey: new Map(), leadsByEmail: new Map(), contactsByEmail: new Map(), contactsById: new Map() };
}

/** A Salesforce record the documented order passed over for the one it picked. */
export interface Alternative {
  id: string;
  object: 'Lead' | 'Contact';
}

export type Match =
  | { kind: 'lead'; leadId: string; ownerId: string | null; keyed: boolean; rekeyFrom: string | null; reasons: string[]; alternatives?: Alternative[] }
  | { kind: 'contact'; contactId: string; ownerId: string | null; reasons: string[]; alternatives?: Alternative[] }
  | { kind: 'none'; reasons: string[] }
  | { kind: 'conflict'; reasons: string[] };

function byAge<T extends { CreatedDate: string; Id: string }>(a: T, b: T): number {
  return a.CreatedDate < b.CreatedDate ? -1 : a.CreatedDate > b.CreatedDate ? 1 : a.Id < b.Id ? -1 : a.Id > b.Id ? 1 : 0;
}

function pickNote(kind: string, n: number, chosen: string): string {
  return n > 1 ? `${n} ${kind} matched; picked ${chosen} (oldest first, then lowest Id)` : '';
}

/**
 * Decides what a qualified contact is in Salesforce. Order (docs/architecture.md, "Match"):
 * 1. a Lead keyed with this contact's id or an id merged into it (re-keyed to the winner);
 * 2. a Contact with the same email, or a converted Lead (counts as its ConvertedContactId);
 * 3. an unconverted Lead with the same email (updated by Id and stamped with the key);
 * 4. nothing: a new Lead.
 */
export function matchContact(contact: Contact, lookup: Lookup): Match {
  const reasons: string[] = [];
  const keys = [contact.hubspotId, ...contact.mergedIds];
  const keyed = keys.flatMap((k) => lookup.leadsByKey.get(k) ?? []);
  if (keyed.length > 0) {
    const sorted = [...keyed].sort((a, b) => {
      const own = Number(b.HubSpot_Contact_Id__c === contact.hubspotId) - Number(a.HubSpot_Contact_Id__c === contact.hubspotId);
      return own !== 0 ? own : byAge(a, b);
    });
    const lead = sorted[0] as SfLead;
    const note = pickNote('keyed Leads', keyed.length, lead.Id);
    if (note) reasons.push(note);
    if (lead.IsConverted) return convertedToContact(lead, lookup, [...reasons, `Lead ${lead.Id} was converted`]);
    const rekeyFrom = lead.HubSpot_Contact_Id__c !== contact.hubspotId ? lead.HubSpot_Contact_Id__c : null;
    reasons.push(rekeyFrom ? `Lead ${lead.Id} carries merged-away id ${rekeyFrom}; re-keyed to ${contact.hubspotId}` : `Lead ${lead.Id} already keyed`);
    return { kind: 'lead', leadId: lead.Id, ownerId: lead.OwnerId, keyed: rekeyFrom === null, rekeyFrom, reasons, ...others(lead.Id, sorted.slice(1).filter((l) => !l.IsConverted), []) };
  }

  const email = validEmail(contact);
  if (email) {
    const contacts = [...(lookup.contactsByEmail.get(email) ?? [])].sort(byAge);
    if (contacts.length > 0) {
      const c = contacts[0] as SfContact;
      const note = pickNote('Contacts', contacts.length, c.Id);
      const openLeads = (lookup.leadsByEmail.get(email) ?? []).filter((l) => !l.IsConverted && (!l.HubSpot_Contact_Id__c || keys.includes(l.HubSpot_Contact_Id__c)));
      return { kind: 'contact', contactId: c.Id, ownerId: c.OwnerId, reasons: [...(note ? [note] : []), `Contact ${c.Id} has this email`], ...others(c.Id, openLeads, contacts.slice(1)) };
    }
    const leads = [...(lookup.leadsByEmail.get(email) ?? [])].sort(byAge);
    const converted = leads.find((l) => l.IsConverted && l.ConvertedContactId);
    if (converted) return convertedToContact(converted, lookup, [`converted Lead ${converted.Id} has this email`]);
    const open = leads.filter((l) => !l.IsConverted);
    const foreign = open.filter((l) => l.HubSpot_Contact_Id__c && !keys.includes(l.HubSpot_Contact_Id__c));
    const free = open.filter((l) => !l.HubSpot_Contact_Id__c);
    if (free.length > 0) {
      const lead = free[0] as SfLead;
      const note = pickNote('unkeyed Leads', free.length, lead.Id);
      return {
        kind: 'lead',
        leadId: lead.Id,
        ownerId: lead.OwnerId,
        keyed: false,
        rekeyFrom: null,
        reasons: [...(note ? [note] : []), `Lead ${lead.Id} has this email; stamped with the HubSpot id`],
        ...others(lead.Id, free.slice(1), []),
      };
    }
    if (foreign.length > 0) {
      const lead = foreign[0] as SfLead;
      return { kind: 'conflict', reasons: [`Lead ${lead.Id} with this email is already handed off as HubSpot contact ${String(lead.HubSpot_Contact_Id__c)}`] };
    }
  }
  return { kind: 'none', reasons: ['no Lead or Contact in Salesforce'] };
}

/** What the review list keeps of an ambiguous match: the record picked and the ones passed over; null when nothing was passed over. */
export function reviewOf(m: Match | undefined): { picked: Alternative; alternatives: Alternative[] } | null {
  if (m === undefined || (m.kind !== 'lead' && m.kind !== 'contact') || !m.alternatives) return null;
  const picked: Alternative = m.kind === 'lead' ? { id: m.leadId, object: 'Lead' } : { id: m.contactId, object: 'Contact' };
  return { picked, alternatives: m.alternatives };
}

/**
 * The match to the record a reviewer picked (`handoff review resolve`), from the same lookup as any
 * match: a Contact with the contact's email, or an open Lead not keyed to another HubSpot contact.
 * Null when the lookup no longer holds such a record (deleted, converted, or taken by another contact).
 */
export function matchPicked(contact: Contact, lookup: Lookup, pick: Alternative): Match | null {
  const reasons = [`${pick.object} ${pick.id} picked in review`];
  if (pick.object === 'Contact') {
    const c = [...lookup.contactsByEmail.values()].flat().find((x) => x.Id === pick.id);
    return c ? { kind: 'contact', contactId: c.Id, ownerId: c.OwnerId, reasons } : null;
  }
  const keys = [contact.hubspotId, ...contact.mergedIds];
  const lead = [...lookup.leadsByEmail.values(), ...lookup.leadsByKey.values()].flat().find((x) => x.Id === pick.id);
  if (!lead || lead.IsConverted || (lead.HubSpot_Contact_Id__c !== null && !keys.includes(lead.HubSpot_Contact_Id__c))) return null;
  const keyed = lead.HubSpot_Contact_Id__c === contact.hubspotId;
  return { kind: 'lead', leadId: lead.Id, ownerId: lead.OwnerId, keyed, rekeyFrom: keyed ? null : lead.HubSpot_Contact_Id__c, reasons };
}

/** The records passed over, when there were any: the match is ambiguous and goes on the review list. */
function others(picked: string, leads: readonly SfLead[], contacts: readonly SfContact[]): { alternatives?: Alternative[] } {
  const alternatives: Alternative[] = [
    ...contacts.filter((c) => c.Id !== picked).map((c) => ({ id: c.Id, object: 'Contact' as const })),
    ...leads.filter((l) => l.Id !== picked).map((l) => ({ id: l.Id, object: 'Lead' as const })),
  ];
  return alternatives.length > 0 ? { alternatives } : {};
}

function convertedToContact(lead: SfLead, lookup: Lookup, reasons: string[]): Match {
  const contactId = lead.ConvertedContactId;
  if (!contactId) return { kind: 'conflict', reasons: [...reasons, 'but has no ConvertedContactId'] };
  const contact = lookup.contactsById.get(contactId);
  return {
    kind: 'contact',
    contactId,
    ownerId: contact?.OwnerId ?? lead.OwnerId,
    reasons: [...reasons, `counts as its Contact ${contactId}`],
  };
}
