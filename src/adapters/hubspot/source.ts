import type { ActivityBatch, ContactPage, HandoffWriteback, HubSpotCallCounts, HubSpotSource, RefusedUpdate, RejectedRecord, WindowChunk } from '../../ports/hubspot.js';
import type { Activity, RawContact } from '../../domain/types.js';
import { readContactActivities } from './contact-activity.js';
import type { HubSpotGateway } from './gateway.js';
import { qualifiedInHubSpot } from './qualified.js';
import { contactPropertyList } from './reader.js';
import { windowActivities, windowContacts } from './stream-reader.js';
import { parsePage, toRawContact } from './schemas.js';
import { applyWriteback, ensureWritebackProperties, updateContactsIsolating, writebackProperties } from './writeback.js';

/**
 * The HubSpot port over the HubSpot API. The gateway is built on first use (`gateway()`), so a
 * missing token is reported by the first read, and a command that never reads never needs one.
 */
export class HubSpotApiSource implements HubSpotSource {
  private built: HubSpotGateway | null = null;

  constructor(private readonly build: () => HubSpotGateway) {}

  /** The gateway behind this source, built now if it was not yet. */
  gateway(): HubSpotGateway {
    this.built ??= this.build();
    return this.built;
  }

  windowActivities(window: { since: number; until: number }): AsyncIterable<ActivityBatch> {
    return windowActivities(this.gateway(), window);
  }

  windowContacts(window: { since: number; until: number }, extraProperties: readonly string[], chunkSize: number): AsyncIterable<WindowChunk> {
    return windowContacts(this.gateway(), window, extraProperties, chunkSize);
  }

  async listContacts(after: string | undefined, extraProperties: readonly string[], limit: number): Promise<ContactPage> {
    const page = await this.gateway().listContacts(after, contactPropertyList(extraProperties), limit);
    const parsed = parsePage(page.results);
    return { contacts: parsed.ok.map(toRawContact), rejected: parsed.rejected, size: page.results.length, after: page.after };
  }

  async readContacts(ids: readonly string[], extraProperties: readonly string[]): Promise<{ contacts: RawContact[]; rejected: RejectedRecord[] }> {
    const parsed = parsePage(await this.gateway().batchRead('contacts', [...ids], contactPropertyList(extraProperties)));
    return { contacts: parsed.ok.filter((o) => !o.archived).map(toRawContact), rejected: parsed.rejected };
  }

  existingContacts(ids: readonly string[]): Promise<Set<string>> {
    return this.gateway().existingContacts(ids);
  }

  listMembers(listId: string): Promise<Set<string>> {
    return this.gateway().listMembers(listId);
  }

  contactActivities(contactIds: readonly string[]): Promise<{ activities: Activity[]; rejected: RejectedRecord[] }> {
    return readContactActivities(this.gateway(), contactIds);
  }

  qualifiedContacts(since: number): Promise<Map<string, string | null>> {
    return qualifiedInHubSpot(this.gateway(), since);
  }

  async countContacts(created?: { since: number; until: number }): Promise<number> {
    const filters = created
      ? [
          { propertyName: 'createdate', operator: 'GTE', value: String(created.since) },
          { propertyName: 'createdate', operator: 'LT', value: String(created.until) },
        ]
      : [];
    const page = await this.gateway().searchObjects('contacts', { filterGroups: filters.length > 0 ? [{ filters }] : [], sorts: [], properties: ['hs_object_id'], limit: 1 });
    return page.total;
  }

  async ensureWritebackProperties(groupName: string): Promise<void> {
    await ensureWritebackProperties(this.gateway(), groupName);
  }

  updateContacts(updates: readonly { hubspotId: string; properties: Record<string, string> }[]): Promise<RefusedUpdate[]> {
    return updateContactsIsolating(
      this.gateway(),
      updates.map((u) => ({ id: u.hubspotId, properties: u.properties })),
    );
  }

  lifecycleStages(): Promise<string[]> {
    return this.gateway().contactPropertyOptions('lifecyclestage');
  }

  writeBack(handoffs: readonly HandoffWriteback[], lifecycleStage: string): Promise<void> {
    return applyWriteback(
      this.gateway(),
      handoffs.map((h) => ({ id: h.hubspotId, properties: writebackProperties(h, lifecycleStage) })),
    );
  }

  callCounts(): HubSpotCallCounts {
    return { calls: this.built?.totalCalls ?? 0, rateLimited: this.built?.rateLimited ?? 0 };
  }
}
