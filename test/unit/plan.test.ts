import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { parse } from 'yaml';
import { mappingSchema } from '../../src/config/mapping.js';
import type { MappingConfig } from '../../src/config/mapping.js';
import type { PriorHandoff, WritePlan } from '../../src/domain/plan.js';
import type { Contact, Score } from '../../src/domain/types.js';
import { fingerprint, leadFields, scoreReasonsText } from '../../src/core/salesforce/lead-record.js';
import { buildPlan, handoffKey } from '../../src/core/plan.js';
import type { Decision, Matched, Owner, PlanInput } from '../../src/core/plan.js';
import { triage } from '../../src/core/triage.js';
import type { Evaluated } from '../../src/core/triage.js';
import { OBJECTS } from '@handoff/sandbox';
import { objectMetaSchema } from '../../src/core/salesforce/describe.js';
import type { Describes, ObjectMeta } from '../../src/core/salesforce/describe.js';
import { NOT_PROVIDED } from '../../src/core/salesforce/validate.js';
import { writebackProperties } from '../../src/adapters/hubspot/writeback.js';
import { contact } from '../helpers/contact.js';

const CONFIG_DIR = join(import.meta.dirname, '..', '..', 'config');
const mapping: MappingConfig = mappingSchema.parse(parse(readFileSync(join(CONFIG_DIR, 'mapping.yaml'), 'utf8')));

/** Describe results as the emulated org returns them (standard fields plus Handoff's custom fields). */
function meta(name: 'Lead' | 'Contact' | 'Task'): ObjectMeta {
  const def = OBJECTS.get(name);
  if (def === undefined) throw new Error(`no ${name}`);
  return objectMetaSchema.parse({ name: def.name, fields: def.fields });
}
const describes: Describes = { Lead: meta('Lead'), Contact: meta('Contact'), Task: meta('Task') };

const CREATE_ONLY = ['Website', 'Industry', 'LeadSource', 'Status'];

function score(overrides: Partial<Score> = {}): Score {
  return {
    total: 72.4,
    fit: 33,
    engagement: 39.4,
    grade: 'B',
    qualified: true,
    modelVersion: '2026.11-1',
    reasons: [
      { rule: 'engagement.meeting.completed', label: 'Attended a meeting', points: 24.4 },
      { rule: 'fit.seniority.vp', label: 'Vice president', points: 15 },
      { rule: 'fit.email.freemail', label: 'Uses a free-mail address', points: -10 },
    ],
    ...overrides,
  };
}

/** A realistic contact: a VP at a German mid-market company, with a phone and a website. */
function person(hubspotId: string, overrides: Partial<Contact> = {}): Contact {
  return contact({
    hubspotId,
    firstName: 'Lena',
    lastName: 'Fischer',
    company: 'Brandt & Söhne GmbH',
    companyDomain: 'brandt-soehne.de',
    title: 'VP Marketing',
    country: 'DE',
    state: 'BY',
    city: 'München',
    industry: 'Manufacturing',
    employees: 450,
    leadSource: 'ORGANIC_SEARCH',
    phone: { original: '089 1234567', e164: '+49891234567' },
    email: { original: 'Lena.Fischer@brandt-soehne.de', value: 'lena.fischer@brandt-soehne.de', valid: true, domain: 'brandt-soehne.de', freeMail: false, disposable: false },
    ...overrides,
  });
}

function evaluated(c: Contact, s: Score = score(), prior: PriorHandoff | null = null): Evaluated {
  return { contact: c, score: s, fingerprint: fingerprint(c, s, mapping), prior, activities: [] };
}

const TASK = {
  Subject: '[warm SLA] Follow up with Lena Fischer (Brandt & Söhne GmbH)',
  Priority: 'Normal',
  Status: 'Not Started',
  ActivityDate: '2026-11-24',
  ReminderDateTime: '2026-11-24T13:00:00.000Z',
  IsReminderSet: true,
  Description: 'Grade B: score 72.4',
  Handoff_SLA_Due__c: '2026-11-24T14:00:00.000Z',
  Handoff_SLA_Tier__c: 'warm',
};

