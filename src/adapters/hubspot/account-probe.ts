import type { ExistingProperty } from '../../core/hubspot/property-definitions.js';
import type { DoctorHubSpot } from '../../ports/doctor.js';
import type { HubSpotGateway } from './gateway.js';
import { HubSpotPropertySetup } from './property-setup.js';

/** `handoff doctor` over HubSpot: the account, a contact read, the properties, and today's API usage. */
export class HubSpotAccountProbe implements DoctorHubSpot {
  constructor(
    private readonly gateway: HubSpotGateway,
    private readonly accessToken: string,
  ) {}

  async account(): Promise<{ portalId: number; timeZone: string }> {
    return this.get<{ portalId: number; timeZone: string }>('/account-info/v3/details');
  }

  async readContacts(): Promise<void> {
    await this.gateway.call('list', (c) => c.crm.contacts.basicApi.getPage(1));
  }

  contactProperties(): Promise<ExistingProperty[]> {
    return new HubSpotPropertySetup(this.gateway).contactProperties();
  }

  /**
   * The scopes the private app token was granted (developers.hubspot.com/docs/api/private-apps: POST
   * /oauth/v2/private-apps/get/access-token-info with the token as tokenKey). Null when HubSpot does
   * not answer it (an OAuth token of a public app): the probes of contacts and properties then decide.
   */
  async tokenScopes(): Promise<string[] | null> {
    return this.gateway.call('account', async (c) => {
      const r = await c.apiRequest({
        method: 'POST',
        path: '/oauth/v2/private-apps/get/access-token-info',
        body: { tokenKey: this.accessToken },
      });
      if (!r.ok) return null;
      const body = (await r.json().catch(() => ({}))) as { scopes?: unknown };
      return Array.isArray(body.scopes) ? body.scopes.filter((s): s is string => typeof s === 'string') : null;
    });
  }

  /** developers.hubspot.com/docs/api/settings/account-information-api: daily usage of private apps. */
  async dailyUsage(): Promise<{ limit: number; used: number } | null> {
    const res = await this.get<{ results?: { name: string; usageLimit: number; currentUsage: number }[] }>('/account-info/v3/api-usage/daily/private-apps');
    const daily = res.results?.find((r) => r.name === 'private-apps-api-calls-daily') ?? res.results?.[0];
    return daily ? { limit: daily.usageLimit, used: daily.currentUsage } : null;
  }

  private async get<T>(path: string): Promise<T> {
    return this.gateway.call('account', async (c) => {
      const r = await c.apiRequest({ method: 'GET', path });
      if (!r.ok) throw Object.assign(new Error(`${path} answered ${r.status}`), { code: r.status, body: await r.json().catch(() => ({})) });
      return (await r.json()) as T;
    });
  }
}
