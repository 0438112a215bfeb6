import type { ReparentRequest, ReviewSalesforce, ReviewState } from '../../src/ports/review.js';
import { loadConfig } from '../../src/config/load.js';
import type { Config } from '../../src/config/load.js';
import { configuredUserNames } from '../../src/core/user-refs.js';
import { HandoffError } from '../../src/domain/errors.js';
import type { WritePlan } from '../../src/domain/plan.js';
import type { AccountIndexRow, SalesforceUser, SalesforceView, SfLeadRow, SfTaskRow } from '../../src/domain/salesforce.js';
import type { Activity, Contact, RawContact } from '../../src/domain/types.js';
import type { SalesChanges, SalesCursors, SalesOpportunity, SalesStatusChange } from '../../src/domain/sales.js';
import { codeForSalesforce } from '../../src/core/salesforce/error-codes.js';
import { emptyLookup } from '../../src/core/match.js';
import type { SfLead } from '../../src/core/match.js';
import { objectMetaSchema } from '../../src/core/salesforce/describe.js';
import type { Describes } from '../../src/core/salesforce/describe.js';
import type { Deps } from '../../src/jobs/deps.js';
import { noopLogger } from '../../src/lib/logger.js';
import type { Logger } from '../../src/lib/logger.js';
import { silentMessenger } from '../../src/ports/messenger.js';
import { FakeSlaSalesforce } from './fake-sla.js';
import { silentAlerter } from '../../src/ports/alerter.js';
import type { Clock } from '../../src/ports/clock.js';
import type { ActivityBatch, ContactPage, HandoffWriteback, HubSpotSource, RefusedUpdate, RejectedRecord, WindowChunk } from '../../src/ports/hubspot.js';
import type { ApplyResult, OrgMetadata, SalesforceAsk, SalesforceSink } from '../../src/ports/salesforce.js';
import type { StateStore } from '../../src/ports/state.js';
import { openStateStore } from '../../src/adapters/state/index.js';
import { OBJECTS } from '@handoff/sandbox';
import { CONFIG_DIR } from './pipeline.js';

/**
 * In-memory stand-ins for the ports jobs run on, so a job's orchestration can be tested without
 * HTTP. They keep to each port's contract (see src/ports) and record what was asked of them; the
 * state store is the real SQLite one, in memory.
 */

/** A clock that stands still unless told to move; sleeps move it. */
export function fixedClock(start: string | number): Clock & { set(ms: number): void; advance(ms: number): void } {
  let now = typeof start === 'number' ? start : Date.parse(start);
  return {
    now: () => now,
    sleep: (ms) => {
      now += Math.max(0, ms);
      return Promise.resolve();
    },
    set: (ms) => {
      now = ms;
    },
    advance: (ms) => {
      now += ms;
    },
  };
}

interface StoredActivity {
  activity: Activity;
  /** Epoch ms of its last change (what an incremental read filters on). */
  modifiedAt: number;
}

/** A HubSpot account: contacts and their activity, the writebacks it received and the calls made. */
export class FakeHubSpot implements HubSpotSource {
  readonly contacts = new Map<string, RawContact>();
  readonly activities: StoredActivity[] = [];
  /** Malformed records an incremental read returns (their lastmodifieddate in the window). */
  readonly malformed: { record: RejectedRecord; modifiedAt: number }[] = [];
  readonly writebacks: HandoffWriteback[] = [];
  readonly ensured: string[] = [];
  /** Every port call by method name, in order. */
  readonly calls: string[] = [];
  /** Errors the next calls of a method throw, first in first out. */
  private readonly faults = new Map<keyof HubSpotSource, Error[]>();

  /** Adds or replaces a contact; `updatedAt` decides which incremental window reads it. */
  put(contact: RawContact): this {
    this.contacts.set(contact.id, contact);
    return this;
  }

