import { chunk } from '../../lib/chunk.js';
import type { OverdueTask, Reassignment, ReassignResult, SlaSalesforce, SlaUser, Touch, TouchAsk, TouchRead } from '../../ports/sla.js';
import type { SalesforceGateway } from './gateway.js';
import { soqlIn } from './soql.js';

const IN_CHUNK = 200;

interface TaskRow {
  Id: string;
  Handoff_Key__c: string;
  OwnerId: string;
  WhoId: string | null;
  Handoff_SLA_Due__c: string;
  Handoff_SLA_Tier__c: string | null;
  CreatedDate: string;
}

/** "Ada Lovelace, Acme": first and last name, then the company when there is one. */
function leadName(first: unknown, last: unknown, company: unknown): string {
  const text = (v: unknown): string => (typeof v === 'string' ? v.trim() : '');
  const name = [text(first), text(last)].filter((x) => x !== '').join(' ');
  return [name, text(company)].filter((x) => x !== '').join(', ');
}

/** SOQL datetime literals are unquoted ISO times in UTC. */
function soqlDateTime(iso: string): string {
  return new Date(iso).toISOString().replace(/\.\d{3}Z$/, 'Z');
}

const iso = (v: unknown): string => new Date(String(v)).toISOString();

/** The SLA watch's reads and writes, over the one gateway (retry layer, call counts, budget). */
export class SalesforceSlaApi implements SlaSalesforce {
  constructor(private readonly gateway: () => Promise<SalesforceGateway>) {}

  async overdueHandoffTasks(now: string): Promise<OverdueTask[]> {
    const gw = await this.gateway();
    const rows = await gw.query<TaskRow & Record<string, unknown>>(
      `SELECT Id, Handoff_Key__c, OwnerId, WhoId, Handoff_SLA_Due__c, Handoff_SLA_Tier__c, CreatedDate FROM Task
       WHERE IsClosed = false AND Handoff_Key__c != null AND Handoff_SLA_Due__c < ${soqlDateTime(now)} ORDER BY Handoff_SLA_Due__c, Id`,
    );
    return rows.map((r) => ({
      id: r.Id,
      handoffKey: r.Handoff_Key__c,
      ownerId: r.OwnerId,
      whoId: r.WhoId,
      dueAt: iso(r.Handoff_SLA_Due__c),
      tier: r.Handoff_SLA_Tier__c,
      createdAt: iso(r.CreatedDate),
    }));
  }

  async touches(asks: readonly TouchAsk[], now: string, touchStatuses: readonly string[], withNames = false): Promise<TouchRead> {
    const since = new Map<string, number>();
    for (const a of asks) since.set(a.whoId, Math.min(since.get(a.whoId) ?? Infinity, Date.parse(a.since)));
    const ids = [...since.keys()];
    const names = new Map<string, string>();
    if (ids.length === 0) return { touches: [], names };
    const gw = await this.gateway();
    const out: Touch[] = [];
    // SOQL compares strings case-insensitively; so does this, for the Leads read for their names.
    const statuses = new Set(touchStatuses.map((s) => s.toLowerCase()));
    // One /composite per 200 records: the closed Tasks and the past Events on them, the Leads in an
    // accepted or working Status (all of them, with their names, when messages name leads) and then
    // the Contacts' names (up to four queries, one API call).
    for (const part of chunk(ids, IN_CHUNK)) {
      const leads = part.filter((id) => id.startsWith('00Q'));
      const contacts = part.filter((id) => id.startsWith('003'));
      const leadSoql = withNames
        ? `SELECT Id, Status, FirstName, LastName, Company FROM Lead WHERE Id IN ${soqlIn(leads)}`
        : touchStatuses.length > 0
          ? `SELECT Id, Status FROM Lead WHERE Id IN ${soqlIn(leads)} AND Status IN ${soqlIn(touchStatuses)}`
          : null;
      const res = await gw.queries({
        tasks: `SELECT WhoId, CompletedDateTime, LastModifiedDate FROM Task WHERE WhoId IN ${soqlIn(part)} AND IsClosed = true`,
        events: `SELECT WhoId, StartDateTime FROM Event WHERE WhoId IN ${soqlIn(part)} AND StartDateTime <= ${soqlDateTime(now)}`,
        ...(leads.length > 0 && leadSoql !== null ? { leads: leadSoql } : {}),
        ...(withNames && contacts.length > 0 ? { contacts: `SELECT Id, FirstName, LastName, Account.Name FROM Contact WHERE Id IN ${soqlIn(contacts)}` } : {}),
      });
      for (const r of res.leads ?? []) {
        if (statuses.has(String(r.Status ?? '').toLowerCase())) out.push({ whoId: String(r.Id), at: now, kind: 'status' });
        if (withNames) names.set(String(r.Id), leadName(r.FirstName, r.LastName, r.Company));
      }
      for (const r of res.contacts ?? []) names.set(String(r.Id), leadName(r.FirstName, r.LastName, (r.Account as { Name?: unknown } | null | undefined)?.Name));
      for (const r of res.tasks ?? []) out.push({ whoId: String(r.WhoId), at: iso(r.CompletedDateTime ?? r.LastModifiedDate), kind: 'task' });
      for (const r of res.events ?? []) out.push({ whoId: String(r.WhoId), at: iso(r.StartDateTime), kind: 'event' });
    }
    return { touches: out.filter((t) => Date.parse(t.at) >= (since.get(t.whoId) ?? Infinity)), names };
  }

  async users(availabilityField: string | null): Promise<SlaUser[]> {
    const gw = await this.gateway();
    const extra = availabilityField === null ? '' : `, ${availabilityField}`;
    const rows = await gw.query(`SELECT Id, Username, Email, Name, IsActive, TimeZoneSidKey, ManagerId${extra} FROM User`);
    return rows.map((r) => ({
      id: String(r.Id),
      username: String(r.Username),
      email: String(r.Email),
      name: r.Name == null ? null : String(r.Name),
      isActive: r.IsActive === true,
      timeZone: String(r.TimeZoneSidKey ?? ''),
      managerId: r.ManagerId == null ? null : String(r.ManagerId),
      away: availabilityField === null ? null : r[availabilityField] === true,
    }));
  }

  async reassign(items: readonly Reassignment[]): Promise<ReassignResult[]> {
    if (items.length === 0) return [];
    const gw = await this.gateway();
    const out: ReassignResult[] = [];
    for (const part of chunk([...items], IN_CHUNK)) {
      const tasks = await gw.update(
        'Task',
        part.map((r) => ({ Id: r.taskId, OwnerId: r.ownerId, Handoff_SLA_Due__c: r.dueAt, ActivityDate: r.activityDate })),
        {},
      );
      const leads = part.filter((r) => r.leadId !== null);
      // The Lead follows its Task; a Lead converted meanwhile refuses, and its Task has moved anyway.
      await gw.update('Lead', leads.map((r) => ({ Id: r.leadId, OwnerId: r.ownerId })), { 'Sforce-Auto-Assign': 'FALSE', 'Sforce-Duplicate-Rule-Header': 'allowSave=true' });
      part.forEach((r, i) => {
        const res = tasks[i];
        out.push({ taskId: r.taskId, ok: res?.success === true, errorCode: res?.success === true ? null : (res?.errors[0]?.code ?? 'UNKNOWN') });
      });
    }
    return out;
  }

  async instanceUrl(): Promise<string> {
    return (await this.gateway()).conn.instanceUrl.replace(/\/+$/, '');
  }
}
