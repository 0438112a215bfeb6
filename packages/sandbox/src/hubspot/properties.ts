import { z } from 'zod';
import { HubSpotApiError, errorBody, validationError } from './errors.js';
import { SEED_GROUPS, seedRows } from './property-seed.js';
import { STORED_TYPES } from './object-types.js';
import type { PropertyType } from './property-seed.js';
import type { StoredType } from './object-types.js';

export interface PropertyOption {
  label: string;
  value: string;
  displayOrder: number;
  hidden: boolean;
  description?: string;
}

/** The `Property` shape of `GET /crm/v3/properties/{objectType}`. */
export interface PropertyDef {
  name: string;
  label: string;
  type: PropertyType;
  fieldType: string;
  description: string;
  groupName: string;
  options: PropertyOption[];
  displayOrder: number;
  calculated: boolean;
  externalOptions: boolean;
  hasUniqueValue: boolean;
  hidden: boolean;
  hubspotDefined?: boolean;
  formField: boolean;
  modificationMetadata: { archivable: boolean; readOnlyDefinition: boolean; readOnlyValue: boolean };
  createdAt: string;
  updatedAt: string;
  archived: boolean;
}

export interface PropertyGroupDef {
  name: string;
  label: string;
  displayOrder: number;
  archived: boolean;
}

const READ_ONLY = new Set(['hs_object_id', 'createdate', 'lastmodifieddate', 'hs_createdate', 'hs_lastmodifieddate', 'hs_merged_object_ids', 'hs_calculated_merged_vids']);

const optionSchema = z.object({
  label: z.string(),
  value: z.string(),
  displayOrder: z.number().int().optional(),
  hidden: z.boolean().optional(),
  description: z.string().optional(),
});

/** `PropertyCreate` (developers.hubspot.com/docs/api/crm/properties, "Create a property"). */
const propertyCreateSchema = z.object({
  name: z.string().regex(/^[a-z][a-z0-9_]*$/, 'Property names must be lowercase letters, digits and underscores'),
  label: z.string().min(1),
  type: z.enum(['string', 'number', 'date', 'datetime', 'enumeration', 'bool']),
  fieldType: z.enum(['text', 'textarea', 'number', 'date', 'select', 'radio', 'checkbox', 'booleancheckbox', 'phonenumber', 'file', 'html', 'calculation_equation']),
  groupName: z.string().min(1),
  description: z.string().optional(),
  options: z.array(optionSchema).optional(),
  displayOrder: z.number().int().optional(),
  hasUniqueValue: z.boolean().optional(),
  hidden: z.boolean().optional(),
  formField: z.boolean().optional(),
});

const groupCreateSchema = z.object({
  name: z.string().regex(/^[a-z][a-z0-9_]*$/),
  label: z.string().min(1),
  displayOrder: z.number().int().optional(),
});

function parseOrThrow<T>(schema: z.ZodType<T>, body: unknown): T {
  const parsed = schema.safeParse(body);
  if (!parsed.success) {
    const first = parsed.error.issues[0];
    throw validationError(`Invalid input JSON: ${first ? `${first.path.join('.')}: ${first.message}` : 'malformed'}`);
  }
  return parsed.data;
}

/** Property and property-group definitions per object type, seeded with HubSpot's defaults. */
export class PropertyRegistry {
  private props = new Map<StoredType, Map<string, PropertyDef>>();
  private groups = new Map<StoredType, Map<string, PropertyGroupDef>>();

  constructor(private readonly seedTime: string) {
    this.reset();
  }

  reset(): void {
    for (const type of STORED_TYPES) {
      const groups = new Map<string, PropertyGroupDef>();
      for (const [name, label] of SEED_GROUPS[type]) groups.set(name, { name, label, displayOrder: -1, archived: false });
      this.groups.set(type, groups);
      const props = new Map<string, PropertyDef>();
      seedRows(type).forEach(([name, label, ptype, fieldType, groupName, options], i) => {
        props.set(name, this.build({ name, label, type: ptype, fieldType, groupName, options: (options ?? []).map((value) => ({ label: value, value })), displayOrder: i }, true, this.seedTime));
      });
      this.props.set(type, props);
    }
  }

  list(type: StoredType): PropertyDef[] {
    return [...(this.props.get(type)?.values() ?? [])];
  }

  get(type: StoredType, name: string): PropertyDef | undefined {
    return this.props.get(type)?.get(name);
  }

  typeOf(type: StoredType, name: string): PropertyType {
    return this.props.get(type)?.get(name)?.type ?? 'string';
  }

  isReadOnly(name: string): boolean {
    return READ_ONLY.has(name);
  }

  create(type: StoredType, body: unknown, nowIso: string): PropertyDef {
    const input = parseOrThrow(propertyCreateSchema, body);
    const props = this.props.get(type) as Map<string, PropertyDef>;
    if (props.has(input.name)) {
      throw new HubSpotApiError(409, errorBody(`Property named '${input.name}' already exists.`, 'OBJECT_ALREADY_EXISTS'));
    }
    if (!this.groups.get(type)?.has(input.groupName)) {
      throw validationError(`Property group '${input.groupName}' does not exist.`);
    }
    const def = this.build(input, false, nowIso);
    props.set(def.name, def);
    return def;
  }

  listGroups(type: StoredType): PropertyGroupDef[] {
    return [...(this.groups.get(type)?.values() ?? [])];
  }

  createGroup(type: StoredType, body: unknown): PropertyGroupDef {
    const input = parseOrThrow(groupCreateSchema, body);
    const groups = this.groups.get(type) as Map<string, PropertyGroupDef>;
    if (groups.has(input.name)) {
      throw new HubSpotApiError(409, errorBody(`Property group named '${input.name}' already exists.`, 'OBJECT_ALREADY_EXISTS'));
    }
    const group = { name: input.name, label: input.label, displayOrder: input.displayOrder ?? -1, archived: false };
    groups.set(group.name, group);
    return group;
  }

  private build(input: Omit<z.output<typeof propertyCreateSchema>, 'fieldType'> & { fieldType: string }, hubspotDefined: boolean, at: string): PropertyDef {
    const def: PropertyDef = {
      name: input.name,
      label: input.label,
      type: input.type,
      fieldType: input.fieldType,
      description: input.description ?? '',
      groupName: input.groupName,
      options: (input.options ?? []).map((o, i) => ({ label: o.label, value: o.value, displayOrder: o.displayOrder ?? i, hidden: o.hidden ?? false, ...(o.description === undefined ? {} : { description: o.description }) })),
      displayOrder: input.displayOrder ?? -1,
      calculated: false,
      externalOptions: false,
      hasUniqueValue: input.hasUniqueValue ?? input.name === 'email',
      hidden: input.hidden ?? false,
      formField: input.formField ?? !hubspotDefined,
      modificationMetadata: { archivable: !hubspotDefined, readOnlyDefinition: hubspotDefined, readOnlyValue: READ_ONLY.has(input.name) },
      createdAt: at,
      updatedAt: at,
      archived: false,
    };
    if (hubspotDefined) def.hubspotDefined = true;
    return def;
  }
}
