import { sfDateTime } from '../format.js';
import { OBJECTS } from '../objects.js';
import type { SalesforceStore, SfValue } from '../store.js';
import { createCustomField } from './custom-fields.js';
import { API_ONLY_PROFILE, INTEGRATION_PSL, SETUP_KEY_PREFIXES } from './objects.js';
import type { Session } from './access.js';

/**
 * The org around Handoff: the setup records every org has (the integration permission set license,
 * the standard duplicate rules, the Lead assignment rule), and the states `handoff setup` and
 * `handoff doctor` are tried against:
 * - `complete`: every custom field Handoff writes is there (the default);
 * - `bare`: none of them (the org's own custom fields stay), and the integration user is an API-only user (the Salesforce Integration
 *   license), so setup has to create the fields and a licensed permission set;
 * - `conflict`: like bare, but the org already has Lead.Handoff_Score__c as Text(10).
 */
export const ORG_STATES = ['complete', 'bare', 'conflict'] as const;
/** Handoff's custom fields (the org's own ones, like Disqualification_Reason__c, stay in every state). */
const HANDOFF_FIELD = /^(HubSpot|Handoff)_\w*__c$/;
export type OrgState = (typeof ORG_STATES)[number];

function audit(store: SalesforceStore): Record<string, SfValue> {
  const now = sfDateTime(store.clock.now());
  const userId = store.integrationUserId();
  return { CreatedDate: now, CreatedById: userId, LastModifiedDate: now, LastModifiedById: userId, SystemModstamp: now, IsDeleted: false };
}

function add(store: SalesforceStore, type: string, values: Record<string, SfValue>): void {
  store.put(type, { Id: store.ids.generate(SETUP_KEY_PREFIXES[type] ?? '000'), ...values, ...audit(store) });
}

/** Adds the setup records a new org has; run after every load. */
export function seedSetupRecords(store: SalesforceStore): void {
  add(store, 'PermissionSetLicense', { DeveloperName: INTEGRATION_PSL, MasterLabel: 'Salesforce API Integration', TotalLicenses: 5, UsedLicenses: 0, Status: 'Active' });
  for (const object of ['Lead', 'Contact']) {
    add(store, 'DuplicateRule', { DeveloperName: `Standard_${object}_Duplicate_Rule`, MasterLabel: `Standard ${object} Duplicate Rule`, SobjectType: object, IsActive: true });
  }
  add(store, 'AssignmentRule', { Name: 'Standard Lead Assignment', SobjectType: 'Lead', Active: true });
  syncDuplicateRules(store);
}

/** The DuplicateRule records follow the sandbox's duplicate-rule switch. */
export function syncDuplicateRules(store: SalesforceStore): void {
  for (const rule of store.all('DuplicateRule')) store.put('DuplicateRule', { ...rule, IsActive: store.settings.duplicateRulesEnabled });
}

/** Puts the org in one of the states above (fields, and the integration user's profile). */
export function applyOrgState(store: SalesforceStore, state: OrgState): void {
  store.settings.addedFields.clear();
  store.setHiddenFields([]);
  if (state === 'complete') return;
  store.setHiddenFields([...OBJECTS.values()].flatMap((o) => o.fields.filter((f) => HANDOFF_FIELD.test(f.name)).map((f) => `${o.name}.${f.name}`)));
  const apiOnly = store.all('Profile').find((p) => p.Name === API_ONLY_PROFILE);
  const user = store.get('User', store.integrationUserId());
  if (apiOnly && user) store.put('User', { ...user, ProfileId: apiOnly.Id ?? null });
  if (state === 'conflict') {
    createCustomField(store, { FullName: 'Lead.Handoff_Score__c', Metadata: { label: 'Handoff Score', type: 'Text', length: 10 } }, true);
  }
}

/** The admin sessions' user: the first active System Administrator, else the integration user. */
export function adminUserId(store: SalesforceStore): string {
  const admins = new Set(store.all('Profile').filter((p) => p.Name === 'System Administrator').map((p) => String(p.Id)));
  const admin = store.all('User').find((u) => u.IsActive !== false && admins.has(String(u.ProfileId)));
  return admin ? String(admin.Id) : store.integrationUserId();
}

/** `GET /services/oauth2/userinfo` (OpenID Connect UserInfo, Salesforce Help): who the token belongs to. */
export function userInfo(store: SalesforceStore, session: Session, orgId: string, baseUrl: string): Record<string, unknown> {
  const user = store.get('User', session.userId);
  return {
    sub: `${baseUrl}/id/${orgId}/${session.userId}`,
    user_id: session.userId,
    organization_id: orgId,
    preferred_username: user?.Username ?? null,
    email: user?.Email ?? null,
    name: user?.Name ?? null,
    active: user?.IsActive !== false,
    user_type: 'STANDARD',
  };
}
