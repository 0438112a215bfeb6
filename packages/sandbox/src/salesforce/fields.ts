/**
 * Field metadata for the emulated objects, in the shape `describe` returns ("DescribeFieldResult",
 * SOAP API Developer Guide; "sObject Describe", REST API Developer Guide).
 */
export type FieldType =
  | 'id'
  | 'string'
  | 'textarea'
  | 'email'
  | 'phone'
  | 'url'
  | 'picklist'
  | 'combobox'
  | 'reference'
  | 'datetime'
  | 'date'
  | 'boolean'
  | 'double'
  | 'currency'
  | 'int'
  /** History values (OldValue/NewValue): whatever type the tracked field has. */
  | 'anyType';

export interface PicklistValue {
  value: string;
  label: string;
  active: boolean;
  defaultValue: boolean;
}

export interface FieldDef {
  name: string;
  label: string;
  type: FieldType;
  length: number;
  nillable: boolean;
  createable: boolean;
  updateable: boolean;
  defaultedOnCreate: boolean;
  externalId: boolean;
  unique: boolean;
  custom: boolean;
  picklistValues: PicklistValue[];
  restrictedPicklist: boolean;
  referenceTo: string[];
  relationshipName: string | null;
  /** Value written on create when the caller leaves the field out. */
  defaultValue: string | boolean | null;
  /** Indexed for equality/IN lookups in SOQL, upsert matching and duplicate rules. */
  indexed: boolean;
  /** Number fields: total digits and digits after the decimal point, as Setup's Number(p,s). */
  precision?: number;
  scale?: number;
}

type FieldOptions = Partial<Omit<FieldDef, 'name' | 'type'>>;

function labelFor(name: string): string {
  return name
    .replace(/__c$/, '')
    .replace(/_/g, ' ')
    .replace(/([a-z])([A-Z])/g, '$1 $2')
    .replace(/ Id$/, ' ID');
}

export function field(name: string, type: FieldType, opts: FieldOptions = {}): FieldDef {
  const isReference = type === 'reference';
  return {
    name,
    label: opts.label ?? labelFor(name),
    type,
    length: opts.length ?? (type === 'id' || isReference ? 18 : 0),
    nillable: opts.nillable ?? true,
    createable: opts.createable ?? true,
    updateable: opts.updateable ?? true,
    defaultedOnCreate: opts.defaultedOnCreate ?? false,
    externalId: opts.externalId ?? false,
    unique: opts.unique ?? false,
    custom: name.endsWith('__c'),
    picklistValues: opts.picklistValues ?? [],
    restrictedPicklist: opts.restrictedPicklist ?? false,
    referenceTo: opts.referenceTo ?? [],
    relationshipName: opts.relationshipName ?? (isReference ? name.replace(/Id$/, '') : null),
    defaultValue: opts.defaultValue ?? null,
    indexed: opts.indexed ?? (opts.externalId === true || type === 'id'),
    ...(opts.precision !== undefined ? { precision: opts.precision } : {}),
    ...(opts.scale !== undefined ? { scale: opts.scale } : {}),
  };
}

export const text = (name: string, length: number, opts: FieldOptions = {}): FieldDef =>
  field(name, 'string', { length, ...opts });

export const required = (def: FieldDef): FieldDef => ({ ...def, nillable: false });

/** Read-only system field: not createable/updateable, never null. */
export const system = (name: string, type: FieldType, opts: FieldOptions = {}): FieldDef =>
  field(name, type, { createable: false, updateable: false, nillable: false, defaultedOnCreate: true, ...opts });

export function picklist(
  name: string,
  values: string[],
  opts: FieldOptions & { defaultValue?: string; restricted?: boolean } = {},
): FieldDef {
  const { restricted, ...rest } = opts;
  return field(name, 'picklist', {
    length: 255,
    restrictedPicklist: restricted ?? false,
    defaultedOnCreate: opts.defaultValue !== undefined,
    picklistValues: values.map((value) => ({ value, label: value, active: true, defaultValue: value === opts.defaultValue })),
    ...rest,
  });
}

/** A picklist that also takes values outside its list (Task.Subject). */
export const combobox = (name: string, values: string[], length: number): FieldDef => ({ ...picklist(name, values, { length }), type: 'combobox' });

export const reference = (name: string, referenceTo: string[], opts: FieldOptions = {}): FieldDef =>
  field(name, 'reference', { referenceTo, ...opts });

/** Fields every emulated object carries. */
export function auditFields(): FieldDef[] {
  return [
    system('CreatedDate', 'datetime'),
    system('CreatedById', 'reference', { referenceTo: ['User'], relationshipName: 'CreatedBy' }),
    system('LastModifiedDate', 'datetime'),
    system('LastModifiedById', 'reference', { referenceTo: ['User'], relationshipName: 'LastModifiedBy' }),
    system('SystemModstamp', 'datetime'),
    system('IsDeleted', 'boolean'),
  ];
}
