import { rolloutLists } from '../../core/rollout.js';
import type { Config } from '../../config/load.js';
import { HandoffError } from '../../domain/errors.js';
import type { Check, DoctorReport, Fact } from '../../domain/doctor.js';
import { doctorReport, fail, ok } from '../../domain/doctor.js';
import { CUSTOM_FIELDS } from '../../core/salesforce/custom-fields.js';
import { HUBSPOT_PROPERTIES } from '../../core/hubspot/property-definitions.js';
import { calendarChecks, queueCheck, reassignUserCheck, routingUserCheck } from '../../core/doctor/config-checks.js';
import { hubspotCredentialChecks, propertyChecks, tierCheck } from '../../core/doctor/hubspot-checks.js';
import {
  apiVersionCheck,
  assignmentRuleCheck,
  budgetCheck,
  credentialChecks,
  duplicateRuleCheck,
  fieldChecks,
  mappingCheck,
  notificationTypeCheck,
} from '../../core/doctor/salesforce-checks.js';
import type { DoctorChannels, DoctorHubSpot, DoctorSalesforce } from '../../ports/doctor.js';

export interface DoctorDeps {
  config: Config;
  now: Date;
  /** Salesforce as the integration user; a refused connection is the failed credentials check. */
  salesforce: () => Promise<DoctorSalesforce>;
  hubspot: () => DoctorHubSpot;
  channels: DoctorChannels;
}

async function fact<T>(fn: () => Promise<T>): Promise<Fact<T>> {
  try {
    return { ok: true, value: await fn() };
  } catch (err) {
    return { ok: false, code: err instanceof HandoffError ? err.code : 'UNKNOWN', message: err instanceof Error ? err.message : String(err) };
  }
}

/**
 * `handoff doctor`: the checklist against the live systems, as the integration user. Every check runs
 * even when another failed (except those that need a connection that was refused), so one run lists
 * everything to fix.
 */
export async function runDoctor(deps: DoctorDeps, opts: { sendTest: boolean }): Promise<DoctorReport> {
  const [salesforce, hubspot, channels] = await Promise.all([salesforceChecks(deps), hubspotChecks(deps), channelChecks(deps.channels, opts.sendTest)]);
  const { routing, sla } = deps.config;
  return doctorReport([...salesforce, ...hubspot, ...calendarChecks(routing, sla, deps.now), ...channels]);
}

async function salesforceChecks(deps: DoctorDeps): Promise<Check[]> {
  const { config } = deps;
  const connected = await fact(() => deps.salesforce());
  if (!connected.ok) return credentialChecks(connected);
  const sf = connected.value;
  const identity = await fact(() => sf.identity());
  if (!identity.ok) return credentialChecks(identity);
  const objects = [...new Set(CUSTOM_FIELDS.map((f) => f.object))];
  const notifyType = config.handoff.notify.salesforce.notificationType;
  const [versions, describes, dupes, assignment, usage, users, queues, types] = await Promise.all([
    fact(() => sf.apiVersions()),
    fact(() => sf.describe(objects)),
    fact(() => sf.activeDuplicateRules(['Lead', 'Contact'])),
    fact(() => sf.activeLeadAssignmentRules()),
    fact(() => sf.dailyApiUsage().then((u) => ({ limit: u.max, used: u.max - u.remaining }))),
    fact(() => sf.users()),
    config.routing.fallback.queue === undefined ? Promise.resolve(null) : fact(() => sf.leadQueues()),
    notifyType === null ? Promise.resolve(null) : fact(() => sf.notificationTypes()),
  ]);
  const leadFields = [...config.mapping.lead.map((m) => m.to), ...Object.keys(config.mapping.leadDefaults)];
  return [
    ...credentialChecks(identity),
    apiVersionCheck(versions, config.connections.salesforce.apiVersion),
    ...fieldChecks(CUSTOM_FIELDS, describes),
    mappingCheck(leadFields, describes),
    duplicateRuleCheck(dupes),
    assignmentRuleCheck(assignment, config.routing.assignment.mode),
    budgetCheck('salesforce.api-budget', 'Salesforce', usage, config.handoff.salesforce.dailyBudgetShare),
    routingUserCheck(config.routing, users),
    reassignUserCheck(config.handoff.sla, config.routing, users),
    queues === null ? null : queueCheck(config.routing, queues),
    notificationTypeCheck(notifyType, types),
  ].filter((c): c is Check => c !== null);
}

async function hubspotChecks(deps: DoctorDeps): Promise<Check[]> {
  const built = await fact(() => Promise.resolve(deps.hubspot()));
  if (!built.ok) return [fail('hubspot.credentials', built.message, 'Set HUBSPOT_ACCESS_TOKEN to a private app token of the account.')];
  const hs = built.value;
  const [account, contacts, properties, usage, granted] = await Promise.all([
    fact(() => hs.account()),
    fact(() => hs.readContacts()),
    fact(() => hs.contactProperties()),
    fact(() => hs.dailyUsage()),
    fact(() => hs.tokenScopes()),
  ]);
  // A rollout segment on a HubSpot list reads its members: that takes crm.lists.read.
  const credentials = hubspotCredentialChecks(account, contacts, properties, granted, rolloutLists(deps.config.handoff.rollout).length > 0 ? ['crm.lists.read'] : []);
  if (credentials.some((c) => c.id === 'hubspot.credentials' && c.status === 'fail')) return credentials;
  return [
    ...credentials,
    ...propertyChecks(HUBSPOT_PROPERTIES, properties),
    budgetCheck('hubspot.api-budget', 'HubSpot', usage, 1),
    tierCheck(usage, deps.config.handoff.hubspot.tier),
  ];
}

async function channelChecks(channels: DoctorChannels, sendTest: boolean): Promise<Check[]> {
  return Promise.all(
    channels.list().map(async (c): Promise<Check> => {
      const id = `${c.kind}.${c.name}`;
      const what = c.kind === 'alerts' ? `alert channel ${c.name}` : `notification channel ${c.name}`;
      if (!c.ready) return fail(id, `${what} cannot send: ${c.missing.join(', ')} not set`, `Set ${c.missing.join(' and ')} in the environment or .env.`);
      if (c.kind === 'notify') return ok(id, `${what} is configured (its messages go to people, so doctor sends none)`);
      if (!sendTest) return ok(id, `${what} is configured (not tried: --send-test sends a test message)`);
      const sent = await fact(() => channels.sendTest(c.kind, c.name));
      return sent.ok ? ok(id, `${what}: test message sent`) : fail(id, `${what}: the test message failed: ${sent.message}`, 'Check the URL, token or SMTP server of the channel.');
    }),
  );
}

