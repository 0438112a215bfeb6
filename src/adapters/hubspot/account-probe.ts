import type { ExistingProperty } from '../../core/hubspot/property-definitions.js';
import type { DoctorHubSpot } from '../../ports/doctor.js';
import type { HubSpotGateway } from './gateway.js';
import { HubSpotPropertySetup } from './property-setup.js';

/** `handoff doctor` over HubSpot: the account, a contact read, the properties, and today's API usage. */
export class HubSpotAccountProbe implements DoctorHubSpot {
  constructor(private readonly gateway: HubSpotGateway) {}

  async account(): Promise<{ portalId: number; timeZone: string }> {
    return this.get<{ portalId: number; timeZone: string }>('/account-info/v3/details');
  }

  async readContacts(): Promise<void> {
    await this.gateway.call('list', (c) => c.crm.contacts.basicApi.getPage(1));
  }

  contactProperties(): Promise<ExistingProperty[]> {
    return new HubSpotPropertySetup(this.gateway).contactProperties();
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
