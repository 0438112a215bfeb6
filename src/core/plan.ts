import type { MappingConfig } from '../config/mapping.js';
import type { LeadOp, PlannedDeadLetter, SkipOp, TaskOp, WriteMode, WritePlan } from '../domain/plan.js';
import type { Contact } from '../domain/types.js';
import type { Describes } from './salesforce/describe.js';
import { fieldsByName } from './salesforce/describe.js';
import { codeForSalesforce } from './salesforce/error-codes.js';
import { validateRecord } from './salesforce/validate.js';
import { leadFields, refreshFields, sourceFixes } from './salesforce/lead-record.js';
import type { Match } from './match.js';
import type { Evaluated } from './triage.js';

export interface Owner {
  id: string;
  kind: 'user' | 'queue';
}

/** A match that leads to writes: anything but a conflict. */
export type Matched = Exclude<Match, { kind: 'conflict' }>;

/** A qualified contact after match, route and SLA: everything needed to plan its writes. */
export interface Decision {
  item: Evaluated;
  /** Never a conflict: decide() skips those before routing, so a Decision is always something to write. */
  match: Matched;
  owner: Owner | null;
  /** When a queue owns the Lead: the user who gets its Task (a Task can't be owned by a queue). */
  taskOwnerId?: string | null;
  reasons: string[];
  /** Task fields from the SLA stage (Subject, Priority, dates, Description…), without WhoId/OwnerId; null: no Task (historical backfill). */
  task: Record<string, unknown> | null;
  episode: number;
  /** Where routing put it: kept on the episode row (team, tier, the calendar and zone of the owner's business hours). */
  route?: { team: string | null; tier: string; calendar: string; timeZone: string };
}

export interface PlanInput {
  refresh: { item: Evaluated; leadId: string }[];
  decisions: Decision[];
  skips: SkipOp[];
  deadLetters: PlannedDeadLetter[];
}

export interface PlanContext {
  mapping: MappingConfig;
  describes: Describes;
  /** When Salesforce assignment rules own routing, Handoff leaves OwnerId to them. */
  assignOwner: boolean;
  /** feedback.leadStatus.reopenTo: the Status a recycled Lead gets when its contact opens a new episode. */
  reopenStatus?: string;
}

/** A new episode on an existing Lead reopens it: the one Lead Status write after creation. */
function reopened(fields: Record<string, unknown>, d: Decision, ctx: PlanContext): Record<string, unknown> {
  return d.episode > 1 && ctx.reopenStatus ? { ...fields, Status: ctx.reopenStatus } : fields;
}

/**
 * An existing Lead keeps its owner unless routing moved it (its owner is inactive or gone): then the
 * Lead follows its Task to the new owner, so the rep who must call also owns the record.
 */
function withNewOwner(fields: Record<string, unknown>, current: string | null, owner: Owner | null, ctx: PlanContext): Record<string, unknown> {
  if (ctx.assignOwner && owner && owner.id !== current) return { ...fields, OwnerId: owner.id };
  return fields;
}

export function handoffKey(hubspotId: string, episode: number): string {
  return `${hubspotId}:${episode}`;
}

/** A record refused before sending: Salesforce's code (what Salesforce would have said) and ours. */
function validationCodes(errors: readonly { code: string }[]): Pick<PlannedDeadLetter, 'code' | 'vendorCode'> {
  const vendorCode = errors[0]?.code;
  if (vendorCode === undefined) return { code: 'VALIDATION' };
  const code = codeForSalesforce(vendorCode);
  return { code: code === 'UNKNOWN' ? 'VALIDATION' : code, vendorCode };
}

/**
 * Pure: turns decisions into the WritePlan that `--dry-run` prints and `applyPlan` executes. Every
 * record is validated against describe here, so fixes are known (and ledgered) before anything is sent.
 */