const USER: Owner = { id: '005000000000ABC', kind: 'user' };

function decision(c: Contact, match: Matched, overrides: Partial<Decision> = {}): Decision {
  return { item: evaluated(c), match, owner: USER, reasons: ['Round robin in emea: member 1 of 2'], task: { ...TASK }, episode: 1, ...overrides };
}

function plan(decisions: Decision[], opts: { refresh?: PlanInput['refresh']; assignOwner?: boolean; describes?: Describes } = {}): WritePlan {
  return buildPlan(
    { refresh: opts.refresh ?? [], decisions, skips: [], deadLetters: [] },
    { mapping, describes: opts.describes ?? describes, assignOwner: opts.assignOwner ?? true },
  );
}

const NONE: Matched = { kind: 'none', reasons: ['no Lead or Contact in Salesforce'] };

describe('buildPlan', () => {
  it('a new Lead is upserted by HubSpot id with every mapped field, the defaults and the routed owner', () => {
    const p = plan([decision(person('1001'), NONE)]);
    expect(p.leads).toHaveLength(1);
    const op = p.leads[0];
    expect(op).toMatchObject({ hubspotId: '1001', op: 'upsert', id: null, isNew: true });
    expect(op?.record).toEqual({
      FirstName: 'Lena',
      LastName: 'Fischer',
      Email: 'lena.fischer@brandt-soehne.de',
      Phone: '+49891234567',
      Company: 'Brandt & Söhne GmbH',
      Website: 'brandt-soehne.de',
      Title: 'VP Marketing',
      Country: 'DE',
      State: 'BY',
      City: 'München',
      Industry: 'Manufacturing',
      NumberOfEmployees: 450,
      LeadSource: 'ORGANIC_SEARCH',
      Status: 'Open - Not Contacted',
      OwnerId: '005000000000ABC',
      HubSpot_Contact_Id__c: '1001',
      Handoff_Score__c: 72.4,
      Handoff_Grade__c: 'B',
      Handoff_Score_Reasons__c: '+24.4 Attended a meeting (engagement.meeting.completed)\n+15 Vice president (fit.seniority.vp)\n-10 Uses a free-mail address (fit.email.freemail)',
      Handoff_Model_Version__c: '2026.11-1',
    });
    expect(op?.fixes).toEqual([]);
    expect(p.tasks).toHaveLength(1);
    expect(p.tasks[0]).toMatchObject({ hubspotId: '1001', handoffKey: '1001:1', who: { kind: 'lead-of', hubspotId: '1001' } });
    expect(p.tasks[0]?.record).toMatchObject({ ...TASK, OwnerId: '005000000000ABC', Handoff_Key__c: '1001:1' });
    expect(p.contactsMatched).toEqual([]);
  });

  it('with Salesforce assignment rules in charge, a new Lead carries no OwnerId', () => {
    const p = plan([decision(person('1002'), NONE)], { assignOwner: false });
    expect(p.leads[0]?.record).not.toHaveProperty('OwnerId');
    expect(p.leads[0]?.isNew).toBe(true);
  });

  it('a contact that matches a Salesforce Contact gets no Lead, only a Task on that Contact', () => {
    const match: Matched = { kind: 'contact', contactId: '003000000000XYZ', ownerId: '005000000000OWN', reasons: ['Contact 003000000000XYZ has this email'] };
    const p = plan([decision(person('1003'), match, { owner: { id: '005000000000OWN', kind: 'user' } })]);
    expect(p.leads).toEqual([]);
    expect(p.contactsMatched).toEqual(['1003']);
    expect(p.tasks[0]?.who).toEqual({ kind: 'id', id: '003000000000XYZ', object: 'Contact' });
    expect(p.tasks[0]?.record.OwnerId).toBe('005000000000OWN');
  });

  it('a Lead found by email is updated through its Id, stamped with the HubSpot id, without create-only fields or owner', () => {
    const match: Matched = { kind: 'lead', leadId: '00Q000000000EML', ownerId: '005000000000REP', keyed: false, rekeyFrom: null, reasons: ['Lead 00Q000000000EML has this email'] };
    const p = plan([decision(person('1004'), match, { owner: { id: '005000000000REP', kind: 'user' } })]);
    const op = p.leads[0];
    expect(op).toMatchObject({ op: 'update', id: '00Q000000000EML', isNew: false });
    expect(op?.record.HubSpot_Contact_Id__c).toBe('1004');
    for (const f of [...CREATE_ONLY, 'OwnerId']) expect(op?.record).not.toHaveProperty(f);
    expect(op?.record).toMatchObject({ Title: 'VP Marketing', NumberOfEmployees: 450, Handoff_Score__c: 72.4 });
    expect(op?.reasons).toEqual(['Lead 00Q000000000EML has this email', 'Round robin in emea: member 1 of 2']);
    expect(p.tasks[0]?.who).toEqual({ kind: 'lead-of', hubspotId: '1004' });
  });

  it('a Lead that already carries this HubSpot id is upserted by that key, without create-only fields or owner', () => {
    const match: Matched = { kind: 'lead', leadId: '00Q000000000KEY', ownerId: '005000000000REP', keyed: true, rekeyFrom: null, reasons: ['Lead 00Q000000000KEY already keyed'] };
    const op = plan([decision(person('1005'), match, { owner: { id: '005000000000REP', kind: 'user' } })]).leads[0];
    expect(op).toMatchObject({ op: 'upsert', id: '00Q000000000KEY', isNew: false });
    for (const f of [...CREATE_ONLY, 'OwnerId']) expect(op?.record).not.toHaveProperty(f);
  });

  it('an existing Lead whose owner routing replaced (inactive rep) moves to the new owner with its Task', () => {
    const match: Matched = { kind: 'lead', leadId: '00Q000000000OLD', ownerId: '005000000000GONE', keyed: true, rekeyFrom: null, reasons: ['Lead already keyed'] };
    const p = plan([decision(person('1010'), match, { owner: { id: '005000000000NEW', kind: 'user' } })]);
    expect(p.leads[0]?.record.OwnerId).toBe('005000000000NEW');
    expect(p.tasks[0]?.record.OwnerId).toBe('005000000000NEW');
  });

  it('a Lead keyed with a merged-away id is updated by Id and re-keyed to the surviving contact', () => {
    const match: Matched = { kind: 'lead', leadId: '00Q000000000OLD', ownerId: null, keyed: false, rekeyFrom: '777', reasons: ['re-keyed'] };
    const op = plan([decision(person('1006', { mergedIds: ['777'] }), match)]).leads[0];
    expect(op).toMatchObject({ op: 'update', id: '00Q000000000OLD' });
    expect(op?.record.HubSpot_Contact_Id__c).toBe('1006');
  });

  it('no Task when the decision has none (historical backfill), the Lead is still written', () => {
    const p = plan([decision(person('1008'), NONE, { task: null })]);
    expect(p.leads).toHaveLength(1);
    expect(p.tasks).toEqual([]);
  });

  it('the Task key carries the episode, so a recycled lead gets a new Task', () => {
    const p = plan([decision(person('1009'), NONE, { episode: 3 })]);
    expect(p.tasks[0]?.handoffKey).toBe('1009:3');
    expect(p.tasks[0]?.record.Handoff_Key__c).toBe(handoffKey('1009', 3));
  });

  it('a queue owns the new Lead, but the Task (which cannot belong to a queue) gets no OwnerId', () => {
    const p = plan([decision(person('1010'), NONE, { owner: { id: '00G000000000QUE', kind: 'queue' } })]);
    expect(p.leads[0]?.record.OwnerId).toBe('00G000000000QUE');
    expect(p.tasks[0]?.record).not.toHaveProperty('OwnerId');
  });

  it("a queue owns the new Lead and its Task goes to routing's queueTaskOwner", () => {
    const p = plan([decision(person('1012'), NONE, { owner: { id: '00G000000000QUE', kind: 'queue' }, taskOwnerId: '005000000000MGR' })]);
    expect(p.leads[0]?.record.OwnerId).toBe('00G000000000QUE');
    expect(p.tasks[0]?.record.OwnerId).toBe('005000000000MGR');
  });

  it("a queue-routed Task on an existing Lead goes to that Lead's user owner", () => {
    const match: Matched = { kind: 'lead', leadId: '00Q000000000EML', ownerId: '005000000000REP', keyed: false, rekeyFrom: null, reasons: [] };
    const p = plan([decision(person('1011'), match, { owner: { id: '00G000000000QUE', kind: 'queue' } })]);
    expect(p.tasks[0]?.record.OwnerId).toBe('005000000000REP');
  });

  it.each([
    {
      name: 'no last name and no company: placeholders, both reported',
      c: { lastName: null, company: null },
      check: (p: WritePlan) => {
        expect(p.leads[0]?.record).toMatchObject({ LastName: NOT_PROVIDED, Company: NOT_PROVIDED });
        expect(p.leads[0]?.fixes.filter((f) => f.fix === 'filled').map((f) => f.field).sort()).toEqual(['Company', 'LastName']);
      },
    },
    {
      name: 'a 200-character title is cut to the 128 Salesforce allows',
      c: { title: 'Senior Vice President, Global Demand Generation, Field Marketing, Partner Marketing, Customer Advocacy and Marketing Operations (EMEA, APAC and LATAM regions)'.padEnd(200, '.') },
      check: (p: WritePlan) => {
        expect(String(p.leads[0]?.record.Title)).toHaveLength(128);
        expect(p.leads[0]?.fixes).toContainEqual({ field: 'Title', fix: 'truncated', detail: 'cut from 200 to 128 characters' });
      },
    },
    {
      name: 'an invalid email is left out rather than sent',
      c: { email: { original: 'lena.fischer@brandt-soehne', value: 'lena.fischer@brandt-soehne', valid: false, domain: null, freeMail: false, disposable: false } },
      check: (p: WritePlan) => {
        expect(p.leads[0]?.record).not.toHaveProperty('Email');
        expect(p.leads[0]?.fixes).toContainEqual({ field: 'Email', fix: 'dropped', detail: 'not a valid email address' });
      },
    },
    {
      name: 'a 100-character junk phone is dropped, not cut to a different number',
      c: { phone: { original: `call ${'9'.repeat(95)}`, e164: null } },
      check: (p: WritePlan) => {
        expect(p.leads[0]?.record).not.toHaveProperty('Phone');
        expect(p.leads[0]?.fixes).toContainEqual({ field: 'Phone', fix: 'dropped', detail: expect.stringMatching(/^longer than 40 characters/) });
      },
    },
    {
      name: 'an employee count of 1e20 is dropped; the Lead is still written',
      c: { employees: 1e20 },
      check: (p: WritePlan) => {
        expect(p.deadLetters).toEqual([]);
        expect(p.leads[0]?.record).not.toHaveProperty('NumberOfEmployees');
        expect(p.leads[0]?.fixes).toContainEqual({ field: 'NumberOfEmployees', fix: 'dropped', detail: expect.any(String) });
      },
    },
    {
      name: 'a phone that did not parse is sent as typed',
      c: { phone: { original: 'ask reception, ext 12', e164: null } },
      check: (p: WritePlan) => {
        expect(p.leads[0]?.record.Phone).toBe('ask reception, ext 12');
      },
    },
  ])('validation fixes are carried on the op: $name', ({ c, check }) => {
    check(plan([decision(person('1012', c as Partial<Contact>), NONE)]));
  });

  it('a Lead that cannot be fixed is dead-lettered and gets no Task', () => {
    // An admin added a required custom field Handoff has no mapping for.
    const region = objectMetaSchema.parse({ name: 'Lead', fields: [{ name: 'Region__c', type: 'string', length: 40, nillable: false }] }).fields;
    const strict: Describes = { ...describes, Lead: { ...describes.Lead, fields: [...describes.Lead.fields, ...region] } };
    const p = plan([decision(person('1013'), NONE)], { describes: strict });
    expect(p.leads).toEqual([]);
    expect(p.tasks).toEqual([]);
    expect(p.deadLetters).toEqual([expect.objectContaining({ hubspotId: '1013', stage: 'lead.validate', code: 'VALIDATION', vendorCode: 'REQUIRED_FIELD_MISSING' })]);
  });

  it('Task fields Salesforce would reject are fixed and reported', () => {
    const p = plan([decision(person('1014'), NONE, { task: { ...TASK, Subject: 'x'.repeat(300), Priority: 'Urgent' } })]);
    expect(String(p.tasks[0]?.record.Subject)).toHaveLength(255);
    expect(p.tasks[0]?.record).not.toHaveProperty('Priority');
    expect(p.tasks[0]?.fixes.map((f) => `${f.field}:${f.fix}`).sort()).toEqual(['Priority:dropped', 'Subject:truncated']);
  });

  it('a refresh upserts the known Lead with the updatable fields only', () => {
    const c = person('1015', { title: 'CMO' });
    const p = plan([], { refresh: [{ item: evaluated(c), leadId: '00Q000000000REF' }] });
    expect(p.leads[0]).toMatchObject({ op: 'upsert', id: '00Q000000000REF', isNew: false });
    expect(p.leads[0]?.record.Title).toBe('CMO');
    for (const f of [...CREATE_ONLY, 'OwnerId']) expect(p.leads[0]?.record).not.toHaveProperty(f);
    expect(p.tasks).toEqual([]);
  });

  it('the model version is create-only: a refresh writes score, grade and reasons, a new episode (new or matched Lead) writes the version again', () => {
    const c = person('1016');
    const refreshed = plan([], { refresh: [{ item: evaluated(c), leadId: '00Q000000000REF' }] }).leads[0]?.record;
    expect(refreshed).toMatchObject({ Handoff_Score__c: expect.any(Number), Handoff_Grade__c: expect.any(String), Handoff_Score_Reasons__c: expect.any(String) });
    expect(refreshed).not.toHaveProperty('Handoff_Model_Version__c');
    expect(plan([decision(person('1017'), NONE)]).leads[0]?.record.Handoff_Model_Version__c).toBe('2026.11-1');
    const byEmail: Matched = { kind: 'lead', leadId: '00Q000000000EML', ownerId: null, keyed: false, rekeyFrom: null, reasons: ['Lead has this email'] };
    expect(plan([decision(person('1018'), byEmail)]).leads[0]).toMatchObject({ op: 'update', record: { Handoff_Model_Version__c: '2026.11-1' } });
  });
});

