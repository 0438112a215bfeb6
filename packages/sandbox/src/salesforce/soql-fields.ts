import { SfError } from './errors.js';
import type { FieldDef } from './fields.js';
import { objectForId } from './ids.js';
import type { SalesforceStore, SfRecord, SfValue } from './store.js';

/** A field reference in SOQL, resolved against describe: `Email`, `Owner.Username`, `Who.Name`. */
export interface FieldPath {
  /** Canonical reference field names walked before the leaf, e.g. ['OwnerId']. */
  hops: string[];
  /** Canonical relationship names for output nesting, e.g. ['Owner']. */
  relationships: string[];
  leaf: FieldDef;
  /** Canonical dotted name, e.g. "Owner.Username". */
  name: string;
}

/** INVALID_FIELD as SOQL reports it (with the "No such column" wording and the WSDL hint). */
export function noSuchColumn(soql: string, raw: string, type: string): SfError {
  const column = soql.indexOf(raw) + 1;
  return new SfError(
    400,
    'INVALID_FIELD',
    `\n${soql}\n${' '.repeat(Math.max(0, column - 1))}^\nERROR at Row:1:Column:${column}\nNo such column '${raw.split('.').pop() ?? raw}' on entity '${type}'. If you are attempting to use a custom field, be sure to append the '__c' after the custom field name. Please reference your WSDL or the describe call for the appropriate names.`,
  );
}

export function resolvePath(store: SalesforceStore, soql: string, type: string, raw: string, alias?: string): FieldPath {
  let parts = raw.split('.');
  if (alias && parts.length > 1 && parts[0]?.toLowerCase() === alias.toLowerCase()) parts = parts.slice(1);
  const hops: string[] = [];
  const relationships: string[] = [];
  let types = [type];
  for (const rel of parts.slice(0, -1)) {
    const ref = types
      .flatMap((t) => [...store.fieldMap(t).values()])
      .find((f) => f.type === 'reference' && f.relationshipName?.toLowerCase() === rel.toLowerCase());
    if (!ref || !ref.relationshipName) {
      throw new SfError(
        400,
        'INVALID_FIELD',
        `Didn't understand relationship '${rel}' in field path. If you are attempting to use a custom relationship, be sure to append the '__r' after the custom relationship name.`,
      );
    }
    hops.push(ref.name);
    relationships.push(ref.relationshipName);
    types = ref.referenceTo.filter((t) => store.objects().some((o) => o.name === t));
  }
  const leafName = parts[parts.length - 1] ?? raw;
  const leaf = types.map((t) => store.field(t, leafName)).find((f) => f !== undefined);
  if (!leaf) throw noSuchColumn(soql, raw, types[0] ?? type);
  return { hops, relationships, leaf, name: [...relationships, leaf.name].join('.') };
}

/** Follows reference hops; undefined when a hop is null or points to a record the sandbox does not hold. */
export function parentRecord(store: SalesforceStore, record: SfRecord, hops: string[]): SfRecord | undefined {
  let current: SfRecord | undefined = record;
  for (const hop of hops) {
    const id: SfValue | undefined = current?.[hop];
    if (typeof id !== 'string') return undefined;
    const parentType = objectForId(id);
    current = parentType ? store.get(parentType, id) : undefined;
    if (!current) return undefined;
  }
  return current;
}

export function pathValue(store: SalesforceStore, record: SfRecord, path: FieldPath): SfValue {
  const target = path.hops.length === 0 ? record : parentRecord(store, record, path.hops);
  return target?.[path.leaf.name] ?? null;
}
