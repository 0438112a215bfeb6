import { HandoffError } from '../../domain/errors.js';
import type { SalesChanges, SalesCursors, SalesObject, SalesOpportunity } from '../../domain/sales.js';
import { chunk } from '../../lib/chunk.js';
import type { SalesforceGateway } from './gateway.js';
import { soqlIn } from './soql.js';

type Row = Record<string, unknown>;

export interface SalesReadOptions {
  /** Lead field with the disqualification reason (feedback.reasonField), if any. */
  reasonField: string | null;
  /**
   * Whether Task has the scorecard fields (Handoff_Outcome__c, Handoff_Lead_Quality__c). They are
   * activity fields: an org that has them on Task has them on Event too, so both are read.
   */
  scorecard: boolean;
  /** Whether Opportunity has CurrencyIsoCode (multi-currency orgs). */
  currency: boolean;
}

/** SOQL datetime literal: whole seconds, UTC. */
function literal(isoTime: string): string {
  return `${new Date(isoTime).toISOString().slice(0, 19)}Z`;
}

const s = (v: unknown): string | null => (typeof v === 'string' && v !== '' ? v : null);
const n = (v: unknown): number | null => (typeof v === 'number' && Number.isFinite(v) ? v : typeof v === 'string' && v.trim() !== '' && Number.isFinite(Number(v)) ? Number(v) : null);
/** Salesforce writes "2026-11-09T14:45:00.000+0000"; the store and the core take ISO with Z. */
const t = (v: unknown): string | null => {
  const str = s(v);
  if (str === null) return null;
  const ms = Date.parse(str.replace(/([+-]\d{2})(\d{2})$/, '$1:$2'));
  return Number.isNaN(ms) ? null : new Date(ms).toISOString();
};
const stamp = (r: Row): string => t(r.SystemModstamp) ?? t(r.CreatedDate) ?? new Date(0).toISOString();

function oppFields(currency: boolean): string {
  return `Id, StageName, IsClosed, IsWon, Amount, CloseDate, CreatedDate, SystemModstamp${currency ? ', CurrencyIsoCode' : ''}`;
}

function mapOpportunity(r: Row): SalesOpportunity {
  return {
    id: String(r.Id),
    stage: s(r.StageName),
    isClosed: r.IsClosed === true,
    isWon: r.IsWon === true,
    amount: n(r.Amount),
    currency: s(r.CurrencyIsoCode),
    closeDate: s(r.CloseDate),
    createdAt: t(r.CreatedDate) ?? stamp(r),
    modstamp: stamp(r),
  };
}

function latestOf(rows: readonly Row[], field: 'SystemModstamp' | 'CreatedDate'): string | undefined {
  let best: string | undefined;
  for (const r of rows) {
    const v = t(r[field]);
    if (v !== null && (best === undefined || v > best)) best = v;
  }
  return best;
}

/** Whether the org lets Handoff read Lead field history (null until the first read says). */
const historyReadable = new WeakMap<SalesforceGateway, boolean>();

/**
 * What changed on the sales objects since each object's cursor: five queries in one /composite
 * (Task and Event with queryAll, so deletions are seen)
 * (one API call), LeadHistory's Status rows in a query of its own (an org without field history on
 * Lead refuses the object: then status touches take the pass's time). Query-more pages follow when
 * many rows changed; a quiet pass costs one query per object.
 */