describe('leadFields', () => {
  it('create sends create-only fields and defaults; update leaves them to the rep', () => {
    const c = person('2001');
    const created = leadFields(c, score(), mapping, 'create');
    const updated = leadFields(c, score(), mapping, 'update');
    for (const f of CREATE_ONLY) expect(created).toHaveProperty(f);
    for (const f of CREATE_ONLY) expect(updated).not.toHaveProperty(f);
    const updatable = mapping.lead.filter((m) => m.update).map((m) => m.to);
    expect(Object.keys(updated).sort()).toEqual([...updatable, 'HubSpot_Contact_Id__c', 'Handoff_Score__c', 'Handoff_Grade__c', 'Handoff_Score_Reasons__c', 'Handoff_Model_Version__c'].sort());
  });

  it('a raw HubSpot property can be mapped with hubspot.<name>', () => {
    const custom = mappingSchema.parse({ lead: [{ from: 'lastName', to: 'LastName' }, { from: 'hubspot.hs_persona', to: 'Persona__c', update: false }] });
    const c = person('2002', { properties: { hs_persona: 'persona_3' } });
    expect(leadFields(c, score(), custom, 'create').Persona__c).toBe('persona_3');
    expect(leadFields(c, score(), custom, 'update')).not.toHaveProperty('Persona__c');
    expect(leadFields(person('2003'), score(), custom, 'create').Persona__c).toBeNull();
  });

  it('score reasons read as signed points, label and rule id, one per line', () => {
    expect(scoreReasonsText(score())).toBe('+24.4 Attended a meeting (engagement.meeting.completed)\n+15 Vice president (fit.seniority.vp)\n-10 Uses a free-mail address (fit.email.freemail)');
  });
});

