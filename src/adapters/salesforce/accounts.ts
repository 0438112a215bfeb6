import type { AccountIndexRow } from '../../domain/salesforce.js';
import { orgDomain } from '../../core/normalize/company.js';
import type { SalesforceGateway } from './gateway.js';

/**
 * Website is free text, so no IN query can match a domain against it: Handoff keeps its own index
 * in the state (`account_index`), brought up to date by SystemModstamp (one query, paged by
 * query-more, each page handed on before the next is read). The boundary second is read again
 * (>=), which is harmless: the store keeps a row's newest read, and an equal one changes nothing.
 */
export async function readAccountChanges(gateway: SalesforceGateway, since: string | null, onPage: (rows: AccountIndexRow[]) => Promise<void>): Promise<void> {
  const where = since ? ` WHERE SystemModstamp >= ${toSoqlDateTime(since)}` : '';
  await gateway.queryPages<{ Id: string; Website: string | null; OwnerId: string | null; SystemModstamp: string }>(
    `SELECT Id, Website, OwnerId, SystemModstamp FROM Account${where} ORDER BY SystemModstamp ASC`,
    (records) =>
      onPage(
        records.map((r) => ({ accountId: r.Id, domain: orgDomain(r.Website), ownerId: r.OwnerId, modstamp: toIso(r.SystemModstamp) })),
      ),
  );
}

/** Salesforce's `+0000` offset form to ISO with Z, so stored modstamps compare as text. */
function toIso(value: string): string {
  const d = new Date(value.replace(/\+0000$/, 'Z'));
  return Number.isNaN(d.getTime()) ? value : d.toISOString();
}

/** SOQL datetime literals take no quotes and no milliseconds. */
function toSoqlDateTime(value: string): string {
  const d = new Date(value);
  return Number.isNaN(d.getTime()) ? value : d.toISOString().replace(/\.\d{3}Z$/, 'Z');
}
