import { z } from 'zod';
import { SfError } from '../errors.js';
import { field, picklist } from '../fields.js';
import type { FieldDef } from '../fields.js';
import { OBJECTS, findObject } from '../objects.js';
import type { AddedField, SalesforceStore } from '../store.js';
import { SETUP_KEY_PREFIXES } from './objects.js';

/**
 * Custom fields as the Tooling API creates them (`POST tooling/sobjects/CustomField` with `FullName` and
 * `Metadata`, "CustomField", Tooling API Developer Guide; the metadata keys are the Metadata API's
 * CustomField). What a real org refuses is refused here: a name already in use, an activity field named
 * on Task or Event instead of Activity, a missing label or length, and changing a field's type.
 */
const metadataSchema = z
  .object({
    label: z.string().min(1).max(40).optional(),
    type: z.string(),
    length: z.number().int().optional(),
    precision: z.number().int().optional(),
    scale: z.number().int().optional(),
    visibleLines: z.number().int().optional(),
    externalId: z.boolean().optional(),
    unique: z.boolean().optional(),
    required: z.boolean().optional(),
    description: z.string().optional(),
    defaultValue: z.string().nullable().optional(),
    valueSet: z
      .object({
        restricted: z.boolean().optional(),
        valueSetDefinition: z.object({ value: z.array(z.object({ fullName: z.string(), label: z.string().optional() })) }),
      })
      .optional(),
  })
  .loose();
type Metadata = z.output<typeof metadataSchema>;

const integrity = (message: string): SfError => new SfError(400, 'FIELD_INTEGRITY_EXCEPTION', message, []);
const NAME = /^[A-Za-z](?:[A-Za-z0-9]|_(?!_))*__c$/;

/** "Activity.X__c" → Task (and Event, when the org has it); "Lead.X__c" → Lead. */
export function targetObjects(fullName: string): { objects: string[]; name: string } {
  const [entity = '', name = '', ...rest] = fullName.split('.');
  if (rest.length > 0 || !NAME.test(name)) throw integrity(`Invalid field name: ${fullName}. A custom field's API name ends in __c, after a letter, letters, digits and single underscores.`);
  if (entity === 'Activity') return { objects: ['Task', 'Event'].filter((o) => OBJECTS.has(o)), name };
  if (entity === 'Task' || entity === 'Event') {
    throw integrity(`Cannot create a custom field on ${entity}: Task and Event share activity custom fields; create it as Activity.${name}`);
  }
  const o = findObject(entity);
  if (!o) throw new SfError(400, 'INVALID_TYPE', `sObject type '${entity}' is not supported.`);
  return { objects: [o.name], name };
}

function length(meta: Metadata, min: number, max: number): number {
  if (meta.length === undefined || meta.length < min || meta.length > max) throw integrity(`Length: a ${meta.type} field needs a length from ${min} to ${max}`);
  return meta.length;
}

