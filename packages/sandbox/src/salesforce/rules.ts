import { SfError } from './errors.js';
import type { SalesforceStore, SfRecord, SfValue } from './store.js';

/**
 * Org automation that runs on save: unique fields, Lead assignment rules and the standard duplicate rules.
 */

/** Unique fields ("Unique" attribute on custom fields) → DUPLICATE_VALUE, message as in "Status Codes and Error Responses". */
export function checkUnique(store: SalesforceStore, type: string, record: Readonly<Record<string, SfValue>>): void {
  for (const f of store.fieldMap(type).values()) {
    if (!f.unique) continue;
    const value = record[f.name];
    if (value === null || value === undefined) continue;
    const other = store.lookup(type, f.name, value).find((r) => r.Id !== record.Id);
    if (other) {
      throw new SfError(
        400,
        'DUPLICATE_VALUE',
        `duplicate value found: ${f.name} duplicates value on record with id: ${String(other.Id)}`,
        [],
      );
    }
  }
}

interface ValidationRule {
  object: string;
  name: string;
  /** Where the error shows: Salesforce lists it in `fields`. */
  field: string;
  message: string;
  /** The rule's formula: true blocks the save. */
  fails(record: Readonly<Record<string, SfValue>>): boolean;
}

/**
 * The emulated org's validation rules, like those admins add to real orgs: a formula that evaluates to
 * true blocks the save with FIELD_CUSTOM_VALIDATION_EXCEPTION and the rule's error message
 * ("Validation Rules", Salesforce Help; "Status Codes and Error Responses", REST API Developer Guide).
 * They run after the field-level checks, before the duplicate rules, as in the order of execution.
 */
const VALIDATION_RULES: readonly ValidationRule[] = [
  {
    object: 'Lead',
    name: 'Plausible_Headcount',
    field: 'NumberOfEmployees',
    message: 'Number of employees must be under 1,000,000: check the figure with the prospect.',
    fails: (r) => typeof r.NumberOfEmployees === 'number' && r.NumberOfEmployees >= 1_000_000,
  },
];

export function checkValidationRules(type: string, record: Readonly<Record<string, SfValue>>): void {
  for (const rule of VALIDATION_RULES) {
    if (rule.object === type && rule.fails(record)) throw new SfError(400, 'FIELD_CUSTOM_VALIDATION_EXCEPTION', rule.message, [rule.field]);
  }
}

const RULES: Readonly<Record<string, { rule: string; message: string }>> = {
  Lead: { rule: 'Standard_Lead_Duplicate_Rule', message: 'Use one of these records?' },
  Contact: { rule: 'Standard_Contact_Duplicate_Rule', message: 'Use one of these records?' },
};

/**
 * Standard duplicate rules, reduced to their email part: a Lead or Contact whose Email matches (case-insensitively)
 * another live Lead or Contact is blocked unless `Sforce-Duplicate-Rule-Header: allowSave=true`.
 * Converted leads are not matched, as in the Standard Lead Matching Rule.
 * Body shape: "DuplicateResult" (SOAP API Developer Guide) as the REST API serialises it.
 */
export function checkDuplicates(
  store: SalesforceStore,
  type: string,
  record: Readonly<Record<string, SfValue>>,
  version: string,
  allowSave: boolean,
): void {
  const rule = RULES[type];
  if (!rule || !store.settings.duplicateRulesEnabled || allowSave) return;
  const email = record.Email;
  if (email === null || email === undefined) return;
  const matchResults = (['Lead', 'Contact'] as const)
    .map((entityType) => {
      const matches = store
        .lookup(entityType, 'Email', email)
        .filter((r) => r.Id !== record.Id && r.IsConverted !== true);
      return { entityType, matches };
    })
    .filter((m) => m.matches.length > 0);
  if (matchResults.length === 0) return;
  throw new SfError(400, 'DUPLICATES_DETECTED', rule.message, [], {
    duplicateResult: {
      allowSave: false,
      duplicateRule: rule.rule,
      duplicateRuleEntityType: type,
      errorMessage: rule.message,
      matchResults: matchResults.map(({ entityType, matches }) => ({
        entityType,
        errors: [],
        matchEngine: 'FuzzyMatchEngine',
        matchRecords: matches.map((r: SfRecord) => ({
          additionalInformation: [],
          fieldDiffs: [],
          matchConfidence: 100.0,
          record: { attributes: { type: entityType, url: `/services/data/v${version}/sobjects/${entityType}/${String(r.Id)}` }, Id: r.Id },
        })),
        rule: `Standard_${entityType}_Match_Rule_v1_0`,
        size: matches.length,
        success: true,
      })),
    },
  });
}

/**
 * Lead assignment rule: runs on create and update unless `Sforce-Auto-Assign: FALSE`
 * ("Assignment Rule Header", REST API Developer Guide — default TRUE when absent).
 */
export function applyAssignment(store: SalesforceStore, type: string, record: Record<string, SfValue>, autoAssign: boolean): void {
  if (type !== 'Lead' || !autoAssign) return;
  record.OwnerId = store.assignmentOwnerId();
}

/** Header value → whether assignment rules run. TRUE or an AssignmentRule id (01Q…) run them. */
export function parseAutoAssign(header: string | undefined): boolean {
  if (header === undefined) return true;
  return header.trim().toUpperCase() !== 'FALSE';
}

/** `Sforce-Duplicate-Rule-Header: allowSave=true, includeRecordDetails=true, runAsCurrentUser=true` */
export function parseAllowSave(header: string | undefined): boolean {
  if (!header) return false;
  return header
    .split(/[,;]/)
    .map((part) => part.trim().toLowerCase().replace(/\s+/g, ''))
    .includes('allowsave=true');
}
