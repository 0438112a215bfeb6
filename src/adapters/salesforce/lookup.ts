import type { Contact } from '../../domain/types.js';
import { emptyLookup } from '../../core/match.js';
import { validEmail } from '../../core/dedupe.js';
import type { Lookup, SfContact, SfLead } from '../../core/match.js';
import { chunk } from '../../lib/chunk.js';
import type { SalesforceGateway } from './gateway.js';
import { soqlIn } from './soql.js';

const LEAD_FIELDS = 'Id, Email, OwnerId, IsConverted, ConvertedContactId, HubSpot_Contact_Id__c, CreatedDate';
const CONTACT_FIELDS = 'Id, Email, OwnerId, AccountId, HubSpot_Contact_Id__c, CreatedDate';
/** Lookups per /composite request: three queries for each 200 contacts keeps URLs and IN lists small. */
export const LOOKUP_CHUNK = 200;

function push<T>(map: Map<string, T[]>, key: string | null | undefined, value: T): void {
  if (!key) return;
  const list = map.get(key);
  if (list) list.push(value);
  else map.set(key, [value]);
}

/**
 * Finds existing Leads (by handoff key, including merged-away ids, and by email, converted or not)
 * and Contacts (by email, and the Contacts converted Leads point to). Each chunk of 200 contacts is
 * one /composite request carrying the queries; converted Leads' Contacts not found by email cost
 * one more query.
 */
export async function lookupExisting(gateway: SalesforceGateway, contacts: readonly Contact[]): Promise<Lookup> {
  const lookup = emptyLookup();
  for (const part of chunk(contacts, LOOKUP_CHUNK)) {
    const keys = [...new Set(part.flatMap((c) => [c.hubspotId, ...c.mergedIds]))];
    const emails = [...new Set(part.flatMap((c) => validEmail(c) ?? []))];
    const queries: Record<string, string> = {
      leadsByKey: `SELECT ${LEAD_FIELDS} FROM Lead WHERE HubSpot_Contact_Id__c IN ${soqlIn(keys)}`,
    };
    if (emails.length > 0) {
      queries.leadsByEmail = `SELECT ${LEAD_FIELDS} FROM Lead WHERE Email IN ${soqlIn(emails)}`;
      queries.contactsByEmail = `SELECT ${CONTACT_FIELDS} FROM Contact WHERE Email IN ${soqlIn(emails)}`;
    }
    const res = await gateway.queries(queries);
    for (const l of (res.leadsByKey ?? []) as unknown as SfLead[]) push(lookup.leadsByKey, l.HubSpot_Contact_Id__c, l);
    for (const l of (res.leadsByEmail ?? []) as unknown as SfLead[]) push(lookup.leadsByEmail, l.Email?.toLowerCase(), l);
    for (const c of (res.contactsByEmail ?? []) as unknown as SfContact[]) {
      push(lookup.contactsByEmail, c.Email?.toLowerCase(), c);
      lookup.contactsById.set(c.Id, c);
    }
  }
  const convertedTo = new Set<string>();
  for (const list of [...lookup.leadsByKey.values(), ...lookup.leadsByEmail.values()]) {
    for (const l of list) if (l.IsConverted && l.ConvertedContactId && !lookup.contactsById.has(l.ConvertedContactId)) convertedTo.add(l.ConvertedContactId);
  }
  for (const ids of chunk([...convertedTo], LOOKUP_CHUNK)) {
    const rows = await gateway.query<Record<string, unknown>>(`SELECT ${CONTACT_FIELDS} FROM Contact WHERE Id IN ${soqlIn(ids)}`);
    for (const c of rows as unknown as SfContact[]) lookup.contactsById.set(c.Id, c);
  }
  return lookup;
}