describe('fingerprint', () => {
  const base = person('3001');
  const fp = (c: Contact, s: Score = score()): string => fingerprint(c, s, mapping);

  it('ignores the properties Handoff writes back to HubSpot and the timestamps that change with them', () => {
    const props = writebackProperties({ hubspotId: '3001', salesforceId: '00Q000000000ABC', handedOffAt: '2026-11-23T15:00:00.000Z', score: 72.4, grade: 'B', currentLifecycleStage: 'lead' }, 'marketingqualifiedlead');
    const after = { ...base, updatedAt: '2026-11-23T15:00:05.000Z', properties: { ...base.properties, ...props, hs_lastmodifieddate: '1795532405000' } };
    expect(fp(after)).toBe(fp(base));
  });

  it('ignores every property Handoff writes even when mapping.yaml maps it (feedback, lifecycle, lead status), but not other raw properties', () => {
    const mapped: MappingConfig = {
      ...mapping,
      lead: [
        ...mapping.lead,
        { from: 'hubspot.lifecyclestage', to: 'Description', update: true },
        { from: 'hubspot.hs_lead_status', to: 'Rating', update: true },
        { from: 'hubspot.handoff_sales_status', to: 'Title', update: true },
        { from: 'hubspot.jobtitle', to: 'Industry', update: true },
      ],
    };
    const fpm = (c: Contact): string => fingerprint(c, score(), mapped);
    const echoed = { ...base, properties: { ...base.properties, lifecyclestage: 'salesqualifiedlead', hs_lead_status: 'BAD_TIMING', handoff_sales_status: 'working', handoff_first_touch_at: '2026-11-23T15:00:00Z' } };
    expect(fpm(echoed)).toBe(fpm(base));
    expect(fpm({ ...base, properties: { ...base.properties, jobtitle: 'CMO' } })).not.toBe(fpm(base));
  });

  it('leaves the score total out: triage compares it with the score last written', () => {
    expect(fp(base, score({ total: 90.1 }))).toBe(fp(base, score({ total: 52 })));
  });

  it.each([
    { name: 'the grade', change: (c: Contact) => ({ c, s: score({ grade: 'A' }) }) },
    { name: 'qualification', change: (c: Contact) => ({ c, s: score({ qualified: false }) }) },
    { name: 'the job title', change: (c: Contact) => ({ c: { ...c, title: 'Chief Marketing Officer' }, s: score() }) },
    { name: 'the phone number', change: (c: Contact) => ({ c: { ...c, phone: { original: '+49 89 7654321', e164: '+49897654321' } }, s: score() }) },
    { name: 'the employee count', change: (c: Contact) => ({ c: { ...c, employees: 1200 }, s: score() }) },
    { name: 'a create-only field (industry)', change: (c: Contact) => ({ c: { ...c, industry: 'Retail' }, s: score() }) },
    { name: 'a merge into this contact', change: (c: Contact) => ({ c: { ...c, mergedIds: ['9912'] }, s: score() }) },
  ])('changes with $name', ({ change }) => {
    const { c, s } = change(base);
    expect(fp(c, s)).not.toBe(fp(base));
  });

  it('does not change with the model version alone: a new model moves a Lead only through score, grade or qualification', () => {
    expect(fp(base, score({ modelVersion: '2026.12-1' }))).toBe(fp(base));
  });

  it('does not change with a field no mapping uses', () => {
    expect(fp({ ...base, hubspotOwnerId: '98765', lifecycleStage: 'marketingqualifiedlead' })).toBe(fp(base));
  });
});

