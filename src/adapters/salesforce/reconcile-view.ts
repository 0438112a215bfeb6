import type { SalesforceView, SfLeadRow, SfTaskRow } from '../../domain/salesforce.js';
import type { SalesforceAsk } from '../../ports/salesforce.js';
import type { SalesforceGateway } from './gateway.js';
import { chunk } from '../../lib/chunk.js';
import { soqlIn } from './soql.js';

/** Values per IN list: keeps each query URL well inside Salesforce's limits. */
export const IN_CHUNK = 200;
/** Query subrequests per /composite call (up to five count as one API call). */
export const QUERIES_PER_COMPOSITE = 5;

export type { SalesforceView, SfLeadRow, SfTaskRow } from '../../domain/salesforce.js';
export type { SalesforceAsk } from '../../ports/salesforce.js';

const LEAD_FIELDS = 'Id, HubSpot_Contact_Id__c, IsConverted';

function chunks(values: readonly string[]): string[][] {
  return chunk([...new Set(values)], IN_CHUNK);
}

function push<T>(map: Map<string, T[]>, key: string | null, value: T): void {
  if (!key) return;
  const list = map.get(key);
  if (list) list.push(value);
  else map.set(key, [value]);
}

/**
 * Reads Leads by handoff key and by recorded Id, Contacts by recorded Id and Tasks by handoff key,
 * 200 values per query and five queries per /composite call. Open and closed Tasks both count.
 */
export async function readSalesforceView(gateway: SalesforceGateway, ask: SalesforceAsk): Promise<SalesforceView> {
  const soqls: [string, string][] = [];
  chunks(ask.hubspotIds).forEach((c, i) => soqls.push([`leadsByKey${i}`, `SELECT ${LEAD_FIELDS} FROM Lead WHERE HubSpot_Contact_Id__c IN ${soqlIn(c)}`]));
  chunks(ask.leadIds).forEach((c, i) => soqls.push([`leadsById${i}`, `SELECT ${LEAD_FIELDS} FROM Lead WHERE Id IN ${soqlIn(c)}`]));
  chunks(ask.contactIds).forEach((c, i) => soqls.push([`contacts${i}`, `SELECT Id FROM Contact WHERE Id IN ${soqlIn(c)}`]));
  chunks(ask.taskKeys).forEach((c, i) => soqls.push([`tasks${i}`, `SELECT Id, Handoff_Key__c, WhoId, IsClosed FROM Task WHERE Handoff_Key__c IN ${soqlIn(c)}`]));

  const view: SalesforceView = { leadsByKey: new Map(), leadIds: new Set(), contactIds: new Set(), tasksByKey: new Map() };
  for (const part of chunk(soqls, QUERIES_PER_COMPOSITE)) {
    const res = await gateway.queries(Object.fromEntries(part));
    for (const [ref, rows] of Object.entries(res)) {
      if (ref.startsWith('leads')) {
        for (const l of rows as unknown as SfLeadRow[]) {
          view.leadIds.add(l.Id);
          if (ref.startsWith('leadsByKey')) push(view.leadsByKey, l.HubSpot_Contact_Id__c, l);
        }
      } else if (ref.startsWith('contacts')) {
        for (const c of rows as unknown as { Id: string }[]) view.contactIds.add(c.Id);
      } else {
        for (const t of rows as unknown as SfTaskRow[]) push(view.tasksByKey, t.Handoff_Key__c, t);
      }
    }
  }
  return view;
}