  addActivity(activity: Activity, modifiedAt = Date.parse(activity.occurredAt)): this {
    this.activities.push({ activity, modifiedAt });
    return this;
  }

  failNext(method: keyof HubSpotSource, error: Error): this {
    this.faults.set(method, [...(this.faults.get(method) ?? []), error]);
    return this;
  }

  private call(method: keyof HubSpotSource): void {
    this.calls.push(method);
    const queued = this.faults.get(method);
    const error = queued?.shift();
    if (error) throw error;
  }

  /**
   * The window's changed activities, in batches of up to 1,000 (as the HubSpot source maps them);
   * `failNext('windowActivities', e)` fails the read.
   */
  async *windowActivities(window: { since: number; until: number }): AsyncGenerator<ActivityBatch> {
    this.call('windowActivities');
    const inWindow = (ms: number): boolean => ms >= window.since && ms < window.until;
    const changed = this.activities.filter((a) => inWindow(a.modifiedAt)).sort((a, b) => a.modifiedAt - b.modifiedAt || (a.activity.id < b.activity.id ? -1 : a.activity.id > b.activity.id ? 1 : 0));
    for (let i = 0; i < changed.length; i += 1000) yield { activities: changed.slice(i, i + 1000).map((a) => a.activity), rejected: [] };
  }

  /**
   * The window's changed contacts in stream order (modification time, then id), cut every
   * `chunkSize` contacts; `failNext('windowContacts', e)` fails the read, `failChunk(k, e)` the k-th
   * chunk (1-based). Malformed records come with the first chunk.
   */
  async *windowContacts(window: { since: number; until: number }, _extra: readonly string[], chunkSize: number): AsyncGenerator<WindowChunk> {
    this.call('windowContacts');
    const inWindow = (ms: number): boolean => ms >= window.since && ms < window.until;
    const items = [...this.contacts.values()]
      .filter((c) => !c.archived && inWindow(Date.parse(c.updatedAt)))
      .map((c) => ({ ts: Date.parse(c.updatedAt), contact: c }))
      .sort((a, b) => a.ts - b.ts || (a.contact.id < b.contact.id ? -1 : a.contact.id > b.contact.id ? 1 : 0));
    const rejected = this.malformed.filter((m) => inWindow(m.modifiedAt)).map((m) => ({ ...m.record, stage: 'ingest' as const }));
    let k = 0;
    for (let i = 0; i === 0 || i < items.length; i += chunkSize) {
      const part = items.slice(i, i + chunkSize);
      k += 1;
      const fault = this.chunkFaults.get(k);
      if (fault) {
        this.chunkFaults.delete(k);
        throw fault;
      }
      const next = items[i + chunkSize];
      yield {
        contacts: part.map((it) => it.contact),
        gone: [],
        rejected: i === 0 ? rejected : [],
        latestChange: part.length > 0 ? Math.max(...part.map((it) => it.ts)) : null,
        through: next ? next.ts - 1 : window.until,
        last: !next,
      };
    }
  }

  private readonly chunkFaults = new Map<number, Error>();

  /** The k-th chunk (1-based) of the next read of the window's contacts fails with `error` instead of being given. */
  failChunk(k: number, error: Error): this {
    this.chunkFaults.set(k, error);
    return this;
  }

  listContacts(after: string | undefined, _extra: readonly string[], limit: number): Promise<ContactPage> {
    this.call('listContacts');
    const all = [...this.contacts.values()].sort((a, b) => Number(a.id) - Number(b.id));
    const start = after === undefined ? 0 : all.findIndex((c) => Number(c.id) > Number(after));
    const page = start < 0 ? [] : all.slice(start, start + limit);
    const last = page[page.length - 1];
    const more = start >= 0 && start + limit < all.length;
    return Promise.resolve({ contacts: page, rejected: [], size: page.length, after: more && last ? last.id : undefined });
  }