export async function readSalesChanges(gateway: SalesforceGateway, since: Required<SalesCursors>, opts: SalesReadOptions): Promise<SalesChanges> {
  const lead = ['Id', 'HubSpot_Contact_Id__c', 'Status', 'OwnerId', 'IsConverted', 'ConvertedContactId', 'ConvertedOpportunityId', 'SystemModstamp'];
  if (opts.reasonField) lead.push(opts.reasonField);
  const task = ['Id', 'Handoff_Key__c', 'WhoId', 'OwnerId', 'IsClosed', 'CompletedDateTime', 'Handoff_SLA_Due__c', 'IsDeleted', 'SystemModstamp'];
  const event = ['Id', 'WhoId', 'StartDateTime', 'IsDeleted', 'SystemModstamp'];
  if (opts.scorecard) {
    task.push('Handoff_Outcome__c', 'Handoff_Lead_Quality__c');
    event.push('Handoff_Outcome__c', 'Handoff_Lead_Quality__c');
  }
  const res = await gateway.queries({
    Lead: `SELECT ${lead.join(', ')} FROM Lead WHERE SystemModstamp >= ${literal(since.Lead)}`,
    Task: `SELECT ${task.join(', ')} FROM Task WHERE SystemModstamp >= ${literal(since.Task)}`,
    Event: `SELECT ${event.join(', ')} FROM Event WHERE SystemModstamp >= ${literal(since.Event)}`,
    Opportunity: `SELECT ${oppFields(opts.currency)} FROM Opportunity WHERE SystemModstamp >= ${literal(since.Opportunity)}`,
    OpportunityContactRole: `SELECT OpportunityId, ContactId, SystemModstamp FROM OpportunityContactRole WHERE SystemModstamp >= ${literal(since.OpportunityContactRole)}`,
    // queryAll: activities deleted since the cursor come back too (their SystemModstamp is the deletion), same query count.
  }, { all: ['Task', 'Event'] });
  let history: Row[] | null = null;
  let queries = 5;
  if (historyReadable.get(gateway) !== false) {
    queries += 1;
    try {
      history = await gateway.query(`SELECT LeadId, NewValue, CreatedDate FROM LeadHistory WHERE Field = 'Status' AND CreatedDate >= ${literal(since.LeadHistory)}`);
      historyReadable.set(gateway, true);
    } catch (err) {
      if (!(err instanceof HandoffError && (err.vendorCode === 'INVALID_TYPE' || err.vendorCode === 'INVALID_FIELD'))) throw err;
      historyReadable.set(gateway, false);
    }
  }
  const rows = (k: SalesObject): Row[] => res[k] ?? [];
  const latest: SalesCursors = {};
  for (const k of ['Lead', 'Task', 'Event', 'Opportunity', 'OpportunityContactRole'] as const) {
    const v = latestOf(rows(k), 'SystemModstamp');
    if (v) latest[k] = v;
  }
  const h = history ? latestOf(history, 'CreatedDate') : undefined;
  if (h) latest.LeadHistory = h;
  return {
    leads: rows('Lead').map((r) => ({
      id: String(r.Id),
      hubspotId: s(r.HubSpot_Contact_Id__c),
      status: s(r.Status),
      ownerId: s(r.OwnerId),
      isConverted: r.IsConverted === true,
      convertedContactId: s(r.ConvertedContactId),
      convertedOpportunityId: s(r.ConvertedOpportunityId),
      reason: opts.reasonField ? s(r[opts.reasonField]) : null,
      modstamp: stamp(r),
    })),
    tasks: rows('Task').map((r) => ({
      id: String(r.Id),
      handoffKey: s(r.Handoff_Key__c),
      whoId: s(r.WhoId),
      ownerId: s(r.OwnerId),
      isClosed: r.IsClosed === true,
      completedAt: t(r.CompletedDateTime),
      slaDueAt: t(r.Handoff_SLA_Due__c),
      outcome: s(r.Handoff_Outcome__c),
      leadQuality: n(r.Handoff_Lead_Quality__c),
      isDeleted: r.IsDeleted === true,
      modstamp: stamp(r),
    })),
    events: rows('Event').map((r) => ({
      id: String(r.Id),
      whoId: s(r.WhoId),
      startAt: t(r.StartDateTime),
      outcome: s(r.Handoff_Outcome__c),
      leadQuality: n(r.Handoff_Lead_Quality__c),
      isDeleted: r.IsDeleted === true,
      modstamp: stamp(r),
    })),
    opportunities: rows('Opportunity').map(mapOpportunity),
    contactRoles: rows('OpportunityContactRole').map((r) => ({ opportunityId: String(r.OpportunityId), contactId: String(r.ContactId), modstamp: stamp(r) })),
    statusHistory: history
      ? history.map((r) => ({ leadId: String(r.LeadId), status: s(r.NewValue), at: t(r.CreatedDate) ?? new Date(0).toISOString() }))
      : null,
    queries,
    latest,
  };
}

/** Opportunities by id (those just linked whose own row did not change in the window), 200 per query. */
export async function readOpportunities(gateway: SalesforceGateway, ids: readonly string[], currency: boolean): Promise<SalesOpportunity[]> {
  const out: SalesOpportunity[] = [];
  for (const part of chunk([...new Set(ids)], 200)) {
    out.push(...(await gateway.query(`SELECT ${oppFields(currency)} FROM Opportunity WHERE Id IN ${soqlIn(part)}`)).map(mapOpportunity));
  }
  return out;
}

/** Whether the org's Opportunity has CurrencyIsoCode (one describe). */
export async function opportunityHasCurrency(gateway: SalesforceGateway): Promise<boolean> {
  const d = (await gateway.describe('Opportunity')) as { fields?: { name: string }[] };
  return (d.fields ?? []).some((f) => f.name === 'CurrencyIsoCode');
}
