import { describe, expect, it } from 'vitest';
import { fieldsByName, customFieldProblems } from '../../src/core/salesforce/describe.js';
import type { Describes, FieldMeta, ObjectMeta } from '../../src/core/salesforce/describe.js';
import { NOT_PROVIDED, validateRecord } from '../../src/core/salesforce/validate.js';
import { movesForward, writebackProperties } from '../../src/adapters/hubspot/writeback.js';

function f(p: Partial<FieldMeta> & { name: string }): FieldMeta {
  return { type: 'string', length: 0, digits: 0, precision: 0, scale: 0, nillable: true, createable: true, updateable: true, defaultedOnCreate: false, externalId: false, unique: false, restrictedPicklist: false, picklistValues: [], ...p };
}
const leadMeta: ObjectMeta = {
  name: 'Lead',
  fields: [
    f({ name: 'LastName', length: 80, nillable: false }),
    f({ name: 'Company', length: 255, nillable: false }),
    f({ name: 'Title', length: 128 }),
    f({ name: 'Email', type: 'email', length: 80 }),
    f({ name: 'Phone', type: 'phone', length: 40 }),
    f({ name: 'Website', type: 'url', length: 255 }),
    f({ name: 'NumberOfEmployees', type: 'int', digits: 8 }),
    f({ name: 'AnnualRevenue', type: 'currency', precision: 18, scale: 0 }),
    f({ name: 'Handoff_Score__c', type: 'double', precision: 5, scale: 2 }),
    f({ name: 'Status', type: 'picklist', nillable: false, defaultedOnCreate: true, restrictedPicklist: true, picklistValues: [{ value: 'Open - Not Contacted', active: true, defaultValue: true }] }),
    f({ name: 'Rating', type: 'picklist', restrictedPicklist: true, picklistValues: [{ value: 'Hot', active: true, defaultValue: false }] }),
    f({ name: 'Industry', type: 'picklist' }),
    f({ name: 'IsConverted', type: 'boolean', createable: false, updateable: false, nillable: false }),
    f({ name: 'Custom_Required__c', nillable: false }),
  ],
};
const fields = fieldsByName(leadMeta);

describe('validateRecord', () => {
  it('fills a missing Company and LastName with the placeholder and records each fix', () => {
    const v = validateRecord({ FirstName: 'x', Custom_Required__c: 'y' }, leadMeta, fields, 'create');
    expect(v.record.Company).toBe(NOT_PROVIDED);
    expect(v.record.LastName).toBe(NOT_PROVIDED);
    expect(v.fixes.filter((x) => x.fix === 'filled').map((x) => x.field).sort()).toEqual(['Company', 'LastName']);
    expect(v.fixes).toContainEqual(expect.objectContaining({ field: 'FirstName', fix: 'dropped' }));
    expect(v.errors).toEqual([]);
  });

  it('cuts over-length text to the field length', () => {
    const v = validateRecord({ LastName: 'L', Company: 'C', Custom_Required__c: 'y', Title: 'x'.repeat(200) }, leadMeta, fields, 'create');
    expect(v.record.Title).toHaveLength(128);
    expect(v.fixes).toContainEqual({ field: 'Title', fix: 'truncated', detail: 'cut from 200 to 128 characters' });
  });

  it('drops values outside a restricted picklist but keeps unrestricted ones', () => {
    const v = validateRecord({ LastName: 'L', Company: 'C', Custom_Required__c: 'y', Rating: 'Lukewarm', Industry: 'Anything' }, leadMeta, fields, 'update');
    expect(v.record).not.toHaveProperty('Rating');
    expect(v.record.Industry).toBe('Anything');
  });

  it('reports a required field it cannot fill', () => {
    const v = validateRecord({ LastName: 'L', Company: 'C' }, leadMeta, fields, 'create');
    expect(v.errors).toEqual([{ code: 'REQUIRED_FIELD_MISSING', message: 'Required field missing: Custom_Required__c' }]);
  });

  it('drops an address Salesforce would reject and never sends nulls', () => {
    const v = validateRecord({ LastName: 'L', Company: 'C', Custom_Required__c: 'y', Email: 'not an email', Title: null }, leadMeta, fields, 'create');
    expect(v.record).not.toHaveProperty('Email');
    expect(v.record).not.toHaveProperty('Title');
  });
});