describe('triage', () => {
  const prior = (over: Partial<PriorHandoff>): PriorHandoff => ({
    hubspotId: '4001',
    episode: 1,
    status: 'handed_off',
    fingerprint: null,
    score: 72.4,
    salesforceLeadId: '00Q000000000T01',
    salesforceContactId: null,
    salesforceTaskId: '00T000000000T01',
    ...over,
  });
  const c = person('4001');
  const current = evaluated(c);

  it.each([
    { name: 'handed off, nothing changed', item: () => evaluated(c, score(), prior({ fingerprint: current.fingerprint })), kind: 'skip', skipKind: 'unchanged' },
    { name: 'handed off as a Lead and changed', item: () => evaluated(c, score(), prior({ fingerprint: 'old' })), kind: 'refresh', skipKind: null },
    {
      name: 'handed off as a Lead, changed and now below the threshold: the Lead is still kept current',
      item: () => evaluated(c, score({ total: 31, qualified: false, grade: 'D' }), prior({ fingerprint: 'old' })),
      kind: 'refresh',
      skipKind: null,
    },
    {
      name: 'handed off to an existing Contact and changed',
      item: () => evaluated(c, score(), prior({ fingerprint: 'old', salesforceLeadId: null, salesforceContactId: '003000000000C01' })),
      kind: 'skip',
      skipKind: 'contact-owned',
    },
    { name: 'the Lead was converted', item: () => evaluated(c, score(), prior({ status: 'converted', fingerprint: 'old' })), kind: 'skip', skipKind: 'contact-owned' },
    { name: 'never handed off, below the threshold', item: () => evaluated(c, score({ total: 49.9, qualified: false, grade: 'D' })), kind: 'skip', skipKind: 'below-threshold' },
    { name: 'never handed off, qualified', item: () => evaluated(c), kind: 'new', skipKind: null },
    { name: 'an earlier attempt failed, qualified now', item: () => evaluated(c, score(), prior({ status: 'dead_lettered', salesforceLeadId: null, salesforceTaskId: null })), kind: 'new', skipKind: null },
  ])('$name → $kind', ({ item, kind, skipKind }) => {
    const t = triage(item());
    expect(t.kind).toBe(kind);
    if (t.kind === 'skip') expect(t.skip.kind).toBe(skipKind);
    if (t.kind === 'refresh') expect(t.leadId).toBe('00Q000000000T01');
  });

  // The score written with the handoff was 72.4 (prior above).
  it.each([
    { name: 'decayed 4.9 points since it was written', total: 67.5, kind: 'skip' },
    { name: 'grew 4.9 points', total: 77.3, kind: 'skip' },
    { name: 'decayed 5 points', total: 67.4, kind: 'refresh' },
    { name: 'grew 5 points', total: 77.4, kind: 'refresh' },

  ])('a score that $name → $kind', ({ total, kind }) => {
    const item = evaluated(c, score({ total }), prior({ fingerprint: current.fingerprint }));
    expect(triage(item).kind).toBe(kind);
  });

  it('a score sitting on a band edge does not flap: 72.4 written, then 72.6, 72.4, 72.6 re-read → no call', () => {
    for (const total of [72.6, 72.4, 72.6, 70.1, 74.9]) {
      expect(triage(evaluated(c, score({ total }), prior({ fingerprint: current.fingerprint }))).kind).toBe('skip');
    }
  });

  it('5 points count as 5 even where binary fractions subtract to 4.999…', () => {
    expect(8.2 - 3.2).toBeLessThan(5);
    expect(triage(evaluated(c, score({ total: 8.2, qualified: false, grade: 'D' }), prior({ fingerprint: evaluated(c, score({ total: 8.2, qualified: false, grade: 'D' })).fingerprint, score: 3.2 }))).kind).toBe('refresh');
  });

  it('a handoff recorded without its score is judged on the fingerprint alone', () => {
    expect(triage(evaluated(c, score({ total: 99 }), prior({ fingerprint: current.fingerprint, score: null }))).kind).toBe('skip');
  });
});
