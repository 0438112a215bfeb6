import type { Check, Fact } from '../../domain/doctor.js';
import { fail, ok, warn } from '../../domain/doctor.js';
import type { ObjectMeta } from '../salesforce/describe.js';
import type { RequiredField } from '../salesforce/custom-fields.js';
import { SETUP_DOC } from '../salesforce/custom-fields.js';
import { expectedNotation, fieldLabel, fieldMismatch } from '../salesforce/field-spec.js';
import { HANDOFF_PERMISSION_SET } from '../salesforce/permission-set.js';

const RUN_SETUP = `Run \`handoff setup\` with admin credentials, or see ${SETUP_DOC}.`;

/** The token: whose it is, and whether its scopes let Handoff call the REST API. */
export function credentialChecks(identity: Fact<{ userId: string; username: string; scopes: string[] | null }>): Check[] {
  if (!identity.ok) {
    return [
      fail(
        'salesforce.credentials',
        `Salesforce refused the integration credentials: ${identity.message}`,
        'Check SALESFORCE_CLIENT_ID, SALESFORCE_CLIENT_SECRET and SALESFORCE_LOGIN_URL (your My Domain URL), or SALESFORCE_INSTANCE_URL and SALESFORCE_ACCESS_TOKEN.',
      ),
    ];
  }
  const { username, userId, scopes } = identity.value;
  const checks = [ok('salesforce.credentials', `connected as ${username} (${userId})`)];
  if (scopes === null) checks.push(ok('salesforce.scopes', 'a token in hand: Salesforce does not report its scopes; the calls below show what it may do'));
  else if (scopes.includes('api') || scopes.includes('full')) checks.push(ok('salesforce.scopes', `granted: ${scopes.join(' ')}`));
  else checks.push(fail('salesforce.scopes', `granted: ${scopes.join(' ') || '(none)'}; Handoff needs "api"`, 'Add "Manage user data via APIs (api)" to the connected app\'s OAuth scopes.'));
  return checks;
}

export function apiVersionCheck(versions: Fact<string[]>, configured: string): Check {
  const id = 'salesforce.api-version';
  if (!versions.ok) return warn(id, `could not list the API versions: ${versions.message}`, 'Check the instance URL.');
  const latest = versions.value.map(Number).reduce((a, b) => Math.max(a, b), 0);
  if (!versions.value.includes(configured)) {
    return fail(id, `the org does not serve API v${configured} (latest v${latest.toFixed(1)})`, `Set salesforce.apiVersion (or SALESFORCE_API_VERSION) to a version the org serves, e.g. ${latest.toFixed(1)}.`);
  }
  if (latest - Number(configured) > 6) {
    return warn(id, `v${configured} is served, but the org is at v${latest.toFixed(1)}: Salesforce retires old versions`, `Move salesforce.apiVersion closer to ${latest.toFixed(1)}.`);
  }
  return ok(id, `v${configured} (the org serves up to v${latest.toFixed(1)})`);
}

/**
 * One line per custom field: there, as Handoff needs it, and createable and updateable by the
 * integration user. A missing optional field (the scorecard) is a warning; a missing required one,
 * one that differs, or one the user may not edit fails.
 */
export function fieldChecks(fields: readonly RequiredField[], describes: Fact<Partial<Record<string, ObjectMeta>>>): Check[] {
  if (!describes.ok) return [fail('salesforce.describe', `could not describe Lead, Contact and Task: ${describes.message}`, 'Give the integration user read access to Lead, Contact and Task.')];
  return fields.map((def) => {
    const id = `salesforce.field.${fieldLabel(def)}`;
    const object = describes.value[def.object];
    if (!object) return fail(id, `the integration user may not describe ${def.object}`, `Give the integration user access to ${def.object}.`);
    const meta = object.fields.find((f) => f.name.toLowerCase() === def.name.toLowerCase());
    if (!meta) {
      const message = `${fieldLabel(def)} is missing or not visible to the integration user (${expectedNotation(def)})`;
      return def.optional ? warn(id, `${message}; Handoff reads it when present`, RUN_SETUP) : fail(id, message, RUN_SETUP);
    }
    const mismatch = fieldMismatch(def, meta);
    if (mismatch) return fail(id, `${fieldLabel(def)} ${mismatch}`, `Change or replace the field by hand (setup never changes an existing field); it must be ${expectedNotation(def)}.`);
    if (!meta.createable || !meta.updateable) {
      return fail(id, `${fieldLabel(def)} is read-only for the integration user`, `Assign the ${HANDOFF_PERMISSION_SET.name} permission set (handoff setup does), or give edit access to the field.`);
    }
    return ok(id, `${fieldLabel(def)} ${expectedNotation(def)}, editable`);
  });
}

