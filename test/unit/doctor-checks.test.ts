import { describe, expect, it } from 'vitest';
import type { z } from 'zod';
import { fieldMetaSchema } from '../../src/core/salesforce/describe.js';
import type { Fact } from '../../src/domain/doctor.js';
import { doctorReport } from '../../src/domain/doctor.js';
import { SCORECARD_FIELDS } from '../../src/core/salesforce/custom-fields.js';
import type { RequiredField } from '../../src/core/salesforce/custom-fields.js';
import { apiVersionCheck, assignmentRuleCheck, budgetCheck, credentialChecks, fieldChecks } from '../../src/core/doctor/salesforce-checks.js';
import { grantedScopesCheck, hubspotCredentialChecks, tierCheck, tierFromDailyLimit } from '../../src/core/doctor/hubspot-checks.js';
import { reassignUserCheck } from '../../src/core/doctor/config-checks.js';
import { slaWatchSchema } from '../../src/config/notify.js';
import { routingSchema } from '../../src/config/routing.js';

const yes = <T>(value: T): Fact<T> => ({ ok: true, value });
const no = (code: string, message: string): Fact<never> => ({ ok: false, code, message });
const meta = (m: z.input<typeof fieldMetaSchema>) => fieldMetaSchema.parse(m);
const KEY: RequiredField = { object: 'Task', name: 'Handoff_Key__c', type: 'Text(80)', externalId: true, unique: true };

