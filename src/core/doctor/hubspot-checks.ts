import type { Check, Fact } from '../../domain/doctor.js';
import { fail, ok, warn } from '../../domain/doctor.js';
import { propertyMismatch } from '../hubspot/property-definitions.js';
import type { ExistingProperty, HubSpotPropertyDefinition } from '../hubspot/property-definitions.js';

type Tier = 'starter' | 'professional' | 'enterprise' | 'oauth';

/** What Handoff does with the token: read contacts and their activity, write them back, create properties (setup). */
export const REQUIRED_HUBSPOT_SCOPES = ['crm.objects.contacts.read', 'crm.objects.contacts.write', 'crm.schemas.contacts.read', 'crm.schemas.contacts.write'] as const;

export function hubspotCredentialChecks(
  account: Fact<{ portalId: number }>,
  contacts: Fact<void>,
  properties: Fact<unknown>,
  granted: Fact<string[] | null> = { ok: true, value: null },
  /** Scopes this configuration needs besides the required ones (crm.lists.read for a rollout on a list). */
  extra: readonly string[] = [],
): Check[] {
  if (!account.ok && (account.code === 'AUTH_FAILED' || account.code === 'CONFIG_INVALID' || account.code === 'SESSION_EXPIRED')) {
    return [fail('hubspot.credentials', `HubSpot refused the token: ${account.message}`, 'Set HUBSPOT_ACCESS_TOKEN to a private app token of the account.')];
  }
  const checks = [account.ok ? ok('hubspot.credentials', `token of account ${account.value.portalId}`) : warn('hubspot.credentials', `could not read the account details: ${account.message}`, 'Check the token; the account-info call needs no scope.')];
  if (granted.ok && granted.value !== null) return [...checks, grantedScopesCheck(granted.value, extra)];
  const missing: string[] = [];
  if (!contacts.ok) missing.push(`crm.objects.contacts.read (${contacts.message})`);
  if (!properties.ok) missing.push(`crm.schemas.contacts.read (${properties.message})`);
  checks.push(
    missing.length > 0
      ? fail('hubspot.scopes', `the token may not: ${missing.join('; ')}`, 'Give the private app the scopes crm.objects.contacts.read/write and crm.schemas.contacts.read/write.')
      : ok('hubspot.scopes', 'reads contacts and their properties (writes are not tried: the writeback needs crm.objects.contacts.write, setup crm.schemas.contacts.write)'),
  );
  return checks;
}

/** Judged from the scopes HubSpot says the token has, reads and writes alike. */
export function grantedScopesCheck(granted: readonly string[], extra: readonly string[] = []): Check {
  const have = new Set(granted);
  const needed = [...REQUIRED_HUBSPOT_SCOPES, ...extra];
  const missing = needed.filter((s) => !have.has(s));
  if (missing.length === 0) return ok('hubspot.scopes', `the token has ${needed.join(', ')}`);
  return fail('hubspot.scopes', `the token lacks ${missing.join(', ')}`, `Add ${missing.join(', ')} to the private app's scopes (this gives the app a new token: update HUBSPOT_ACCESS_TOKEN).`);
}

/** The writeback and feedback properties: present and of the right type. Missing ones the sync creates itself, so they only warn. */
export function propertyChecks(required: readonly HubSpotPropertyDefinition[], existing: Fact<ExistingProperty[]>): Check[] {
  if (!existing.ok) return [];
  const byName = new Map(existing.value.map((p) => [p.name, p]));
  return required.map((def) => {
    const id = `hubspot.property.${def.name}`;
    const actual = byName.get(def.name);
    if (!actual) return warn(id, `${def.name} does not exist yet; the first writeback creates it`, 'Run `handoff setup` to create it now.');
    const mismatch = propertyMismatch(def, actual);
    if (mismatch) return fail(id, `${def.name} ${mismatch}`, `Change or replace the property by hand (setup never changes an existing one); it must be ${def.type}.`);
    return ok(id, `${def.name} (${def.type})`);
  });
}

/**
 * The tier, from the daily limit: 250,000 is Free or Starter, 625,000 (650,000 in older accounts)
 * Professional, 1,000,000 Enterprise, more an API add-on. The ten-second burst (190) is the same for
 * Professional and Enterprise, so only the daily limit tells them apart.
 */
export function tierFromDailyLimit(limit: number): Tier | null {
  if (limit <= 0) return null;
  if (limit <= 250_000) return 'starter';
  if (limit < 1_000_000) return 'professional';
  return 'enterprise';
}

export function tierCheck(usage: Fact<{ limit: number; used: number } | null>, configured: Tier): Check {
  const id = 'hubspot.tier';
  if (!usage.ok) return warn(id, `could not read the daily limit, so the tier is unknown: ${usage.message}`, `Check hubspot.tier (${configured}) against the account's subscription.`);
  if (usage.value === null) {
    return configured === 'oauth' ? ok(id, 'a public (OAuth) app: no daily limit; tier oauth') : warn(id, 'HubSpot reports no daily limit (a public app?)', 'Set hubspot.tier: oauth for a public app.');
  }
  const tier = tierFromDailyLimit(usage.value.limit);
  if (tier === null) return warn(id, `HubSpot reports a daily limit of ${usage.value.limit}`, `Check hubspot.tier (${configured}).`);
  if (tier !== configured) {
    return warn(id, `the daily limit ${usage.value.limit.toLocaleString('en-US')} is the ${tier} tier's, but hubspot.tier is ${configured}`, `Set hubspot.tier: ${tier} in handoff.yaml so Handoff paces itself to the account.`);
  }
  return ok(id, `${tier} (daily limit ${usage.value.limit.toLocaleString('en-US')})`);
}