  readContacts(ids: readonly string[], _extra: readonly string[]): Promise<{ contacts: RawContact[]; rejected: RejectedRecord[] }> {
    this.call('readContacts');
    const contacts = ids.flatMap((id) => {
      const c = this.contacts.get(id);
      return c && !c.archived ? [c] : [];
    });
    return Promise.resolve({ contacts, rejected: [] });
  }

  /** Contact lists by id, for rollout segments on a list. */
  readonly lists = new Map<string, Set<string>>();

  listMembers(listId: string): Promise<Set<string>> {
    this.call('listMembers');
    const members = this.lists.get(listId);
    return members ? Promise.resolve(new Set(members)) : Promise.reject(new HandoffError('NOT_FOUND', `List does not exist with listId ${listId}`, { system: 'hubspot' }));
  }

  existingContacts(ids: readonly string[]): Promise<Set<string>> {
    this.call('existingContacts');
    if (ids.length > 100) return Promise.reject(new RangeError('batch read takes at most 100 ids'));
    return Promise.resolve(new Set(ids.filter((id) => this.contacts.get(id)?.archived === false)));
  }

  contactActivities(contactIds: readonly string[]): Promise<{ activities: Activity[]; rejected: RejectedRecord[] }> {
    this.call('contactActivities');
    const wanted = new Set(contactIds);
    return Promise.resolve({ activities: this.activities.filter((a) => wanted.has(a.activity.contactId)).map((a) => a.activity), rejected: [] });
  }

  countContacts(created?: { since: number; until: number }): Promise<number> {
    this.call('countContacts');
    const all = [...this.contacts.values()].filter((c) => !c.archived);
    if (!created) return Promise.resolve(all.length);
    return Promise.resolve(all.filter((c) => Date.parse(c.createdAt) >= created.since && Date.parse(c.createdAt) < created.until).length);
  }

  qualifiedContacts(since: number): Promise<Map<string, string | null>> {
    this.call('qualifiedContacts');
    const qualifiedStages = new Set(['marketingqualifiedlead', 'salesqualifiedlead', 'opportunity', 'customer', 'evangelist']);
    const handedOff = new Set(this.writebacks.map((w) => w.hubspotId));
    const found = new Map<string, string | null>();
    for (const c of this.contacts.values()) {
      if (Date.parse(c.updatedAt) < since) continue;
      if (handedOff.has(c.id) || qualifiedStages.has(c.properties.lifecyclestage ?? '')) found.set(c.id, c.updatedAt);
    }
    return Promise.resolve(found);
  }

  ensureWritebackProperties(groupName: string): Promise<void> {
    this.call('ensureWritebackProperties');
    this.ensured.push(groupName);
    return Promise.resolve();
  }

  writeBack(handoffs: readonly HandoffWriteback[], _lifecycleStage: string): Promise<void> {
    this.call('writeBack');
    this.writebacks.push(...handoffs);
    return Promise.resolve();
  }

  /** Every contact property update (the feedback job), in order, one entry per batch call. */
  readonly updates: { hubspotId: string; properties: Record<string, string> }[][] = [];
  /** The portal's lifecycle stage options, in order. */
  stages = ['subscriber', 'lead', 'marketingqualifiedlead', 'salesqualifiedlead', 'opportunity', 'customer', 'evangelist', 'other'];

  /** Contacts whose updates HubSpot refuses (as if deleted): left out of `updates`, returned as refused. */
  readonly refuseUpdates = new Set<string>();

  updateContacts(updates: readonly { hubspotId: string; properties: Record<string, string> }[]): Promise<RefusedUpdate[]> {
    const refused: RefusedUpdate[] = [];
    for (let i = 0; i < updates.length; i += 100) {
      this.call('updateContacts');
      const batch = updates.slice(i, i + 100);
      for (const u of batch) if (this.refuseUpdates.has(u.hubspotId)) refused.push({ hubspotId: u.hubspotId, code: 'NOT_FOUND', vendorCode: 'OBJECT_NOT_FOUND', message: `Object not found. objectId: ${u.hubspotId}` });
      this.updates.push(batch.filter((u) => !this.refuseUpdates.has(u.hubspotId)).map((u) => ({ hubspotId: u.hubspotId, properties: { ...u.properties } })));
    }
    return Promise.resolve(refused);
  }

