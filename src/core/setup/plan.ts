import type { ObjectMeta } from '../salesforce/describe.js';
import type { RequiredField } from '../salesforce/custom-fields.js';
import { expectedNotation, actualNotation, fieldLabel, fieldMismatch } from '../salesforce/field-spec.js';
import { propertyMismatch } from '../hubspot/property-definitions.js';
import type { ExistingProperty, HubSpotPropertyDefinition } from '../hubspot/property-definitions.js';

/** An existing field or property that differs from what Handoff needs: reported, never changed. */
export interface Conflict {
  name: string;
  expected: string;
  actual: string;
  /** Why it can't be used, in a few words. */
  reason: string;
}

export interface FieldPlan {
  create: RequiredField[];
  unchanged: RequiredField[];
  conflicts: Conflict[];
}

/**
 * Which required fields to create, which are already there as needed, and which exist but differ.
 * `describes` holds the objects as the caller sees them (an object it could not describe is absent:
 * all its fields count as to create). Pure.
 */
export function planFields(required: readonly RequiredField[], describes: Partial<Record<string, ObjectMeta>>): FieldPlan {
  const plan: FieldPlan = { create: [], unchanged: [], conflicts: [] };
  for (const def of required) {
    const meta = describes[def.object]?.fields.find((f) => f.name.toLowerCase() === def.name.toLowerCase());
    if (!meta) {
      plan.create.push(def);
      continue;
    }
    const reason = fieldMismatch(def, meta);
    if (reason) plan.conflicts.push({ name: fieldLabel(def), expected: expectedNotation(def), actual: actualNotation(meta), reason });
    else plan.unchanged.push(def);
  }
  return plan;
}

export interface PropertyPlan {
  createGroup: boolean;
  create: HubSpotPropertyDefinition[];
  unchanged: HubSpotPropertyDefinition[];
  conflicts: Conflict[];
}

/** The same for HubSpot: the group when missing, each property to create, keep, or report. Pure. */
export function planProperties(
  required: readonly HubSpotPropertyDefinition[],
  existing: readonly ExistingProperty[],
  groups: readonly string[],
  groupName: string,
): PropertyPlan {
  const byName = new Map(existing.map((p) => [p.name, p]));
  const plan: PropertyPlan = { createGroup: false, create: [], unchanged: [], conflicts: [] };
  for (const def of required) {
    const actual = byName.get(def.name);
    if (!actual) {
      plan.create.push(def);
      continue;
    }
    const reason = propertyMismatch(def, actual);
    if (reason) {
      plan.conflicts.push({ name: def.name, expected: `${def.type} (${def.fieldType})`, actual: `${actual.type} (${actual.fieldType})`, reason });
    } else plan.unchanged.push(def);
  }
  plan.createGroup = plan.create.length > 0 && !groups.includes(groupName);
  return plan;
}
