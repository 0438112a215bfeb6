import { describe, expect, it } from 'vitest';
import type { z } from 'zod';
import { fieldMetaSchema } from '../../src/core/salesforce/describe.js';
import type { FieldMeta } from '../../src/core/salesforce/describe.js';
import { REQUIRED_FIELDS } from '../../src/core/salesforce/custom-fields.js';
import type { RequiredField } from '../../src/core/salesforce/custom-fields.js';
import { actualNotation, fieldMismatch, fieldSpec, fullName, toolingCustomField } from '../../src/core/salesforce/field-spec.js';
import { planFields, planProperties } from '../../src/core/setup/plan.js';
import { HUBSPOT_PROPERTIES } from '../../src/core/hubspot/property-definitions.js';

const meta = (m: z.input<typeof fieldMetaSchema>): FieldMeta => fieldMetaSchema.parse(m);
const outcome: RequiredField = {
  object: 'Task',
  name: 'Handoff_Outcome__c',
  type: 'Picklist',
  picklist: ['connected', 'meeting booked', 'no answer'],
};

describe('required field definitions to the Tooling API and back', () => {
  it('every required field has a type notation setup understands', () => {
    for (const def of REQUIRED_FIELDS) expect(() => fieldSpec(def)).not.toThrow();
  });

  it('builds the CustomField body: Activity.<Name>__c for Task fields, lengths, digits, flags, picklist values', () => {
    expect(toolingCustomField({ object: 'Lead', name: 'HubSpot_Contact_Id__c', type: 'Text(32)', externalId: true, unique: true, label: 'HubSpot Contact ID' })).toEqual({
      FullName: 'Lead.HubSpot_Contact_Id__c',
      Metadata: { label: 'HubSpot Contact ID', type: 'Text', length: 32, externalId: true, unique: true, required: false },
    });
    expect(toolingCustomField({ object: 'Lead', name: 'Handoff_Score__c', type: 'Number(5,1)' }).Metadata).toMatchObject({ type: 'Number', precision: 5, scale: 1, label: 'Handoff Score' });
    expect(toolingCustomField({ object: 'Lead', name: 'R__c', type: 'Long Text Area(32768)' }).Metadata).toMatchObject({ type: 'LongTextArea', length: 32768, visibleLines: 3 });
    const picklist = toolingCustomField(outcome);
    expect(picklist.FullName).toBe('Activity.Handoff_Outcome__c');
    expect(picklist.Metadata).toMatchObject({
      type: 'Picklist',
      valueSet: { restricted: true, valueSetDefinition: { value: [{ fullName: 'connected' }, { fullName: 'meeting booked' }, { fullName: 'no answer' }] } },
    });
    expect(picklist.Metadata).not.toHaveProperty('externalId');
    expect(fullName({ object: 'Contact', name: 'X__c' })).toBe('Contact.X__c');
  });

  it('a field that can hold what Handoff writes matches; another type, fewer characters or digits, missing flags or values do not', () => {
    const key: RequiredField = { object: 'Task', name: 'Handoff_Key__c', type: 'Text(80)', externalId: true, unique: true };
    expect(fieldMismatch(key, meta({ name: 'Handoff_Key__c', type: 'string', length: 255, externalId: true, unique: true }))).toBeNull();
    expect(fieldMismatch(key, meta({ name: 'Handoff_Key__c', type: 'string', length: 40, externalId: true }))).toBe(
      'holds 40 characters, Handoff writes up to 80; is not marked Unique',
    );
    const score: RequiredField = { object: 'Lead', name: 'Handoff_Score__c', type: 'Number(5,1)' };
    expect(fieldMismatch(score, meta({ name: 'Handoff_Score__c', type: 'double', precision: 18, scale: 2 }))).toBeNull();
    expect(fieldMismatch(score, meta({ name: 'Handoff_Score__c', type: 'double', precision: 3, scale: 0 }))).toBe(
      'has 3 digits before the point, Handoff needs 4; has 0 decimal places, Handoff needs 1',
    );
    expect(fieldMismatch(score, meta({ name: 'Handoff_Score__c', type: 'string', length: 10 }))).toBe('is Text(10), not Number(5,1)');
    expect(fieldMismatch(outcome, meta({ name: 'Handoff_Outcome__c', type: 'picklist', picklistValues: [{ value: 'connected' }] }))).toBe(
      'lacks the picklist values meeting booked, no answer',
    );
    expect(actualNotation(meta({ name: 'X', type: 'textarea', length: 32768 }))).toBe('Long Text Area(32768)');
  });

  it('plans create, unchanged and conflicts; an object not described means every field of it is to create', () => {
    const plan = planFields(REQUIRED_FIELDS, {
      Lead: { name: 'Lead', fields: [meta({ name: 'hubspot_contact_id__c', type: 'string', length: 32, externalId: true, unique: true }), meta({ name: 'Handoff_Score__c', type: 'string', length: 10 })] },
    });
    expect(plan.unchanged.map((f) => f.name)).toEqual(['HubSpot_Contact_Id__c']);
    expect(plan.conflicts).toEqual([{ name: 'Lead.Handoff_Score__c', expected: 'Number(5,1)', actual: 'Text(10)', reason: 'is Text(10), not Number(5,1)' }]);
    expect(plan.create).toHaveLength(REQUIRED_FIELDS.length - 2);
  });

  it('plans HubSpot properties: the group only when something is to create, conflicts on another type', () => {
    const [status, ...rest] = HUBSPOT_PROPERTIES;
    const existing = [
      { name: status?.name ?? '', type: 'string', fieldType: 'text', groupName: 'handoff', options: [] },
      ...rest.map((p) => ({ name: p.name, type: p.name === 'handoff_score' ? 'string' : p.type, fieldType: p.fieldType, groupName: 'x', options: p.options ?? [] })),
    ];
    const plan = planProperties(HUBSPOT_PROPERTIES, existing, ['contactinformation'], 'handoff');
    expect(plan.createGroup).toBe(false);
    expect(plan.conflicts).toEqual([{ name: 'handoff_score', expected: 'number (number)', actual: 'string (number)', reason: 'is of type string, not number' }]);
    expect(planProperties(HUBSPOT_PROPERTIES, [], [], 'handoff')).toMatchObject({ createGroup: true, create: HUBSPOT_PROPERTIES });
  });
});