  lifecycleStages(): Promise<string[]> {
    this.call('lifecycleStages');
    return Promise.resolve([...this.stages]);
  }

  callCounts(): { calls: number; rateLimited: number } {
    return { calls: this.calls.length, rateLimited: 0 };
  }
}

export interface FakeLead {
  Id: string;
  record: Record<string, unknown>;
  IsConverted: boolean;
}

export interface FakeTask {
  Id: string;
  WhoId: string;
  record: Record<string, unknown>;
}

/** A Salesforce vendor refusal of one record, as a collection result would carry it. */
export interface Refusal {
  code: string;
  message: string;
  fields?: string[];
}

/** Describe results as the emulated org gives them: standard fields plus Handoff's custom fields. */
export function orgDescribes(): Describes {
  const meta = (name: 'Lead' | 'Contact' | 'Task') => {
    const def = OBJECTS.get(name);
    if (def === undefined) throw new Error(`no ${name}`);
    return objectMetaSchema.parse({ name: def.name, fields: def.fields });
  };
  return { Lead: meta('Lead'), Contact: meta('Contact'), Task: meta('Task') };
}

/**
 * A Salesforce org: Leads keyed by HubSpot id, Tasks keyed by handoff key. Records every write;
 * can refuse chosen records (per-record errors, as collections return them) and throw vendor
 * errors from whole calls.
 */
export class FakeSalesforce implements SalesforceSink {
  readonly leads = new Map<string, FakeLead>();
  readonly tasks = new Map<string, FakeTask>();
  readonly users: SalesforceUser[];
  /** Every record written, in order. */
  readonly writes: { object: 'Lead' | 'Task'; op: 'upsert' | 'update' | 'create'; hubspotId: string; record: Record<string, unknown> }[] = [];
  readonly calls: string[] = [];
  /** The org's Accounts as `readAccountChanges` reports them (domain already normalized). */
  readonly accounts: AccountIndexRow[] = [];
  /** Records refused by HubSpot id: every write of theirs fails with this vendor error. */
  readonly refuse = new Map<string, Refusal>();
  private readonly faults = new Map<keyof SalesforceSink, Error[]>();
  private nextId = 1;

  constructor(users: SalesforceUser[]) {
    this.users = users;
  }

  failNext(method: keyof SalesforceSink, error: Error): this {
    this.faults.set(method, [...(this.faults.get(method) ?? []), error]);
    return this;
  }

  /** What reps did, as the feedback read returns it: rows are filtered by their modstamp against each object's cursor. */
  readonly sales: Omit<SalesChanges, 'queries' | 'latest' | 'statusHistory'> & { statusHistory: SalesStatusChange[] | null } = {
    leads: [],
    tasks: [],
    events: [],
    opportunities: [],
    contactRoles: [],
    statusHistory: [],
  };

  readSalesChanges(since: Required<SalesCursors>): Promise<SalesChanges> {
    this.call('readSalesChanges');
    const after = <T extends { modstamp: string }>(rows: T[], cursor: string): T[] => rows.filter((r) => r.modstamp >= cursor);
    const latest = (rows: { modstamp: string }[]): string | undefined => rows.map((r) => r.modstamp).sort().at(-1);
    const out: SalesChanges = {
      leads: after(this.sales.leads, since.Lead),
      tasks: after(this.sales.tasks, since.Task),
      events: after(this.sales.events, since.Event),
      opportunities: after(this.sales.opportunities, since.Opportunity),
      contactRoles: after(this.sales.contactRoles, since.OpportunityContactRole),
      statusHistory: this.sales.statusHistory === null ? null : this.sales.statusHistory.filter((h) => h.at >= since.LeadHistory),
      queries: this.sales.statusHistory === null ? 5 : 6,
      latest: {},
    };
    for (const [k, rows] of [['Lead', out.leads], ['Task', out.tasks], ['Event', out.events], ['Opportunity', out.opportunities], ['OpportunityContactRole', out.contactRoles]] as const) {
      const l = latest(rows);
      if (l) out.latest[k] = l;
    }
    const h = out.statusHistory?.map((r) => r.at).sort().at(-1);
    if (h) out.latest.LeadHistory = h;
    return Promise.resolve(out);
  }

