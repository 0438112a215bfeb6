import { chunk } from '../../lib/chunk.js';
import type { OverdueTask, Reassignment, ReassignResult, SlaSalesforce, SlaUser, Touch, TouchAsk } from '../../ports/sla.js';
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

  async touches(asks: readonly TouchAsk[], now: string, touchStatuses: readonly string[]): Promise<Touch[]> {
    const since = new Map<string, number>();
    for (const a of asks) since.set(a.whoId, Math.min(since.get(a.whoId) ?? Infinity, Date.parse(a.since)));
    const ids = [...since.keys()];
    if (ids.length === 0) return [];
    const gw = await this.gateway();
    const out: Touch[] = [];
    // One /composite per 200 records: the closed Tasks and the past Events on them, and the Leads in an
    // accepted or working Status (up to three queries, one API call).
    for (const part of chunk(ids, IN_CHUNK)) {
      const leads = part.filter((id) => id.startsWith('00Q'));
      const res = await gw.queries({
        tasks: `SELECT WhoId, CompletedDateTime, LastModifiedDate FROM Task WHERE WhoId IN ${soqlIn(part)} AND IsClosed = true`,
        events: `SELECT WhoId, StartDateTime FROM Event WHERE WhoId IN ${soqlIn(part)} AND StartDateTime <= ${soqlDateTime(now)}`,
        ...(leads.length > 0 && touchStatuses.length > 0 ? { leads: `SELECT Id FROM Lead WHERE Id IN ${soqlIn(leads)} AND Status IN ${soqlIn(touchStatuses)}` } : {}),
      });
      for (const r of res.leads ?? []) out.push({ whoId: String(r.Id), at: now, kind: 'status' });
      for (const r of res.tasks ?? []) out.push({ whoId: String(r.WhoId), at: iso(r.CompletedDateTime ?? r.LastModifiedDate), kind: 'task' });
      for (const r of res.events ?? []) out.push({ whoId: String(r.WhoId), at: iso(r.StartDateTime), kind: 'event' });
    }
    return out.filter((t) => Date.parse(t.at) >= (since.get(t.whoId) ?? Infinity));
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
