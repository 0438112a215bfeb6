import { chunk } from '../lib/chunk.js';
import type { HubSpotSource } from '../ports/hubspot.js';
import type { ForgetCounts, StateStore, WriteOptions } from '../ports/state.js';

/** HubSpot allows 100 ids per contacts batch read. */
export const SWEEP_BATCH = 100;

export interface SweepReport {
  /** Contacts the state held personal data for. */
  checked: number;
  /** Batch reads made: ceil(checked / 100). */
  calls: number;
  /** Contacts HubSpot no longer returned (deleted, GDPR-deleted or archived), now erased. */
  forgotten: string[];
  erased: ForgetCounts;
}

export function emptyCounts(): ForgetCounts {
  return { deadLetters: 0, ledger: 0, activities: 0, decisions: 0 };
}

export function forgetTotal(c: ForgetCounts): number {
  return c.deadLetters + c.ledger + c.activities + c.decisions;
}

/**
 * Erases the personal data of every contact the state holds some for and HubSpot no longer
 * returns: a GDPR deletion is permanent (the id never comes back, not even as archived) and an
 * archived contact is not returned by a read with archived=false. Each batch of 100 is read, then
 * its missing ids are erased, so a failed read (an outage) erases nothing it did not check.
 */
export async function sweepDeletedContacts(
  deps: { state: Pick<StateStore, 'contactsWithPersonalData' | 'forgetContacts'>; hubspot: Pick<HubSpotSource, 'existingContacts'> },
  opts: WriteOptions = {}): Promise<SweepReport> {
  const { state, hubspot } = deps;
  const held = await state.contactsWithPersonalData();
  const report: SweepReport = { checked: held.length, calls: 0, forgotten: [], erased: emptyCounts() };
  for (const ids of chunk(held, SWEEP_BATCH)) {
    const existing = await hubspot.existingContacts(ids);
    report.calls += 1;
    const gone = ids.filter((id) => !existing.has(id));
    if (gone.length === 0) continue;
    const counts = await state.forgetContacts({ hubspotIds: gone }, opts);
    report.forgotten.push(...gone);
    for (const k of Object.keys(counts) as (keyof ForgetCounts)[]) report.erased[k] += counts[k];
  }
  return report;
}