describe('validateRecord: never a different value', () => {
  const base = { LastName: 'L', Company: 'C', Custom_Required__c: 'y' };
  const long = (n: number) => `${'a'.repeat(n - 9)}@acme.com`;

  it.each([
    ['Email', long(81)],
    ['Phone', `+1 ${'9'.repeat(97)}`],
    ['Website', `https://acme.com/${'p'.repeat(300)}`],
  ])('drops an over-length %s with a recorded fix instead of cutting it', (field, value) => {
    for (const mode of ['create', 'update'] as const) {
      const v = validateRecord({ ...base, [field]: value }, leadMeta, fields, mode);
      expect(v.record).not.toHaveProperty(field);
      expect(v.fixes).toContainEqual({ field, fix: 'dropped', detail: expect.stringMatching(/longer than \d+ characters/) });
      expect(v.errors).toEqual([]);
    }
  });

  it('dead-letters a record whose required email, phone or URL field is too long or invalid', () => {
    const meta: ObjectMeta = { name: 'Lead', fields: [...leadMeta.fields, f({ name: 'Billing_Email__c', type: 'email', length: 80, nillable: false })] };
    const tooLong = validateRecord({ ...base, Billing_Email__c: long(81) }, meta, fieldsByName(meta), 'create');
    expect(tooLong.errors).toEqual([{ code: 'STRING_TOO_LONG', message: expect.stringContaining('Billing_Email__c') }]);
    const invalid = validateRecord({ ...base, Billing_Email__c: 'not an email' }, meta, fieldsByName(meta), 'create');
    expect(invalid.errors).toEqual([{ code: 'INVALID_EMAIL_ADDRESS', message: expect.stringContaining('Billing_Email__c') }]);
  });

  it('records an invalid email it drops as a fix', () => {
    const v = validateRecord({ ...base, Email: 'jane@' }, leadMeta, fields, 'create');
    expect(v.fixes).toContainEqual({ field: 'Email', fix: 'dropped', detail: 'not an address Salesforce accepts' });
  });

  it('cuts text in UTF-16 code units, backing off one rather than splitting a surrogate pair', () => {
    const title = `${'x'.repeat(127)}😀tail`;
    const v = validateRecord({ ...base, Title: title }, leadMeta, fields, 'create');
    expect(v.record.Title).toBe('x'.repeat(127));
    expect(v.fixes).toContainEqual({ field: 'Title', fix: 'truncated', detail: `cut from ${title.length} to 127 characters` });
    const even = validateRecord({ ...base, Title: `${'x'.repeat(126)}😀tail` }, leadMeta, fields, 'create');
    expect(even.record.Title).toBe(`${'x'.repeat(126)}😀`);
  });
});

describe('validateRecord: numbers against digits, precision and scale', () => {
  const base = { LastName: 'L', Company: 'C', Custom_Required__c: 'y' };

  it.each([
    ['NumberOfEmployees', 1e20],
    ['NumberOfEmployees', 100_000_000],
    ['NumberOfEmployees', 12.5],
    ['NumberOfEmployees', 'many'],
    ['AnnualRevenue', 1e19],
    ['Handoff_Score__c', 1000],
    ['Handoff_Score__c', Number.POSITIVE_INFINITY],
  ])('drops %s = %s, an optional field, with a recorded fix; the Lead goes on', (field, value) => {
    const v = validateRecord({ ...base, [field]: value }, leadMeta, fields, 'create');
    expect(v.errors).toEqual([]);
    expect(v.record).not.toHaveProperty(field);
    expect(v.fixes).toContainEqual({ field, fix: 'dropped', detail: expect.any(String) });
  });

  it.each([
    ['NumberOfEmployees', 99_999_999],
    ['NumberOfEmployees', -5],
    ['AnnualRevenue', 99_999_999_999],
    ['Handoff_Score__c', 999.99],
    ['Handoff_Score__c', 72.456],
  ])('keeps %s = %s', (field, value) => {
    const v = validateRecord({ ...base, [field]: value }, leadMeta, fields, 'create');
    expect(v.record[field]).toBe(value);
    expect(v.fixes).toEqual([]);
  });

  it('dead-letters a record whose required number is out of range', () => {
    const meta: ObjectMeta = { name: 'Lead', fields: [...leadMeta.fields, f({ name: 'Seats__c', type: 'double', precision: 3, scale: 0, nillable: false })] };
    const v = validateRecord({ ...base, Seats__c: 5000 }, meta, fieldsByName(meta), 'create');
    expect(v.errors).toEqual([{ code: 'NUMBER_OUTSIDE_VALID_RANGE', message: expect.stringContaining('Seats__c') }]);
  });
});

describe('customFieldProblems', () => {
  it('names every missing field and wrong flag', () => {
    const d: Describes = {
      Lead: { name: 'Lead', fields: [f({ name: 'HubSpot_Contact_Id__c', externalId: true, unique: false })] },
      Contact: { name: 'Contact', fields: [f({ name: 'HubSpot_Contact_Id__c', externalId: true })] },
      Task: { name: 'Task', fields: [] },
    };
    const problems = customFieldProblems(d);
    expect(problems).toContain('Lead.HubSpot_Contact_Id__c must be marked Unique');
    expect(problems.filter((p) => p.includes('is missing'))).toHaveLength(7);
    expect(problems).toContainEqual(expect.stringMatching(/^Task\.Handoff_Key__c is missing \(create it as Text\(80\), External ID, Unique\)/));
  });
});

describe('HubSpot writeback', () => {
  it.each([
    [null, 'marketingqualifiedlead', true],
    ['subscriber', 'marketingqualifiedlead', true],
    ['lead', 'marketingqualifiedlead', true],
    ['marketingqualifiedlead', 'marketingqualifiedlead', false],
    ['opportunity', 'marketingqualifiedlead', false],
    ['customer', 'marketingqualifiedlead', false],
    ['some_custom_stage', 'marketingqualifiedlead', false],
  ])('lifecycle %s → %s moves forward: %s', (from, to, expected) => {
    expect(movesForward(from, to)).toBe(expected);
  });

  it('sets the handoff properties and leaves a later lifecycle stage alone', () => {
    const props = writebackProperties(
      { hubspotId: '1', currentLifecycleStage: 'customer', salesforceId: '00Q1', handedOffAt: '2026-11-23T10:00:00.000Z', score: 72.5, grade: 'B' },
      'marketingqualifiedlead',
    );
    expect(props).toEqual({
      handoff_status: 'handed_off',
      handoff_salesforce_id: '00Q1',
      handoff_handed_off_at: '2026-11-23T10:00:00.000Z',
      handoff_score: '72.5',
      handoff_grade: 'B',
    });
  });
});
