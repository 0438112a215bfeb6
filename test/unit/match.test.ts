import { describe, expect, it } from 'vitest';
import { dedupeContacts } from '../../src/core/dedupe.js';
import { matchContact, reviewOf } from '../../src/core/match.js';
import type { Lookup, SfContact, SfLead } from '../../src/core/match.js';
import { contact } from '../helpers/contact.js';

function lead(p: Partial<SfLead> & { Id: string }): SfLead {
  return { Email: null, OwnerId: '005A', IsConverted: false, ConvertedContactId: null, HubSpot_Contact_Id__c: null, CreatedDate: '2026-01-01T00:00:00.000+0000', ...p };
}
function sfContact(p: Partial<SfContact> & { Id: string }): SfContact {
  return { Email: null, OwnerId: '005B', AccountId: null, HubSpot_Contact_Id__c: null, CreatedDate: '2026-01-01T00:00:00.000+0000', ...p };
}
function lookup(leads: SfLead[], contacts: SfContact[] = []): Lookup {
  const l: Lookup = { leadsByKey: new Map(), leadsByEmail: new Map(), contactsByEmail: new Map(), contactsById: new Map() };
  const push = <T>(m: Map<string, T[]>, k: string | null, v: T) => {
    if (!k) return;
    m.set(k, [...(m.get(k) ?? []), v]);
  };
  for (const x of leads) {
    push(l.leadsByKey, x.HubSpot_Contact_Id__c, x);
    push(l.leadsByEmail, x.Email?.toLowerCase() ?? null, x);
  }
  for (const c of contacts) {
    push(l.contactsByEmail, c.Email?.toLowerCase() ?? null, c);
    l.contactsById.set(c.Id, c);
  }
  return l;
}

describe('matchContact', () => {
  const c = contact({ hubspotId: '101' });

  it('finds nothing and plans a new Lead', () => {
    expect(matchContact(c, lookup([])).kind).toBe('none');
  });

  it('uses a Lead already keyed with the contact id', () => {
    const m = matchContact(c, lookup([lead({ Id: '00Q1', HubSpot_Contact_Id__c: '101' })]));
    expect(m).toMatchObject({ kind: 'lead', leadId: '00Q1', keyed: true, rekeyFrom: null });
  });

  it('re-keys a Lead that carries a merged-away id', () => {
    const merged = contact({ hubspotId: '101', mergedIds: ['77'] });
    const m = matchContact(merged, lookup([lead({ Id: '00Q7', HubSpot_Contact_Id__c: '77' })]));
    expect(m).toMatchObject({ kind: 'lead', leadId: '00Q7', keyed: false, rekeyFrom: '77' });
  });

  it('stamps an unconverted Lead found by email instead of duplicating it', () => {
    const m = matchContact(c, lookup([lead({ Id: '00Q2', Email: 'P101@acme.com' })]));
    expect(m).toMatchObject({ kind: 'lead', leadId: '00Q2', keyed: false });
  });

  it('counts a converted Lead as its Contact, with the Contact owner', () => {
    const m = matchContact(
      c,
      lookup([lead({ Id: '00Q3', Email: 'p101@acme.com', IsConverted: true, ConvertedContactId: '003C' })], [sfContact({ Id: '003C', OwnerId: '005Z' })]),
    );
    expect(m).toMatchObject({ kind: 'contact', contactId: '003C', ownerId: '005Z' });
  });

  it('gives an existing Contact no new Lead', () => {
    const m = matchContact(c, lookup([lead({ Id: '00Q4', Email: 'p101@acme.com' })], [sfContact({ Id: '003D', Email: 'p101@acme.com' })]));
    expect(m).toMatchObject({ kind: 'contact', contactId: '003D' });
  });

  it('picks deterministically among several matches and says why', () => {
    const leads = [
      lead({ Id: '00Q9', Email: 'p101@acme.com', CreatedDate: '2026-03-01T00:00:00.000+0000' }),
      lead({ Id: '00Q8', Email: 'p101@acme.com', CreatedDate: '2026-02-01T00:00:00.000+0000' }),
    ];
    const a = matchContact(c, lookup(leads));
    const b = matchContact(c, lookup([...leads].reverse()));
    expect(a).toMatchObject({ kind: 'lead', leadId: '00Q8' });
    expect(b).toMatchObject({ kind: 'lead', leadId: '00Q8' });
    expect(a.reasons.join(' ')).toMatch(/2 unkeyed Leads matched; picked 00Q8/);
    // The one passed over goes on the review list with the pick.
    expect(reviewOf(a)).toEqual({ picked: { id: '00Q8', object: 'Lead' }, alternatives: [{ id: '00Q9', object: 'Lead' }] });
  });

  it('records every record an ambiguous email match passed over: other Contacts and open Leads, never a foreign-keyed or converted one', () => {
    const contacts = [sfContact({ Id: '003B', Email: 'p101@acme.com', CreatedDate: '2026-02-01T00:00:00.000+0000' }), sfContact({ Id: '003A', Email: 'p101@acme.com' })];
    const leads = [lead({ Id: '00QA', Email: 'p101@acme.com' }), lead({ Id: '00QF', Email: 'p101@acme.com', HubSpot_Contact_Id__c: '555' }), lead({ Id: '00QC', Email: 'p101@acme.com', IsConverted: true, ConvertedContactId: '003A' })];
    const m = matchContact(c, lookup(leads, contacts));
    expect(m).toMatchObject({ kind: 'contact', contactId: '003A' });
    expect(reviewOf(m)).toEqual({ picked: { id: '003A', object: 'Contact' }, alternatives: [{ id: '003B', object: 'Contact' }, { id: '00QA', object: 'Lead' }] });
    // One record: nothing to review.
    expect(reviewOf(matchContact(c, lookup([lead({ Id: '00Q2', Email: 'p101@acme.com' })])))).toBeNull();
    expect(reviewOf(matchContact(c, lookup([])))).toBeNull();
  });

  it('does not take over a Lead handed off for another HubSpot contact', () => {
    const m = matchContact(c, lookup([lead({ Id: '00Q5', Email: 'p101@acme.com', HubSpot_Contact_Id__c: '555' })]));
    expect(m.kind).toBe('conflict');
  });
});

