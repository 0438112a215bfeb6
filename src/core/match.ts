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

export type Match =
  | { kind: 'lead'; leadId: string; ownerId: string | null; keyed: boolean; rekeyFrom: string | null; reasons: string[] }
  | { kind: 'contact'; contactId: string; ownerId: string | null; reasons: string[] }
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
    return { kind: 'lead', leadId: lead.Id, ownerId: lead.OwnerId, keyed: rekeyFrom === null, rekeyFrom, reasons };
  }

  const email = validEmail(contact);
  if (email) {
    const contacts = [...(lookup.contactsByEmail.get(email) ?? [])].sort(byAge);
    if (contacts.length > 0) {
      const c = contacts[0] as SfContact;
      const note = pickNote('Contacts', contacts.length, c.Id);
      return { kind: 'contact', contactId: c.Id, ownerId: c.OwnerId, reasons: [...(note ? [note] : []), `Contact ${c.Id} has this email`] };
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
      };
    }
    if (foreign.length > 0) {
      const lead = foreign[0] as SfLead;
      return { kind: 'conflict', reasons: [`Lead ${lead.Id} with this email is already handed off as HubSpot contact ${String(lead.HubSpot_Contact_Id__c)}`] };
    }
  }
  return { kind: 'none', reasons: ['no Lead or Contact in Salesforce'] };
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