/** The Lead fields config/mapping.yaml writes exist. */
export function mappingCheck(leadFields: readonly string[], describes: Fact<Partial<Record<string, ObjectMeta>>>): Check | null {
  if (!describes.ok || !describes.value.Lead) return null;
  const have = new Set(describes.value.Lead.fields.map((f) => f.name.toLowerCase()));
  const unknown = leadFields.filter((f) => !have.has(f.toLowerCase()));
  if (unknown.length > 0) return fail('salesforce.mapping', `mapping.yaml writes Lead fields the org lacks: ${unknown.join(', ')}`, 'Create them or change config/mapping.yaml.');
  return ok('salesforce.mapping', `all ${leadFields.length} Lead fields mapping.yaml writes exist`);
}

export function duplicateRuleCheck(rules: Fact<{ name: string; object: string }[]>): Check {
  const id = 'salesforce.duplicate-rules';
  if (!rules.ok) return warn(id, `could not read the duplicate rules: ${rules.message}`, 'Give the integration user "View Setup and Configuration" to let doctor see them.');
  if (rules.value.length === 0) return ok(id, 'no active duplicate rule on Lead or Contact');
  return warn(
    id,
    `active on Handoff's writes: ${rules.value.map((r) => `${r.name} (${r.object})`).join(', ')}. Handoff matches by email first; a Lead a rule blocks is dead-lettered as DUPLICATES_DETECTED`,
    'Nothing to do if that is what you want; otherwise let the rules allow saving for the integration user, and watch `handoff dlq list --code DUPLICATE`.',
  );
}

export function assignmentRuleCheck(rules: Fact<string[]>, mode: 'handoff' | 'salesforce'): Check {
  const id = 'salesforce.assignment-rules';
  if (!rules.ok) return warn(id, `could not read the Lead assignment rules: ${rules.message}`, 'Give the integration user "View Setup and Configuration" to let doctor see them.');
  const names = rules.value.join(', ');
  if (mode === 'handoff') {
    return ok(id, rules.value.length === 0 ? 'no active Lead assignment rule' : `active: ${names}; it will not act on Handoff's writes (Sforce-Auto-Assign: FALSE, assignment.mode handoff)`);
  }
  if (rules.value.length === 0) {
    return fail(id, 'assignment.mode is salesforce, but the org has no active Lead assignment rule: Leads would stay with the integration user', 'Activate a Lead assignment rule, or set assignment.mode: handoff in routing.yaml.');
  }
  return ok(id, `assignment.mode salesforce: ${names} assigns Handoff's Leads`);
}

/** Today's budget: Handoff stops at `share` of the allocation; warn past three quarters of that. */
export function budgetCheck(id: string, system: string, usage: Fact<{ limit: number; used: number } | null>, share: number): Check {
  if (!usage.ok) return warn(id, `could not read ${system}'s API usage: ${usage.message}`, `Give the integration user access to the ${system} API usage (Salesforce: "View Setup and Configuration" for /limits).`);
  if (usage.value === null) return ok(id, `${system} reports no daily limit for this app`);
  const { limit, used } = usage.value;
  const stopAt = Math.floor(limit * share);
  const text = `${used.toLocaleString('en-US')} of ${limit.toLocaleString('en-US')} calls used today; Handoff stops at ${stopAt.toLocaleString('en-US')} (${Math.round(share * 100)}%)`;
  if (used >= stopAt) return fail(id, text, `Wait for the daily window to roll over, or raise the share Handoff may use in handoff.yaml.`);
  if (used >= stopAt * 0.75) return warn(id, text, 'Other integrations use most of the budget: watch it, or raise the share Handoff may use.');
  return ok(id, text);
}

export function notificationTypeCheck(configured: string | null, types: Fact<string[]> | null): Check | null {
  if (configured === null) return null;
  const id = 'salesforce.notification-type';
  if (!types?.ok) return warn(id, `could not read the custom notification types: ${types?.message ?? 'not asked'}`, RUN_SETUP);
  if (!types.value.includes(configured)) return fail(id, `the custom notification type ${configured} (notify.salesforce.notificationType) does not exist`, RUN_SETUP);
  return ok(id, `custom notification type ${configured} exists`);
}
