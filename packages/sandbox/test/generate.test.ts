import { createHash } from 'node:crypto';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { parsePhoneNumberFromString } from 'libphonenumber-js/max';
import type { CountryCode } from 'libphonenumber-js/max';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { HubSpotStore } from '../src/hubspot/store.js';
import { normalizeId } from '../src/salesforce/ids.js';
import { SalesforceStore } from '../src/salesforce/store.js';
import { SandboxClock } from '../src/shared/clock.js';
import { datasetSchema } from '../src/shared/dataset.js';
import type { Dataset, HubSpotObject } from '../src/shared/dataset.js';
import { CALL_OUTCOMES, generateDataset, readDataset, salesforceId, writeDataset } from '../src/generate/index.js';

const NOW = new Date('2026-05-01T00:00:00.000Z');
const NOW_MS = NOW.getTime();
const DAY = 86_400_000;
const N = 2000;
const FREE = new Set(['gmail.com', 'yahoo.com', 'hotmail.com', 'outlook.com', 'icloud.com', 'aol.com', 'live.com', 'gmx.de', 'web.de', 'orange.fr', 'free.fr', 'uol.com.br', 'yahoo.co.jp', 'libero.it']);
const DISPOSABLE = new Set(['mailinator.com', '10minutemail.com', 'guerrillamail.com', 'yopmail.com', 'trashmail.com', 'sharklasers.com', 'temp-mail.org', 'maildrop.cc']);
const VALID_EMAIL = /^[^\s@]+@[^\s@]+\.[^\s@]+$/;
const PHONE_COUNTRIES: CountryCode[] = ['US', 'GB', 'DE', 'FR', 'ES', 'IT', 'NL', 'SE', 'BR', 'JP', 'AU', 'IN'];

const hash = (ds: Dataset): string => createHash('sha256').update(JSON.stringify(ds)).digest('hex');
const norm = (email: string | null | undefined): string => (email ?? '').trim().toLowerCase();
const share = (part: number, whole: number): number => part / whole;
const prop = (o: HubSpotObject, name: string): string | null => o.properties[name] ?? null;

let ds: Dataset;
let contacts: HubSpotObject[];
let engagements: (HubSpotObject & { type: string })[];

beforeAll(() => {
  ds = generateDataset({ contacts: N, seed: 7, now: NOW });
  contacts = ds.hubspot.contacts;
  engagements = (['emails', 'calls', 'meetings', 'notes'] as const).flatMap((type) => ds.hubspot[type].map((e) => ({ ...e, type })));
});

describe('generateDataset: format and determinism', () => {
  it('validates against the dataset schema', () => {
    const result = datasetSchema.safeParse(ds);
    expect(result.success, result.success ? '' : JSON.stringify(result.error.issues.slice(0, 5))).toBe(true);
    expect(ds.version).toBe(1);
    expect(contacts).toHaveLength(N);
  });

  it('is byte-identical for the same seed and differs for another seed', () => {
    const a = generateDataset({ contacts: 300, seed: 99, now: NOW });
    const b = generateDataset({ contacts: 300, seed: 99, now: NOW });
    const c = generateDataset({ contacts: 300, seed: 100, now: NOW });
    expect(JSON.stringify(a)).toBe(JSON.stringify(b));
    expect(hash(a)).toBe(hash(b));
    expect(hash(c)).not.toBe(hash(a));
    expect(c.hubspot.contacts[0]?.properties.email).not.toBe(a.hubspot.contacts[0]?.properties.email);
    expect(c.salesforce.Lead[0]?.Id).not.toBe(a.salesforce.Lead[0]?.Id);
  });

  it('defaults now to the start of the current UTC day', () => {
    const ds2 = generateDataset({ contacts: 50, seed: 1 });
    const latest = Math.max(...ds2.hubspot.contacts.map((c) => Date.parse(c.updatedAt)));
    const today = new Date();
    expect(latest).toBeLessThanOrEqual(Date.UTC(today.getUTCFullYear(), today.getUTCMonth(), today.getUTCDate()));
    expect(latest).toBeGreaterThan(Date.now() - 40 * DAY);
  });

  it('rejects nonsense options', () => {
    expect(() => generateDataset({ contacts: -1, seed: 1 })).toThrow(RangeError);
    expect(() => generateDataset({ contacts: 10, seed: 1.5 })).toThrow(RangeError);
    expect(() => generateDataset({ contacts: 10, seed: 1, leadOverlap: 2 })).toThrow(/leadOverlap/);
  });

  it('loads into both sandbox stores without unknown fields or object types', () => {
    const clock = new SandboxClock();
    clock.set(NOW_MS, true);
    const hubspot = new HubSpotStore(clock);
    expect(() => hubspot.load(ds.hubspot)).not.toThrow();
    expect(hubspot.stats().contacts.total).toBe(N);
    const salesforce = new SalesforceStore(clock);
    expect(() => salesforce.load(ds.salesforce)).not.toThrow();
  });
});