describe('doctor checks (pure)', () => {
  it('a field must exist, match, and be editable by the integration user; a missing optional one only warns', () => {
    const task = (fields: ReturnType<typeof meta>[]) => yes({ Task: { name: 'Task', fields } });
    const editable = meta({ name: 'Handoff_Key__c', type: 'string', length: 80, externalId: true, unique: true });
    expect(fieldChecks([KEY], task([editable]))[0]).toMatchObject({ id: 'salesforce.field.Task.Handoff_Key__c', status: 'ok' });
    expect(fieldChecks([KEY], task([{ ...editable, createable: false }]))[0]).toMatchObject({ status: 'fail', message: 'Task.Handoff_Key__c is read-only for the integration user' });
    expect(fieldChecks([KEY], task([{ ...editable, unique: false }]))[0]).toMatchObject({ status: 'fail', message: 'Task.Handoff_Key__c is not marked Unique' });
    expect(fieldChecks([KEY], task([]))[0]?.status).toBe('fail');
    expect(fieldChecks(SCORECARD_FIELDS, task([])).map((c) => c.status)).toEqual(['warn', 'warn', 'warn']);
    expect(fieldChecks([KEY], no('FORBIDDEN', 'no'))).toMatchObject([{ id: 'salesforce.describe', status: 'fail' }]);
  });

  it('credentials: a refusal fails; scopes without api fail; a token in hand has no scopes to show', () => {
    expect(credentialChecks(no('AUTH_FAILED', 'invalid_client'))).toMatchObject([{ id: 'salesforce.credentials', status: 'fail' }]);
    expect(credentialChecks(yes({ userId: '005', username: 'u', scopes: ['chatter_api'] })).map((c) => c.status)).toEqual(['ok', 'fail']);
    expect(credentialChecks(yes({ userId: '005', username: 'u', scopes: null })).map((c) => c.status)).toEqual(['ok', 'ok']);
  });

  it('the API version must be served; far behind the latest warns', () => {
    expect(apiVersionCheck(yes(['63.0', '64.0', '65.0']), '64.0').status).toBe('ok');
    expect(apiVersionCheck(yes(['66.0', '67.0']), '64.0').status).toBe('fail');
    expect(apiVersionCheck(yes(['50.0', '51.0', '67.0']), '51.0').status).toBe('warn');
  });

  it('assignment rules: ignored in handoff mode, required in salesforce mode', () => {
    expect(assignmentRuleCheck(yes(['Standard']), 'handoff').status).toBe('ok');
    expect(assignmentRuleCheck(yes([]), 'salesforce').status).toBe('fail');
    expect(assignmentRuleCheck(no('FORBIDDEN', 'no'), 'handoff').status).toBe('warn');
  });

  it('budget: past the share fails, past three quarters of it warns', () => {
    expect(budgetCheck('b', 'Salesforce', yes({ limit: 100_000, used: 75_000 }), 0.75).status).toBe('fail');
    expect(budgetCheck('b', 'Salesforce', yes({ limit: 100_000, used: 60_000 }), 0.75).status).toBe('warn');
    expect(budgetCheck('b', 'Salesforce', yes({ limit: 100_000, used: 100 }), 0.75)).toMatchObject({ status: 'ok', message: '100 of 100,000 calls used today; Handoff stops at 75,000 (75%)' });
  });

  it('the HubSpot tier comes from the daily limit, which tells Professional from Enterprise', () => {
    expect([250_000, 625_000, 650_000, 1_000_000, 2_000_000].map(tierFromDailyLimit)).toEqual(['starter', 'professional', 'professional', 'enterprise', 'enterprise']);
    expect(tierCheck(yes({ limit: 1_000_000, used: 5 }), 'professional')).toMatchObject({ status: 'warn', fix: 'Set hubspot.tier: enterprise in handoff.yaml so Handoff paces itself to the account.' });
    expect(tierCheck(yes({ limit: 625_000, used: 5 }), 'professional').status).toBe('ok');
  });

  it('HubSpot scopes: the granted list decides when HubSpot gives it, else the read probes do', () => {
    const all = ['oauth', 'crm.objects.contacts.read', 'crm.objects.contacts.write', 'crm.schemas.contacts.read', 'crm.schemas.contacts.write'];
    expect(grantedScopesCheck(all).status).toBe('ok');
    expect(grantedScopesCheck(all.filter((s) => !s.endsWith('write')))).toMatchObject({
      status: 'fail',
      message: 'the token lacks crm.objects.contacts.write, crm.schemas.contacts.write',
    });
    // A rollout on a HubSpot list also needs the lists read scope.
    expect(grantedScopesCheck(all, ['crm.lists.read'])).toMatchObject({ status: 'fail', message: 'the token lacks crm.lists.read' });
    expect(grantedScopesCheck([...all, 'crm.lists.read'], ['crm.lists.read']).status).toBe('ok');
    const account = yes({ portalId: 7 });
    const refused: Fact<never> = { ok: false, code: 'FORBIDDEN', message: 'MISSING_SCOPES' };
    // Granted scopes known: a failed probe does not override them.
    expect(hubspotCredentialChecks(account, yes(undefined), refused, yes(all)).map((c) => c.status)).toEqual(['ok', 'ok']);
    // Unknown (an OAuth token): the probes decide.
    expect(hubspotCredentialChecks(account, yes(undefined), refused, yes(null)).map((c) => c.status)).toEqual(['ok', 'fail']);
  });

  it('the summary counts each status', () => {
    const r = doctorReport([...credentialChecks(yes({ userId: '005', username: 'u', scopes: ['api'] })), apiVersionCheck(yes(['66.0']), '64.0')]);
    expect(r.summary).toEqual({ ok: 2, warn: 0, fail: 1 });
  });

  it('sla.reassign.user, under policy user, must be a known and active Salesforce user, by username, email or alias', () => {
    const routing = routingSchema.parse({ users: { boss: 'Boss@Acme.example' }, teams: [{ name: 't', timeZone: 'UTC', members: ['a@acme.example'] }], fallback: { user: 'a@acme.example' } });
    const watch = (user: string, policy: 'user' | 'round-robin' = 'user') => slaWatchSchema.parse({ reassign: { policy, user } });
    const users = yes([
      { username: 'boss.sfdc@acme.example.prod', email: 'boss@acme.example', isActive: true },
      { username: 'gone@acme.example', email: 'gone@acme.example', isActive: false },
    ]);
    expect(reassignUserCheck(watch('boss'), routing, users)).toMatchObject({ id: 'salesforce.sla-reassign-user', status: 'ok' });
    expect(reassignUserCheck(watch('nobody@acme.example'), routing, users)).toMatchObject({ status: 'fail', message: expect.stringMatching(/^handoff\.yaml sla\.reassign\.user: no Salesforce user/) as string });
    expect(reassignUserCheck(watch('gone@acme.example'), routing, users)).toMatchObject({ status: 'fail', message: expect.stringMatching(/^handoff\.yaml sla\.reassign\.user: gone@acme\.example is inactive/) as string });
    expect(reassignUserCheck(watch('nobody@acme.example', 'round-robin'), routing, users)).toBeNull();
  });
});