  readOpportunities(ids: readonly string[]): Promise<SalesOpportunity[]> {
    this.call('readOpportunities');
    return Promise.resolve(this.sales.opportunities.filter((o) => ids.includes(o.id)));
  }

  /** A Lead a rep converted: further writes to it are refused as converted. */
  convert(hubspotId: string): void {
    const lead = this.leads.get(hubspotId);
    if (lead) lead.IsConverted = true;
  }

  private call(method: keyof SalesforceSink): void {
    this.calls.push(method);
    const error = this.faults.get(method)?.shift();
    if (error) throw error;
  }

  private id(prefix: string): string {
    return `${prefix}${String(this.nextId++).padStart(15, '0')}`;
  }

  assertBudget(): Promise<void> {
    this.call('assertBudget');
    return Promise.resolve();
  }

  checkBudget(): Promise<void> {
    this.call('checkBudget');
    return Promise.resolve();
  }

  orgMetadata(opts: { now: Date }): Promise<OrgMetadata> {
    this.call('orgMetadata');
    return Promise.resolve({ describes: orgDescribes(), users: this.users, queues: [], fetchedAt: opts.now.toISOString() });
  }

  lookup(contacts: readonly Contact[]): Promise<ReturnType<typeof emptyLookup>> {
    this.call('lookup');
    const lookup = emptyLookup();
    for (const c of contacts) {
      const lead = this.leads.get(c.hubspotId);
      if (!lead) continue;
      const row: SfLead = {
        Id: lead.Id,
        Email: typeof lead.record.Email === 'string' ? lead.record.Email : null,
        OwnerId: typeof lead.record.OwnerId === 'string' ? lead.record.OwnerId : null,
        IsConverted: lead.IsConverted,
        ConvertedContactId: null,
        HubSpot_Contact_Id__c: c.hubspotId,
        CreatedDate: '2026-01-01T00:00:00.000Z',
      };
      lookup.leadsByKey.set(c.hubspotId, [row]);
    }
    return Promise.resolve(lookup);
  }

  async readAccountChanges(since: string | null, onPage: (rows: AccountIndexRow[]) => Promise<void>): Promise<void> {
    this.call('readAccountChanges');
    const changed = [...this.accounts].filter((a) => since === null || a.modstamp >= since).sort((a, b) => a.modstamp.localeCompare(b.modstamp));
    // Pages of two, so a test sees the index stored a page at a time.
    for (let i = 0; i < changed.length; i += 2) await onPage(changed.slice(i, i + 2));
  }

