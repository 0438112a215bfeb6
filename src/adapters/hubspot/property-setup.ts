import type { ExistingProperty, HubSpotPropertyDefinition } from '../../core/hubspot/property-definitions.js';
import type { SetupHubSpot } from '../../ports/setup.js';
import type { HubSpotGateway } from './gateway.js';

/**
 * `handoff setup` over HubSpot's properties API (developers.hubspot.com/docs/api/crm/properties):
 * contact property groups and properties, read and created. Unlike the sync's ensureWritebackProperties,
 * nothing here swallows a refusal: setup reports it.
 */
export class HubSpotPropertySetup implements SetupHubSpot {
  constructor(private readonly gateway: HubSpotGateway) {}

  async propertyGroups(): Promise<string[]> {
    const res = await this.gateway.call('properties', (c) => c.crm.properties.groupsApi.getAll('contacts'));
    return res.results.map((g) => g.name);
  }

  async contactProperties(): Promise<ExistingProperty[]> {
    const res = await this.gateway.call('properties', (c) => c.crm.properties.coreApi.getAll('contacts'));
    return res.results.map((p) => ({ name: p.name, type: p.type, fieldType: p.fieldType, groupName: p.groupName, options: p.options.map((o) => ({ value: o.value })) }));
  }

  async createGroup(name: string, label: string): Promise<void> {
    await this.gateway.call('properties', (c) => c.crm.properties.groupsApi.create('contacts', { name, label, displayOrder: -1 }));
  }

  async createProperty(def: HubSpotPropertyDefinition, groupName: string): Promise<void> {
    const body = {
      name: def.name,
      label: def.label,
      type: def.type,
      fieldType: def.fieldType,
      groupName,
      ...(def.description ? { description: def.description } : {}),
      ...(def.options ? { options: def.options.map((o, i) => ({ label: o.label, value: o.value, displayOrder: i, hidden: false })) } : {}),
    };
    await this.gateway.call('properties', (c) => c.crm.properties.coreApi.create('contacts', body as never));
  }
}