describe('dedupeContacts', () => {
  const email = { original: 'x@acme.com', value: 'x@acme.com', valid: true, domain: 'acme.com', freeMail: false, disposable: false };

  it('keeps the oldest contact per email and reports the rest', () => {
    const older = contact({ hubspotId: '20', email, createdAt: '2025-01-01T00:00:00Z' });
    const newer = contact({ hubspotId: '10', email, createdAt: '2026-01-01T00:00:00Z' });
    const other = contact({ hubspotId: '30' });
    const { unique, duplicates } = dedupeContacts([newer, other, older, other]);
    expect(unique.map((u) => u.hubspotId).sort()).toEqual(['20', '30']);
    expect(duplicates).toEqual([{ hubspotId: '10', keptId: '20', reason: 'same email as HubSpot contact 20' }]);
  });

  it('in stream order the first contact of an email is kept, younger or not, and the order is kept for routing', () => {
    const newer = contact({ hubspotId: '10', email, createdAt: '2026-01-01T00:00:00Z' });
    const other = contact({ hubspotId: '30', createdAt: '2024-01-01T00:00:00Z' });
    const older = contact({ hubspotId: '20', email, createdAt: '2025-01-01T00:00:00Z' });
    const { unique, duplicates } = dedupeContacts([newer, other, older], new Map(), 'stream');
    expect(unique.map((u) => u.hubspotId)).toEqual(['10', '30']);
    expect(duplicates).toEqual([{ hubspotId: '20', keptId: '10', reason: 'same email as HubSpot contact 10' }]);
  });

  it('an email an earlier chunk kept makes every contact of it a duplicate, except the kept one read again', () => {
    const again = contact({ hubspotId: '10', email });
    const later = contact({ hubspotId: '40', email });
    const { unique, duplicates } = dedupeContacts([later, again], new Map([['x@acme.com', '10']]));
    expect(unique.map((u) => u.hubspotId)).toEqual(['10']);
    expect(duplicates).toEqual([{ hubspotId: '40', keptId: '10', reason: 'same email as HubSpot contact 10' }]);
  });
});