  apply(plan: WritePlan, _opts: { leadHeaders: Record<string, string>; maxRecordAttempts: number }): Promise<ApplyResult> {
    this.call('apply');
    const result: ApplyResult = { leads: new Map(), tasks: new Map(), deadLetters: [], converted: [] };
    const refused = (hubspotId: string, stage: string, payload: unknown): boolean => {
      const r = this.refuse.get(hubspotId);
      if (!r) return false;
      const message = `${r.message}${r.fields?.length ? ` (${r.fields.join(', ')})` : ''}`;
      result.deadLetters.push({ hubspotId, stage, code: codeForSalesforce(r.code), vendorCode: r.code, message, payload });
      return true;
    };
    for (const op of plan.leads) {
      this.writes.push({ object: 'Lead', op: op.op, hubspotId: op.hubspotId, record: op.record });
      if (refused(op.hubspotId, 'lead.write', op.record)) continue;
      const existing = this.leads.get(op.hubspotId);
      if (existing?.IsConverted) {
        result.converted.push(op.hubspotId);
        continue;
      }
      const lead = existing ?? { Id: op.id ?? this.id('00Q'), record: {}, IsConverted: false };
      lead.record = { ...lead.record, ...op.record };
      this.leads.set(op.hubspotId, lead);
      result.leads.set(op.hubspotId, { hubspotId: op.hubspotId, leadId: lead.Id, created: !existing, op });
    }
    for (const op of plan.tasks) {
      const whoId = op.who.kind === 'id' ? op.who.id : result.leads.get(op.who.hubspotId)?.leadId;
      if (!whoId) continue;
      this.writes.push({ object: 'Task', op: 'create', hubspotId: op.hubspotId, record: op.record });
      const existing = this.tasks.get(op.handoffKey);
      if (existing) {
        result.tasks.set(op.hubspotId, { hubspotId: op.hubspotId, taskId: existing.Id, created: false, whoId, op });
        continue;
      }
      const task = { Id: this.id('00T'), WhoId: whoId, record: op.record };
      this.tasks.set(op.handoffKey, task);
      result.tasks.set(op.hubspotId, { hubspotId: op.hubspotId, taskId: task.Id, created: true, whoId, op });
    }
    return Promise.resolve(result);
  }

  reconcileView(ask: SalesforceAsk): Promise<SalesforceView> {
    this.call('reconcileView');
    const view: SalesforceView = { leadsByKey: new Map(), leadIds: new Set(), contactIds: new Set(), tasksByKey: new Map() };
    const wantedKeys = new Set(ask.hubspotIds);
    const wantedIds = new Set(ask.leadIds);
    for (const [hubspotId, lead] of this.leads) {
      const row: SfLeadRow = { Id: lead.Id, HubSpot_Contact_Id__c: hubspotId, IsConverted: lead.IsConverted };
      if (wantedKeys.has(hubspotId)) {
        view.leadsByKey.set(hubspotId, [row]);
        view.leadIds.add(lead.Id);
      }
      if (wantedIds.has(lead.Id)) view.leadIds.add(lead.Id);
    }
    for (const key of ask.taskKeys) {
      const t = this.tasks.get(key);
      if (t) view.tasksByKey.set(key, [{ Id: t.Id, Handoff_Key__c: key, WhoId: t.WhoId, IsClosed: false } satisfies SfTaskRow]);
    }
    return Promise.resolve(view);
  }

  callCounts(): Promise<{ calls: number; budget: null }> {
    return Promise.resolve({ calls: this.calls.length, budget: null });
  }
}

/** A Salesforce vendor error as the adapter would throw it from a whole call. */
export function salesforceCallError(vendorCode: string, message = 'refused'): HandoffError {
  return new HandoffError(codeForSalesforce(vendorCode), `Salesforce ${vendorCode}: ${message}`, { system: 'salesforce', vendorCode });
}

/** Active users for every name routing.yaml mentions, as the org would have them. */
export function orgUsers(config: Config): SalesforceUser[] {
  return configuredUserNames(config.routing).map((name, i) => ({
    Id: `005${String(i + 1).padStart(15, '0')}`,
    Username: name,
    Email: name,
    IsActive: true,
    TimeZoneSidKey: 'America/New_York',
  }));
}

/** Salesforce as `handoff review resolve` sees it, in memory: Task WhoIds and Lead keys, every reparent recorded. */
export class FakeReviewSalesforce implements ReviewSalesforce {
  readonly taskWhoIds = new Map<string, string>();
  readonly leadKeys = new Map<string, string | null>();
  readonly reparents: ReparentRequest[] = [];