/** The describe-side definition of a field created with this metadata. */
export function fieldFromMetadata(name: string, meta: Metadata): FieldDef {
  if (!meta.label) throw new SfError(400, 'REQUIRED_FIELD_MISSING', 'Required field is missing: label', ['label']);
  const flags = { label: meta.label, externalId: meta.externalId === true, unique: meta.unique === true };
  switch (meta.type) {
    case 'Text':
      return field(name, 'string', { ...flags, length: length(meta, 1, 255) });
    case 'TextArea':
      return field(name, 'textarea', { label: meta.label, length: 255 });
    case 'LongTextArea':
      if (meta.visibleLines === undefined) throw new SfError(400, 'REQUIRED_FIELD_MISSING', 'Required field is missing: visibleLines', ['visibleLines']);
      return field(name, 'textarea', { label: meta.label, length: length(meta, 256, 131072) });
    case 'Number': {
      const precision = meta.precision ?? -1;
      const scale = meta.scale ?? -1;
      if (precision < 1 || precision > 18 || scale < 0 || scale > precision) throw integrity('Precision and scale: a Number field takes 1 to 18 digits, of which 0 up to all may be decimals');
      return field(name, 'double', { ...flags, precision, scale });
    }
    case 'DateTime':
      return field(name, 'datetime', { label: meta.label });
    case 'Date':
      return field(name, 'date', { label: meta.label });
    case 'Checkbox':
      if (meta.defaultValue !== 'true' && meta.defaultValue !== 'false') throw integrity('Default value: a Checkbox field needs defaultValue true or false');
      return field(name, 'boolean', { label: meta.label, nillable: false, defaultedOnCreate: true, defaultValue: meta.defaultValue === 'true' });
    case 'Picklist': {
      const values = meta.valueSet?.valueSetDefinition.value.map((v) => v.fullName) ?? [];
      if (values.length === 0) throw integrity('Values: a Picklist field needs at least one value');
      return picklist(name, values, { label: meta.label, restricted: meta.valueSet?.restricted === true });
    }
    case 'Email':
      return field(name, 'email', { ...flags, length: 80 });
    case 'Phone':
      return field(name, 'phone', { label: meta.label, length: 40 });
    case 'Url':
      return field(name, 'url', { label: meta.label, length: 255 });
    default:
      throw integrity(`Field type ${meta.type} is not supported by the sandbox`);
  }
}

/** Creates the field on each object it belongs to; the new CustomField id. */
export function createCustomField(store: SalesforceStore, body: unknown, isPublic = false): string {
  const parsed = z.object({ FullName: z.string(), Metadata: metadataSchema }).safeParse(body);
  if (!parsed.success) throw new SfError(400, 'JSON_PARSER_ERROR', `Invalid CustomField body: ${parsed.error.issues[0]?.message ?? 'bad body'}`);
  const { objects, name } = targetObjects(parsed.data.FullName);
  for (const o of objects) {
    if (store.field(o, name)) {
      throw new SfError(400, 'DUPLICATE_DEVELOPER_NAME', `There is already a field named ${name.replace(/__c$/, '')} on ${objects[0] === 'Task' ? 'Activity' : o}.`, []);
    }
  }
  const def = fieldFromMetadata(name, parsed.data.Metadata);
  const id = store.ids.generate(SETUP_KEY_PREFIXES.CustomField ?? '00N');
  for (const o of objects) store.setAddedField(`${o}.${name}`, { id, object: o, def, metadataType: parsed.data.Metadata.type, public: isPublic });
  return id;
}

function byId(store: SalesforceStore, id: string): AddedField[] {
  return [...store.settings.addedFields.values()].filter((f) => f.id === id);
}

/** `GET tooling/sobjects/CustomField/{id}`. */
export function readCustomField(store: SalesforceStore, id: string): Record<string, unknown> {
  const [first] = byId(store, id);
  if (!first) throw new SfError(404, 'NOT_FOUND', 'The requested resource does not exist');
  const entity = first.object === 'Task' || first.object === 'Event' ? 'Activity' : first.object;
  return {
    attributes: { type: 'CustomField' },
    Id: id,
    DeveloperName: first.def.name.replace(/__c$/, ''),
    TableEnumOrId: entity,
    FullName: `${entity}.${first.def.name}`,
    Metadata: { label: first.def.label, type: first.metadataType, externalId: first.def.externalId, unique: first.def.unique },
  };
}

/** `PATCH tooling/sobjects/CustomField/{id}`: a new label or description; another type is refused. */
export function updateCustomField(store: SalesforceStore, id: string, body: unknown): void {
  const fields = byId(store, id);
  const [first] = fields;
  if (!first) throw new SfError(404, 'NOT_FOUND', 'The requested resource does not exist');
  const meta = z.object({ Metadata: metadataSchema }).parse(body).Metadata;
  if (meta.type !== first.metadataType) {
    throw integrity(`Cannot change the type of ${first.def.name} from ${first.metadataType} to ${meta.type}: data in the field would be lost or converted. Create a new field instead.`);
  }
  for (const f of fields) store.setAddedField(`${f.object}.${f.def.name}`, { ...f, def: { ...f.def, label: meta.label ?? f.def.label } });
}
