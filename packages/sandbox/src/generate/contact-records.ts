import type { HubSpotObject } from '../shared/dataset.js';
import type { ContactDraft } from './contacts.js';
import { GLOBAL_FREE_MAIL } from './locales.js';
import type { Rng } from './random.js';
import { DAY_MS, iso } from './time.js';

export interface ContactRecords {
  contacts: HubSpotObject[];
  /** Id of each draft, by draft index. */
  ids: string[];
  /** Ids merged away into each draft (empty for most), by draft index. */
  losers: string[][];
}

interface Slot {
  draft: number;
  createdMs: number;
  loser: boolean;
}

/**
 * HubSpot contact ids grow with creation time and have gaps (deleted and merged-away records). Merge losers
 * take ids here and then vanish: only the winner's `hs_merged_object_ids` ("a" or "a;b") remembers them.
 */
export function buildContactRecords(rng: Rng, drafts: readonly ContactDraft[]): ContactRecords {
  const slots: Slot[] = [];
  drafts.forEach((d, draft) => {
    slots.push({ draft, createdMs: d.createdMs, loser: false });
    for (let i = 0; i < d.mergedLosers; i += 1) {
      slots.push({ draft, createdMs: Math.floor(d.createdMs + (rng.next() - 0.5) * 120 * DAY_MS), loser: true });
    }
  });
  slots.sort((a, b) => a.createdMs - b.createdMs);
  const ids: string[] = new Array<string>(drafts.length);
  const losers: string[][] = drafts.map(() => []);
  let next = 100_000 + rng.int(0, 899_999);
  for (const slot of slots) {
    next += rng.chance(0.9) ? 1 : rng.int(2, 40);
    if (slot.loser) losers[slot.draft]?.push(String(next));
    else ids[slot.draft] = String(next);
  }
  const contacts = drafts.map((d, index): HubSpotObject => {
    const id = ids[index] ?? '';
    const createdate = iso(d.createdMs);
    const lastmodifieddate = iso(d.modifiedMs);
    const merged = losers[index] ?? [];
    const properties: Record<string, string | null> = { hs_object_id: id, ...d.props, createdate, lastmodifieddate };
    if (merged.length > 0) {
      // As HubSpot writes a merge: the authoritative id list, the legacy "id:timestamp" list, and the losers' addresses.
      const mergedAt = Math.floor(d.createdMs + rng.next() * (d.modifiedMs - d.createdMs));
      const local = d.person.email.slice(0, d.person.email.indexOf('@'));
      properties.hs_merged_object_ids = merged.join(';');
      properties.hs_calculated_merged_vids = merged.map((loser) => `${loser}:${mergedAt}`).join(';');
      properties.hs_additional_emails = merged.map((_, n) => `${local}${n === 0 ? '' : n}@${rng.weighted(GLOBAL_FREE_MAIL)}`).join(';');
    }
    return { id, properties, createdAt: createdate, updatedAt: lastmodifieddate, archived: d.archived };
  });
  contacts.sort((a, b) => Number(a.id) - Number(b.id));
  return { contacts, ids, losers };
}