  state(taskId: string, leadIds: readonly string[]): Promise<ReviewState> {
    return Promise.resolve({ taskWhoId: this.taskWhoIds.get(taskId) ?? null, leadKeys: new Map(leadIds.filter((id) => this.leadKeys.has(id)).map((id) => [id, this.leadKeys.get(id) ?? null])) });
  }

  reparent(request: ReparentRequest): Promise<void> {
    this.reparents.push(request);
    if (request.clearKeyOf !== null) this.leadKeys.set(request.clearKeyOf, null);
    if (request.to.object === 'Lead' && request.leadFields) this.leadKeys.set(request.to.id, String(request.leadFields.HubSpot_Contact_Id__c ?? ''));
    this.taskWhoIds.set(request.taskId, request.to.id);
    return Promise.resolve();
  }
}

export interface FakeDeps extends Deps {
  readonly hubspot: FakeHubSpot;
  readonly salesforce: FakeSalesforce;
  readonly slaSalesforce: FakeSlaSalesforce;
  readonly reviewSalesforce: FakeReviewSalesforce;
  readonly clock: ReturnType<typeof fixedClock>;
}

/** The shipped configuration (with optional changes), fakes for both systems and an in-memory SQLite store. */
export async function fakeDeps(opts: { now?: string; config?: (c: Config) => Config; logger?: Logger; state?: StateStore } = {}): Promise<FakeDeps> {
  const base = loadConfig({ env: { HUBSPOT_ACCESS_TOKEN: 'unused', HANDOFF_DATABASE_URL: 'sqlite::memory:' }, dir: CONFIG_DIR });
  const config = opts.config ? opts.config(base) : base;
  const clock = fixedClock(opts.now ?? '2026-11-02T10:00:00.000Z');
  return {
    config,
    clock,
    logger: opts.logger ?? noopLogger,
    state: opts.state ?? (await openStateStore('sqlite::memory:', { clock })),
    hubspot: new FakeHubSpot(),
    salesforce: new FakeSalesforce(orgUsers(config)),
    alerter: silentAlerter(),
    messenger: silentMessenger(),
    slaSalesforce: new FakeSlaSalesforce(),
    reviewSalesforce: new FakeReviewSalesforce(),
  };
}

/**
 * A raw HubSpot contact that qualifies under the shipped scoring model once it has a completed
 * meeting or two (a VP of marketing at a 1,500-person US software company).
 */
export function rawContact(id: string, over: { updatedAt?: string; createdAt?: string; properties?: Record<string, string | null>; archived?: boolean } = {}): RawContact {
  return {
    id,
    properties: {
      email: `person${id}@globex${id}.com`,
      firstname: 'Ada',
      lastname: `Person${id}`,
      company: `Globex ${id}`,
      website: `https://globex${id}.com`,
      jobtitle: 'VP Marketing',
      phone: '+1 415 555 0100',
      country: 'US',
      state: 'CA',
      city: 'San Francisco',
      industry: 'Software',
      numemployees: '1500',
      lifecyclestage: 'lead',
      createdate: over.createdAt ?? '2026-10-01T00:00:00.000Z',
      lastmodifieddate: over.updatedAt ?? '2026-11-01T12:00:00.000Z',
      ...over.properties,
    },
    createdAt: over.createdAt ?? '2026-10-01T00:00:00.000Z',
    updatedAt: over.updatedAt ?? '2026-11-01T12:00:00.000Z',
    archived: over.archived ?? false,
  };
}

/** A completed meeting: with the contact's fit, two recent ones qualify it. */
export function meeting(contactId: string, n: number, occurredAt = '2026-10-30T15:00:00.000Z'): Activity {
  return { id: `meeting:${contactId}-${n}`, type: 'meeting', contactId, occurredAt, outcome: 'COMPLETED', title: 'Intro call' };
}