describe('generateDataset: HubSpot contacts', () => {
  const REQUIRED = [
    'hs_object_id', 'email', 'firstname', 'lastname', 'phone', 'company', 'website', 'jobtitle', 'country', 'state', 'city', 'industry',
    'numemployees', 'lifecyclestage', 'hs_analytics_source', 'hubspot_owner_id', 'createdate', 'lastmodifieddate',
  ];

  it('gives every contact the standard properties, mirrored timestamps and unique ids', () => {
    for (const c of contacts) {
      for (const key of REQUIRED) expect(Object.hasOwn(c.properties, key), `${c.id} lacks ${key}`).toBe(true);
      expect(prop(c, 'hs_object_id')).toBe(c.id);
      expect(c.createdAt).toBe(prop(c, 'createdate'));
      expect(c.updatedAt).toBe(prop(c, 'lastmodifieddate'));
      expect(c.updatedAt).toMatch(/^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d{3}Z$/);
      expect(Date.parse(c.createdAt)).toBeLessThanOrEqual(Date.parse(c.updatedAt));
    }
    expect(new Set(contacts.map((c) => c.id)).size).toBe(N);
  });

  it('spreads lastmodifieddate over the past year with 30-50% in the last 30 days', () => {
    const ages = contacts.map((c) => NOW_MS - Date.parse(c.updatedAt));
    expect(Math.min(...ages)).toBeGreaterThanOrEqual(0);
    expect(Math.max(...ages)).toBeLessThanOrEqual(365 * DAY);
    const recent = share(ages.filter((a) => a <= 30 * DAY).length, N);
    expect(recent).toBeGreaterThan(0.3);
    expect(recent).toBeLessThan(0.5);
    expect(share(ages.filter((a) => a > 180 * DAY).length, N)).toBeGreaterThan(0.1);
  });

  it('has ~3% duplicates: the same address in another case or with whitespace, under different ids', () => {
    const groups = new Map<string, HubSpotObject[]>();
    for (const c of contacts) {
      const key = norm(prop(c, 'email'));
      if (VALID_EMAIL.test(key)) groups.set(key, [...(groups.get(key) ?? []), c]);
    }
    const dupGroups = [...groups.values()].filter((g) => g.length > 1);
    const extra = dupGroups.reduce((sum, g) => sum + g.length - 1, 0);
    expect(share(extra, N)).toBeGreaterThan(0.01);
    expect(share(extra, N)).toBeLessThan(0.06);
    const rawDiffers = dupGroups.filter((g) => new Set(g.map((c) => prop(c, 'email'))).size === g.length);
    expect(rawDiffers.length).toBe(dupGroups.length);
  });

  it('has ~1% merge winners whose losers are absent, and a few archived contacts', () => {
    const ids = new Set(contacts.map((c) => c.id));
    const winners = contacts.filter((c) => prop(c, 'hs_merged_object_ids'));
    expect(share(winners.length, N)).toBeGreaterThan(0.003);
    expect(share(winners.length, N)).toBeLessThan(0.025);
    const losers = winners.flatMap((c) => (prop(c, 'hs_merged_object_ids') ?? '').split(';'));
    for (const id of losers) {
      expect(id).toMatch(/^\d+$/);
      expect(ids.has(id)).toBe(false);
    }
    expect(winners.some((c) => prop(c, 'hs_merged_object_ids')?.includes(';'))).toBe(true);
    for (const c of winners) {
      expect(prop(c, 'hs_calculated_merged_vids')).toMatch(/^\d+:\d+(;\d+:\d+)*$/);
      expect(prop(c, 'hs_additional_emails')).toMatch(/@/);
    }
    const archived = contacts.filter((c) => c.archived === true).length;
    expect(share(archived, N)).toBeGreaterThan(0.002);
    expect(share(archived, N)).toBeLessThan(0.025);
  });

  it('has messy emails: stray case and whitespace, invalid ones, free-mail and disposable domains', () => {
    const raw = contacts.map((c) => prop(c, 'email'));
    const present = raw.filter((e): e is string => e !== null);
    expect(present.some((e) => /[A-Z]/.test(e) && VALID_EMAIL.test(norm(e)))).toBe(true);
    expect(present.some((e) => e !== e.trim())).toBe(true);
    const invalid = present.filter((e) => !VALID_EMAIL.test(norm(e)));
    expect(share(invalid.length, N)).toBeGreaterThan(0.01);
    expect(share(invalid.length, N)).toBeLessThan(0.08);
    expect(raw.some((e) => e === null)).toBe(true);
    const domains = present.filter((e) => VALID_EMAIL.test(norm(e))).map((e) => norm(e).split('@')[1] ?? '');
    const free = share(domains.filter((d) => FREE.has(d)).length, N);
    const disposable = share(domains.filter((d) => DISPOSABLE.has(d)).length, N);
    expect(free).toBeGreaterThan(0.12);
    expect(free).toBeLessThan(0.4);
    expect(disposable).toBeGreaterThan(0.005);
    expect(disposable).toBeLessThan(0.06);
    expect(domains.some((d) => d === 'gmx.de' || d === 'web.de')).toBe(true);
  });

  it('has phone numbers from at least 10 countries, in national and international formats, plus junk', () => {
    const phones = contacts.map((c) => prop(c, 'phone')).filter((p): p is string => p !== null);
    const international = new Set(phones.filter((p) => p.startsWith('+')).map((p) => parsePhoneNumberFromString(p)?.country));
    international.delete(undefined);
    expect(international.size).toBeGreaterThanOrEqual(10);
    // A national format proper: the value is exactly how libphonenumber writes that country's numbers.
    const national = PHONE_COUNTRIES.filter((country) =>
      phones.some((p) => !p.startsWith('+') && parsePhoneNumberFromString(p, country)?.formatNational() === p),
    );
    expect(national.length).toBeGreaterThanOrEqual(10);
    expect(phones.some((p) => /^\(\d{3}\) \d{3}-\d{4}$/.test(p))).toBe(true);
    expect(phones.some((p) => /^0\d{2} \d{4} \d{4}$/.test(p))).toBe(true);
    expect(phones.some((p) => /^0\d( \d\d){4}$/.test(p))).toBe(true);
    const junk = phones.filter((p) => !parsePhoneNumberFromString(p, 'US') && !p.startsWith('+') && !/\d{5}/.test(p.replace(/\D/g, '')));
    expect(junk.length).toBeGreaterThan(0);
  });

  it('covers several locales, messy names, countries and titles of every seniority', () => {
    const first = contacts.map((c) => prop(c, 'firstname') ?? '');
    const last = contacts.map((c) => prop(c, 'lastname') ?? '');
    const names = [...first, ...last];
    expect(names.some((n) => /[\u3040-\u30ff\u4e00-\u9faf]/.test(n))).toBe(true);
    expect(names.some((n) => /[äöüßéèçñãõåø]/i.test(n))).toBe(true);
    expect(last.some((n) => /^(van|van der|de|von|da|del|de la)\s/i.test(n.trim()))).toBe(true);
    expect(last.some((n) => /^(O'|Mc|Mac)/.test(n.trim()))).toBe(true);
    expect(names.some((n) => n.length > 2 && /[A-Z]/.test(n) && n === n.toUpperCase() && n !== n.toLowerCase())).toBe(true);
    expect(names.some((n) => /^[a-z]{3,}$/.test(n))).toBe(true);
    expect(names.some((n) => n.length > 0 && n !== n.trim())).toBe(true);

    const countries = new Set(contacts.map((c) => prop(c, 'country')));
    for (const variant of ['USA', 'United States', 'Deutschland', 'Germany', 'UK', 'France', 'Brasil', 'India']) expect(countries.has(variant), variant).toBe(true);
    expect(countries.size).toBeGreaterThan(30);
    const states = new Set(contacts.map((c) => prop(c, 'state')));
    expect(states.has('CA') || states.has('NY') || states.has('TX')).toBe(true);
    expect([...states].some((s) => s !== null && s.length > 3)).toBe(true);

    const titles = contacts.map((c) => prop(c, 'jobtitle') ?? '').join('\n');
    for (const marker of [/\bCEO\b/, /\bVP\b|Vice President/, /Director/, /Manager/i, /Engineer/i, /Student/i, /Geschäftsführer/, /Directeur|Directrice/]) {
      expect(titles, String(marker)).toMatch(marker);
    }
  });

  it('has company-derived websites in several formats and HubSpot-style enum and free-text values', () => {
    const websites = contacts.map((c) => prop(c, 'website'));
    expect(websites.some((w) => w?.startsWith('https://www.') && w.endsWith('/'))).toBe(true);
    expect(websites.some((w) => w?.startsWith('www.'))).toBe(true);
    expect(websites.some((w) => w !== null && /^[a-z0-9-]+\.[a-z.]+$/.test(w))).toBe(true);
    expect(websites.some((w) => w?.endsWith('.co.uk') ?? false)).toBe(true);
    expect(share(websites.filter((w) => w === null).length, N)).toBeGreaterThan(0.1);

    const industries = contacts.map((c) => prop(c, 'industry'));
    expect(industries).toContain('COMPUTER_SOFTWARE');
    expect(industries.some((i) => i !== null && /[a-z]/.test(i))).toBe(true);
    const headcounts = contacts.map((c) => prop(c, 'numemployees'));
    expect(headcounts.some((h) => h !== null && /^\d+$/.test(h))).toBe(true);
    expect(headcounts).toContain('');

    const stages = new Set(contacts.map((c) => prop(c, 'lifecyclestage')));
    for (const s of stages) expect([null, 'subscriber', 'lead', 'marketingqualifiedlead', 'salesqualifiedlead', 'opportunity', 'customer']).toContain(s);
    expect(stages.size).toBeGreaterThanOrEqual(6);
    const sources = new Set(contacts.map((c) => prop(c, 'hs_analytics_source')));
    expect([...sources].sort()).toEqual(['DIRECT_TRAFFIC', 'EMAIL_MARKETING', 'OFFLINE', 'ORGANIC_SEARCH', 'PAID_SEARCH', 'REFERRALS', 'SOCIAL_MEDIA']);

    const ownerIds = new Set(ds.hubspot.owners.map((o) => o.id));
    const owned = contacts.map((c) => prop(c, 'hubspot_owner_id')).filter((o): o is string => o !== null);
    for (const o of owned) expect(ownerIds.has(o)).toBe(true);
    expect(share(owned.length, N)).toBeGreaterThan(0.4);
  });

  it('counts form conversions on the contact', () => {
    const converted = contacts.filter((c) => Number(prop(c, 'num_conversion_events') ?? 0) > 0);
    expect(share(converted.length, N)).toBeGreaterThan(0.4);
    for (const c of converted) {
      expect(prop(c, 'recent_conversion_date')).toMatch(/Z$/);
      expect(Date.parse(prop(c, 'recent_conversion_date') ?? '')).toBeLessThanOrEqual(Date.parse(c.updatedAt));
    }
    const names = new Set(converted.map((c) => prop(c, 'recent_conversion_event_name')));
    for (const name of ['Demo request', 'Ebook: State of RevOps', 'Webinar registration', 'Pricing page contact']) expect(names.has(name)).toBe(true);
  });

  it('has ~8 PERSON owners with teams', () => {
    const { owners } = ds.hubspot;
    expect(owners.length).toBe(8);
    for (const o of owners) {
      expect(o).toMatchObject({ type: 'PERSON', archived: false });
      expect(o.email).toMatch(VALID_EMAIL);
      expect(o.teams?.[0]?.primary).toBe(true);
      expect(typeof o.userId).toBe('number');
    }
  });
});

describe('generateDataset: engagements', () => {
  it('associates every engagement with exactly one existing contact', () => {
    const contactIds = new Set(contacts.map((c) => c.id));
    const byType = new Map(engagements.map((e) => [`${e.type}:${e.id}`, e]));
    expect(ds.hubspot.associations).toHaveLength(engagements.length);
    const seen = new Set<string>();
    for (const a of ds.hubspot.associations) {
      expect(a.toType).toBe('contacts');
      expect(contactIds.has(a.toId)).toBe(true);
      expect(byType.has(`${a.fromType}:${a.fromId}`)).toBe(true);
      seen.add(`${a.fromType}:${a.fromId}`);
    }
    expect(seen.size).toBe(engagements.length);
    expect(new Set(engagements.map((e) => e.id)).size).toBe(engagements.length);
  });

  it('places every engagement within the past year, created after it happened', () => {
    for (const e of engagements) {
      const at = Date.parse(prop(e, 'hs_timestamp') ?? '');
      expect(at).toBeGreaterThanOrEqual(NOW_MS - 365 * DAY);
      expect(at).toBeLessThanOrEqual(NOW_MS);
      expect(Date.parse(prop(e, 'hs_createdate') ?? '')).toBeGreaterThanOrEqual(at);
      expect(Date.parse(e.updatedAt)).toBeGreaterThanOrEqual(Date.parse(e.createdAt));
      expect(prop(e, 'hs_object_id')).toBe(e.id);
    }
  });

  it('uses HubSpot property values for directions, statuses and outcomes', () => {
    const values = (type: string, name: string): Set<string | null> => new Set(engagements.filter((e) => e.type === type).map((e) => prop(e, name)));
    expect([...values('emails', 'hs_email_direction')].sort()).toEqual(['EMAIL', 'FORWARDED_EMAIL', 'INCOMING_EMAIL']);
    const callStatus = values('calls', 'hs_call_status');
    for (const s of ['COMPLETED', 'NO_ANSWER', 'BUSY']) expect(callStatus.has(s)).toBe(true);
    expect(values('calls', 'hs_call_disposition').has(CALL_OUTCOMES.connected)).toBe(true);
    const outcomes = values('meetings', 'hs_meeting_outcome');
    for (const s of ['SCHEDULED', 'COMPLETED', 'NO_SHOW', 'CANCELED']) expect(outcomes.has(s)).toBe(true);
    expect(engagements.filter((e) => e.type === 'notes').every((e) => (prop(e, 'hs_note_body') ?? '').length > 0)).toBe(true);
    expect(engagements.filter((e) => e.type === 'emails').every((e) => prop(e, 'hs_email_subject'))).toBe(true);
  });

  it('is skewed: most contacts have few activities, an engaged minority many, averaging ~3', () => {
    const perContact = new Map<string, HubSpotObject[]>();
    const byKey = new Map(engagements.map((e) => [`${e.type}:${e.id}`, e]));
    for (const a of ds.hubspot.associations) {
      const e = byKey.get(`${a.fromType}:${a.fromId}`);
      if (e) perContact.set(a.toId, [...(perContact.get(a.toId) ?? []), e]);
    }
    const counts = contacts.map((c) => perContact.get(c.id)?.length ?? 0);
    const mean = counts.reduce((s, n) => s + n, 0) / N;
    expect(mean).toBeGreaterThan(2.6);
    expect(mean).toBeLessThan(3.4);
    expect(share(counts.filter((n) => n <= 1).length, N)).toBeGreaterThan(0.45);
    expect(share(counts.filter((n) => n >= 10).length, N)).toBeGreaterThan(0.05);
    // What a typical model rewards: a completed meeting or a reply within 90 days.
    const qualifies = contacts.filter((c) =>
      (perContact.get(c.id) ?? []).some((e) => {
        const recent = Date.parse(prop(e, 'hs_timestamp') ?? '') > NOW_MS - 90 * DAY;
        return recent && (prop(e, 'hs_meeting_outcome') === 'COMPLETED' || prop(e, 'hs_email_direction') === 'INCOMING_EMAIL');
      }),
    );
    expect(share(qualifies.length, N)).toBeGreaterThan(0.04);
    expect(share(qualifies.length, N)).toBeLessThan(0.25);
  });

  it('follows activitiesPerContact', () => {
    const light = generateDataset({ contacts: 600, seed: 3, now: NOW, activitiesPerContact: 1 });
    const total = light.hubspot.associations.length;
    expect(total / 600).toBeGreaterThan(0.7);
    expect(total / 600).toBeLessThan(1.3);
  });
});

describe('generateDataset: Salesforce', () => {
  const emailsOf = (records: Record<string, unknown>[]): Set<string> => new Set(records.map((r) => norm(r.Email as string | null)).filter((e) => e));
  const overlap = (records: Record<string, unknown>[], dataset: Dataset): number => {
    const emails = emailsOf(records);
    const matched = dataset.hubspot.contacts.filter((c) => emails.has(norm(prop(c, 'email'))));
    return share(matched.length, dataset.hubspot.contacts.length);
  };

  it('uses valid 18-char ids with the right key prefixes', () => {
    const prefixes: Record<string, string> = { User: '005', Lead: '00Q', Contact: '003', Account: '001' };
    for (const [type, prefix] of Object.entries(prefixes)) {
      const records = ds.salesforce[type as 'User' | 'Lead' | 'Contact' | 'Account'];
      expect(records.length).toBeGreaterThan(0);
      for (const r of records) {
        const id = String(r.Id);
        expect(id).toHaveLength(18);
        expect(id.startsWith(prefix)).toBe(true);
        expect(normalizeId(id)).toBe(id);
      }
    }
  });

  it('builds salesforceId with the case-safe checksum', () => {
    expect(salesforceId('00Q', 0)).toBe('00Q4Gn000000000UAA');
    const id = salesforceId('003', 123_456_789);
    expect(id).toHaveLength(18);
    expect(normalizeId(id.slice(0, 15))).toBe(id);
    expect(salesforceId('001', 36)).not.toBe(salesforceId('001', 10));
    expect(() => salesforceId('0Q', 1)).toThrow();
  });

  it('mirrors HubSpot owners as Users after the integration user, one inactive', () => {
    const users = ds.salesforce.User;
    expect(users[0]).toMatchObject({ Name: 'Handoff Integration', IsActive: true });
    // The reps, the integration user, the head of sales and a manager per team (every rep's ManagerId).
    expect(users).toHaveLength(ds.hubspot.owners.length + 1 + 4);
    const managers = new Set(users.filter((u) => String(u.Title ?? '').endsWith('Manager')).map((u) => u.Id));
    expect(managers.size).toBe(3);
    for (const u of users.filter((x) => x.Username !== users[0]?.Username && !managers.has(x.Id) && x.Title !== 'VP Sales')) expect(managers).toContain(u.ManagerId);
    expect(users.filter((u) => u.IsActive === false)).toHaveLength(1);
    const userEmails = emailsOf(users);
    for (const o of ds.hubspot.owners) expect(userEmails.has(norm(o.email))).toBe(true);
    for (const u of users) expect(['America/New_York', 'America/Los_Angeles', 'Europe/London', 'Europe/Berlin']).toContain(u.TimeZoneSidKey);
  });

  it('has Leads for ~leadOverlap and Contacts for ~contactOverlap of HubSpot contacts', () => {
    expect(overlap(ds.salesforce.Lead, ds)).toBeGreaterThan(0.08);
    expect(overlap(ds.salesforce.Lead, ds)).toBeLessThan(0.12);
    expect(overlap(ds.salesforce.Contact, ds)).toBeGreaterThan(0.035);
    expect(overlap(ds.salesforce.Contact, ds)).toBeLessThan(0.065);
    expect(ds.salesforce.Lead.some((l) => /[A-Z]/.test(String(l.Email)))).toBe(true);
    const wide = generateDataset({ contacts: 1000, seed: 11, now: NOW, leadOverlap: 0.3, contactOverlap: 0.15 });
    expect(overlap(wide.salesforce.Lead, wide)).toBeGreaterThan(0.27);
    expect(overlap(wide.salesforce.Lead, wide)).toBeLessThan(0.33);
    expect(overlap(wide.salesforce.Contact, wide)).toBeGreaterThan(0.13);
    expect(overlap(wide.salesforce.Contact, wide)).toBeLessThan(0.17);
  });

  it('links converted Leads, Contacts and Accounts with existing ids and owners', () => {
    const { Lead, Contact, Account, User } = ds.salesforce;
    const contactIds = new Set(Contact.map((c) => c.Id));
    const accountIds = new Set(Account.map((a) => a.Id));
    const userIds = new Set(User.map((u) => u.Id));
    const converted = Lead.filter((l) => l.IsConverted === true);
    expect(converted.length).toBeGreaterThan(0);
    for (const l of converted) {
      expect(l.Status).toBe('Closed - Converted');
      expect(contactIds.has(l.ConvertedContactId)).toBe(true);
      expect(accountIds.has(l.ConvertedAccountId)).toBe(true);
      const target = Contact.find((c) => c.Id === l.ConvertedContactId);
      expect(norm(target?.Email as string)).toBe(norm(l.Email as string));
    }
    for (const l of Lead) {
      expect(l.LastName).toBeTruthy();
      expect(l.Company).toBeTruthy();
      expect(userIds.has(l.OwnerId)).toBe(true);
    }
    const open = new Set(Lead.filter((l) => l.IsConverted !== true).map((l) => l.Status));
    expect(open.has('Open - Not Contacted') && open.has('Working - Contacted')).toBe(true);
    for (const c of Contact) expect(accountIds.has(c.AccountId)).toBe(true);
    for (const a of Account) expect(userIds.has(a.OwnerId)).toBe(true);
    const websites = Account.map((a) => a.Website as string | null);
    expect(websites.some((w) => w?.startsWith('www.'))).toBe(true);
    expect(websites.some((w) => w?.startsWith('https://') && w.endsWith('/'))).toBe(true);
  });

  it('gives Accounts to a share of business domains so domain routing has something to find', () => {
    const accountDomains = new Set(
      ds.salesforce.Account.map((a) => String(a.Website ?? '').toLowerCase().replace(/^https?:\/\//, '').replace(/^www\./, '').replace(/\/.*$/, '')).filter((d) => d),
    );
    const business = contacts.map((c) => norm(prop(c, 'email')).split('@')[1] ?? '').filter((d) => d && !FREE.has(d) && !DISPOSABLE.has(d));
    const routed = share(business.filter((d) => accountDomains.has(d)).length, business.length);
    expect(routed).toBeGreaterThan(0.2);
    expect(routed).toBeLessThan(0.8);
  });
});

describe('writeDataset / readDataset', () => {
  let dir: string;
  beforeAll(async () => {
    dir = await mkdtemp(join(tmpdir(), 'handoff-dataset-'));
  });
  afterAll(async () => {
    await rm(dir, { recursive: true, force: true });
  });

  it('round-trips a generated dataset', async () => {
    const small = generateDataset({ contacts: 100, seed: 5, now: NOW });
    const file = join(dir, 'nested', 'ds.json');
    await writeDataset(small, file);
    expect(await readDataset(file)).toEqual(small);
  });

  it('lists every schema issue with its path', async () => {
    const file = join(dir, 'bad.json');
    await writeFile(file, JSON.stringify({ version: 2, hubspot: { contacts: [{ id: 'abc', properties: {}, createdAt: 'x', updatedAt: 'y' }] } }));
    const err = await readDataset(file).then(
      () => null,
      (e: unknown) => e as Error & { issues: string[] },
    );
    expect(err?.name).toBe('DatasetFileError');
    expect(err?.message).toMatch(/2 issues/);
    expect(err?.message).toContain('version');
    expect(err?.message).toContain('hubspot.contacts.0.id');
    expect(err?.issues).toHaveLength(2);
  });

  it('reports unreadable and non-JSON files', async () => {
    await expect(readDataset(join(dir, 'missing.json'))).rejects.toThrow(/cannot read dataset/);
    const file = join(dir, 'text.json');
    await writeFile(file, 'not json');
    await expect(readDataset(file)).rejects.toThrow(/is not JSON/);
  });

  it('refuses to write an invalid dataset', async () => {
    const file = join(dir, 'never.json');
    await expect(writeDataset({ version: 3 } as unknown as Dataset, file)).rejects.toThrow(/not a valid dataset/);
    await expect(readDataset(file)).rejects.toThrow(/cannot read/);
  });
});
