import type { FieldDef } from './fields.js';
import type { ObjectDef } from './objects.js';
import type { SalesforceStore } from './store.js';

/**
 * `GET /sobjects/{type}/describe` and `GET /sobjects/` ("sObject Describe", "Describe Global", REST API
 * Developer Guide). Field keys follow DescribeFieldResult; values the sandbox does not model are constant.
 */
const SOAP_TYPES: Record<string, string> = {
  id: 'tns:ID',
  reference: 'tns:ID',
  boolean: 'xsd:boolean',
  double: 'xsd:double',
  currency: 'xsd:double',
  int: 'xsd:int',
  date: 'xsd:date',
  datetime: 'xsd:dateTime',
  anyType: 'xsd:anyType',
};

function describeField(f: FieldDef): Record<string, unknown> {
  const textual = !['boolean', 'double', 'currency', 'int', 'date', 'datetime'].includes(f.type);
  const decimal = f.type === 'double' || f.type === 'currency';
  return {
    aggregatable: f.type !== 'textarea',
    autoNumber: false,
    byteLength: textual ? f.length * 3 : 0,
    calculated: false,
    caseSensitive: false,
    createable: f.createable,
    custom: f.custom,
    defaultValue: typeof f.defaultValue === 'boolean' ? f.defaultValue : null,
    defaultedOnCreate: f.defaultedOnCreate,
    digits: f.type === 'int' ? 8 : 0,
    externalId: f.externalId,
    filterable: f.type !== 'textarea',
    groupable: !['textarea', 'double', 'currency', 'datetime'].includes(f.type),
    idLookup: f.type === 'id' || f.externalId || f.name === 'Email',
    label: f.label,
    length: textual ? f.length : 0,
    name: f.name,
    nameField: f.name === 'Name',
    nillable: f.nillable,
    picklistValues: f.picklistValues.map((p) => ({ ...p, validFor: null })),
    precision: f.precision ?? (decimal ? 18 : 0),
    referenceTo: f.referenceTo,
    relationshipName: f.relationshipName,
    restrictedPicklist: f.restrictedPicklist,
    // Currency fields such as AnnualRevenue are whole amounts in a new org.
    scale: f.scale ?? (f.type === 'double' ? 2 : 0),
    soapType: SOAP_TYPES[f.type] ?? 'xsd:string',
    sortable: f.type !== 'textarea',
    type: f.type,
    unique: f.unique,
    updateable: f.updateable,
  };
}

function objectFlags(o: ObjectDef, version: string): Record<string, unknown> {
  const base = `/services/data/v${version}/sobjects/${o.name}`;
  return {
    name: o.name,
    label: o.label,
    labelPlural: o.labelPlural,
    keyPrefix: o.keyPrefix,
    custom: false,
    createable: !o.readOnly,
    updateable: !o.readOnly,
    deletable: !o.readOnly,
    queryable: true,
    retrieveable: true,
    searchable: true,
    layoutable: true,
    triggerable: true,
    undeletable: !o.readOnly,
    mergeable: o.name === 'Lead' || o.name === 'Contact' || o.name === 'Account',
    replicateable: true,
    urls: { sobject: base, describe: `${base}/describe`, rowTemplate: `${base}/{ID}` },
  };
}

/** `access` applies the session's field-level security: a field it maps to null is left out. */
export function describeObject(
  store: SalesforceStore,
  o: ObjectDef,
  version: string,
  access?: (f: FieldDef) => FieldDef | null,
): Record<string, unknown> {
  const fields = [...store.fieldMap(o.name).values()];
  return {
    ...objectFlags(o, version),
    fields: (access ? fields.flatMap((f) => access(f) ?? []) : fields).map(describeField),
    childRelationships: [],
    recordTypeInfos: [],
    supportedScopes: [{ label: 'All', name: 'everything' }, { label: 'Mine', name: 'mine' }],
  };
}

export function describeGlobal(store: SalesforceStore, version: string): Record<string, unknown> {
  return { encoding: 'UTF-8', maxBatchSize: 200, sobjects: store.objects().map((o) => objectFlags(o, version)) };
}

/** `GET /sobjects/{type}`: basic information plus recently viewed items (always empty here). */
export function objectInfo(o: ObjectDef, version: string): Record<string, unknown> {
  return { objectDescribe: objectFlags(o, version), recentItems: [] };
}
