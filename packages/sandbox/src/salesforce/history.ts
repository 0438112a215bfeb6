import { sfDateTime } from './format.js';
import { KEY_PREFIXES } from './ids.js';
import type { SalesforceStore, SfRecord, SfValue } from './store.js';

/** The Lead fields the org tracks in field history (Setup → Lead → Fields → Set History Tracking). */
const TRACKED: readonly { field: string; historyField: string; dataType: string }[] = [
  { field: 'Status', historyField: 'Status', dataType: 'Picklist' },
  { field: 'OwnerId', historyField: 'Owner', dataType: 'EntityId' },
];

function addRow(store: SalesforceStore, leadId: SfValue, row: { Field: string; DataType: string | null; OldValue: SfValue; NewValue: SfValue }, at: number, userId: string): void {
  const id = store.ids.generate(KEY_PREFIXES.LeadHistory ?? '017');
  store.put('LeadHistory', { Id: id, IsDeleted: false, LeadId: leadId, CreatedById: userId, CreatedDate: sfDateTime(at), ...row });
}

/**
 * LeadHistory rows for one Lead save, as an org with history tracking on Status and Owner writes them:
 * `created` when the Lead is inserted, one row per tracked field whose value changed, `leadConverted` on conversion.
 */
export function trackLeadHistory(store: SalesforceStore, before: SfRecord | undefined, after: SfRecord, at: number, userId: string): void {
  if (!before) {
    addRow(store, after.Id ?? null, { Field: 'created', DataType: null, OldValue: null, NewValue: null }, at, userId);
    return;
  }
  for (const t of TRACKED) {
    const old = before[t.field] ?? null;
    const now = after[t.field] ?? null;
    if (old !== now) addRow(store, after.Id ?? null, { Field: t.historyField, DataType: t.dataType, OldValue: old, NewValue: now }, at, userId);
  }
  if (before.IsConverted !== true && after.IsConverted === true) {
    addRow(store, after.Id ?? null, { Field: 'leadConverted', DataType: null, OldValue: null, NewValue: null }, at, userId);
  }
}