export function buildPlan(input: PlanInput, ctx: PlanContext): WritePlan {
  const leadMeta = fieldsByName(ctx.describes.Lead);
  const taskMeta = fieldsByName(ctx.describes.Task);
  const plan: WritePlan = { leads: [], tasks: [], skips: [...input.skips], deadLetters: [...input.deadLetters], contactsMatched: [] };

  const pushLead = (op: Omit<LeadOp, 'record' | 'fixes'>, raw: Record<string, unknown>, mode: WriteMode, contact: Contact): boolean => {
    const v = validateRecord(raw, ctx.describes.Lead, leadMeta, mode);
    if (v.errors.length > 0) {
      plan.deadLetters.push({
        hubspotId: op.hubspotId,
        stage: 'lead.validate',
        ...validationCodes(v.errors),
        message: v.errors.map((e) => e.message).join('; '),
        payload: raw,
      });
      return false;
    }
    plan.leads.push({ ...op, record: v.record, fixes: [...sourceFixes(contact, ctx.mapping, mode), ...v.fixes] });
    return true;
  };

  for (const r of input.refresh) {
    pushLead(
      { hubspotId: r.item.contact.hubspotId, op: 'upsert', id: r.leadId, isNew: false, reasons: ['handed off before; mapped fields or score changed'] },
      refreshFields(r.item.contact, r.item.score, ctx.mapping),
      'update',
      r.item.contact,
    );
  }

  for (const d of input.decisions) {
    const id = d.item.contact.hubspotId;
    const m = d.match;
    let who: TaskOp['who'];
    if (m.kind === 'contact') {
      plan.contactsMatched.push(id);
      who = { kind: 'id', id: m.contactId, object: 'Contact' };
    } else if (m.kind === 'lead' && m.keyed) {
      const ok = pushLead(
        { hubspotId: id, op: 'upsert', id: m.leadId, isNew: false, reasons: [...m.reasons, ...d.reasons] },
        reopened(withNewOwner(leadFields(d.item.contact, d.item.score, ctx.mapping, 'update'), m.ownerId, d.owner, ctx), d, ctx),
        'update',
        d.item.contact,
      );
      if (!ok) continue;
      who = { kind: 'lead-of', hubspotId: id };
    } else if (m.kind === 'lead') {
      // Found by email or by a merged-away key: update through its Id, stamping this contact's key.
      const ok = pushLead(
        { hubspotId: id, op: 'update', id: m.leadId, isNew: false, reasons: [...m.reasons, ...d.reasons] },
        reopened(withNewOwner(leadFields(d.item.contact, d.item.score, ctx.mapping, 'update'), m.ownerId, d.owner, ctx), d, ctx),
        'update',
        d.item.contact,
      );
      if (!ok) continue;
      who = { kind: 'lead-of', hubspotId: id };
    } else {
      const raw = leadFields(d.item.contact, d.item.score, ctx.mapping, 'create');
      if (ctx.assignOwner && d.owner) raw.OwnerId = d.owner.id;
      const ok = pushLead({ hubspotId: id, op: 'upsert', id: null, isNew: true, reasons: [...m.reasons, ...d.reasons] }, raw, 'create', d.item.contact);
      if (!ok) continue;
      who = { kind: 'lead-of', hubspotId: id };
    }

    if (!d.task) continue;
    const key = handoffKey(id, d.episode);
    const rawTask: Record<string, unknown> = { ...d.task, Handoff_Key__c: key };
    // When Salesforce's assignment rules own new Leads, the Task follows whoever they picked (read after
    // the write). Tasks can't be owned by a queue: a queue's Lead gets routing.yaml's queueTaskOwner,
    // and without any user owner the Task stays with the integration user.
    const ownerFromLead = !ctx.assignOwner && m.kind === 'none';
    if (ownerFromLead) rawTask.OwnerId = undefined;
    else if (d.owner?.kind === 'user') rawTask.OwnerId = d.owner.id;
    else if (d.owner?.kind === 'queue' && d.taskOwnerId) rawTask.OwnerId = d.taskOwnerId;
    else if (m.kind !== 'none' && m.ownerId?.startsWith('005')) rawTask.OwnerId = m.ownerId;
    const v = validateRecord(rawTask, ctx.describes.Task, taskMeta, 'create');
    if (v.errors.length > 0) {
      plan.deadLetters.push({ hubspotId: id, stage: 'task.validate', ...validationCodes(v.errors), message: v.errors.map((e) => e.message).join('; '), payload: rawTask });
      continue;
    }
    plan.tasks.push({ hubspotId: id, handoffKey: key, who, record: v.record, fixes: v.fixes, reasons: d.reasons, ...(ownerFromLead ? { ownerFromLead } : {}) });
  }
  return plan;
}
