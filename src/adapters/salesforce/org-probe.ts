import type { ObjectMeta } from '../../core/salesforce/describe.js';
import type { DoctorSalesforce, SalesforceIdentity } from '../../ports/doctor.js';
import type { SalesforceGateway } from './gateway.js';
import { mapSalesforceError } from './map-error.js';
import { LEAD_QUEUES_SOQL } from './metadata.js';
import { soqlIn, soqlString } from './soql.js';
import { describeObjects, integrationUserId } from './org-identity.js';

/**
 * `handoff doctor` over Salesforce, as the integration user: one call per fact (the describes share one
 * /composite call), so a refusal of one (duplicate rules need "View Setup and Configuration") hides
 * nothing else.
 */
export class SalesforceOrgProbe implements DoctorSalesforce {
  constructor(
    private readonly gateway: SalesforceGateway,
    /** Client credentials: the granted scopes can be read from a token response. */
    private readonly clientCredentials: boolean,
  ) {}

  async identity(): Promise<SalesforceIdentity> {
    const userId = await integrationUserId(this.gateway);
    const [user] = await this.gateway.query<{ Username: string }>(`SELECT Username FROM User WHERE Id = ${soqlString(userId)}`);
    let scopes: string[] | null = null;
    if (this.clientCredentials) {
      // A token request costs no API call; its response says what the connected app grants.
      const token = await this.gateway.conn.oauth2.requestToken({ grant_type: 'client_credentials' }).catch((err: unknown) => {
        throw mapSalesforceError(err);
      });
      scopes = typeof (token as { scope?: unknown }).scope === 'string' ? String((token as { scope: string }).scope).split(/\s+/).filter(Boolean) : null;
    }
    return { userId, username: user?.Username ?? userId, scopes };
  }

  async apiVersions(): Promise<string[]> {
    const list = await this.gateway.call('identity', (c) => c.request<{ version: string }[]>('/services/data/'));
    return list.map((v) => v.version);
  }

  describe(objects: readonly string[]): Promise<Partial<Record<string, ObjectMeta>>> {
    return describeObjects(this.gateway, objects);
  }

  async activeDuplicateRules(objects: readonly string[]): Promise<{ name: string; object: string }[]> {
    const rows = await this.gateway.query<{ DeveloperName: string; SobjectType: string }>(
      `SELECT DeveloperName, SobjectType FROM DuplicateRule WHERE IsActive = true AND SobjectType IN ${soqlIn(objects)}`,
    );
    return rows.map((r) => ({ name: r.DeveloperName, object: r.SobjectType }));
  }

  async activeLeadAssignmentRules(): Promise<string[]> {
    const rows = await this.gateway.query<{ Name: string }>("SELECT Name FROM AssignmentRule WHERE SobjectType = 'Lead' AND Active = true");
    return rows.map((r) => r.Name);
  }

  async dailyApiUsage(): Promise<{ max: number; remaining: number }> {
    const limits = await this.gateway.call('limits', (c) => c.request<{ DailyApiRequests?: { Max: number; Remaining: number } }>(`/services/data/v${c.version}/limits`));
    const daily = limits.DailyApiRequests;
    if (!daily) throw mapSalesforceError(Object.assign(new Error('/limits has no DailyApiRequests'), { errorCode: 'UNKNOWN' }));
    return { max: daily.Max, remaining: daily.Remaining };
  }

  async users(): Promise<{ username: string; email: string | null; isActive: boolean }[]> {
    const rows = await this.gateway.query<{ Username: string; Email: string | null; IsActive: boolean }>('SELECT Username, Email, IsActive FROM User');
    return rows.map((r) => ({ username: r.Username, email: r.Email, isActive: r.IsActive }));
  }

  async leadQueues(): Promise<{ name: string; developerName: string }[]> {
    const rows = await this.gateway.query<{ Name: string; DeveloperName: string }>(LEAD_QUEUES_SOQL);
    return rows.map((r) => ({ name: r.Name, developerName: r.DeveloperName }));
  }

  async notificationTypes(): Promise<string[]> {
    const rows = await this.gateway.query<{ DeveloperName: string }>('SELECT DeveloperName FROM CustomNotificationType');
    return rows.map((r) => r.DeveloperName);
  }
}
