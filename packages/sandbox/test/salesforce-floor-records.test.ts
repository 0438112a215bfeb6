import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Connection } from 'jsforce';
import type { SalesforceSandbox } from '../src/salesforce/index.js';
import type { FloorTruth, HandoffTruth } from '../src/salesforce/floor/index.js';
import { tokenConnection } from './salesforce-helpers.js';
import { DAY, floorSandbox, handOffMany } from './salesforce-floor-fixture.js';

type Row = Record<string, unknown>;
const sfTime = (iso: string): string => iso.replace('Z', '+0000');
const idList = (ids: string[]): string => `(${ids.map((id) => `'${id}'`).join(', ')})`;

/**
 * The floor's truth against what a connector reads with SOQL (jsforce over HTTP): every touch, status
 * change, meeting, conversion, opportunity and scorecard the truth names is in the records, with its time.
 */
describe('the sales floor in the records', () => {
  let sandbox: SalesforceSandbox;
  let conn: Connection;
  let truth: FloorTruth;
  const all = async (soql: string): Promise<Row[]> => (await conn.query<Row>(soql, { autoFetch: true, maxFetch: 100_000 })).records;

  beforeAll(async () => {
    sandbox = await floorSandbox();
    conn = tokenConnection(sandbox);
    const res = await fetch(`${sandbox.url}/__sandbox/salesfloor`, { method: 'POST', body: JSON.stringify({ enabled: true, seed: 42 }) });
    expect(await res.json()).toMatchObject({ enabled: true, seed: 42 });
    handOffMany(sandbox, 120, 10);
    await fetch(`${sandbox.url}/__sandbox/clock`, { method: 'POST', body: JSON.stringify({ advance: 40 * DAY }) });
    truth = (await (await fetch(`${sandbox.url}/__sandbox/salesfloor/truth`)).json()) as FloorTruth;
  });
  afterAll(async () => {
    await sandbox.stop();
  });

  it('the handoff Tasks: closed when and with the scorecard the truth says', async () => {
    const tasks = await all('SELECT Id, Handoff_Key__c, IsClosed, CompletedDateTime, Handoff_Outcome__c, Handoff_Lead_Quality__c, Handoff_Comment__c, LastModifiedById FROM Task WHERE Handoff_Key__c != null');
    const byKey = new Map(tasks.map((t) => [String(t.Handoff_Key__c), t]));
    expect(truth.handoffs).toHaveLength(120);
    for (const h of truth.handoffs) {
      const t = byKey.get(h.key);
      expect(t?.IsClosed, h.key).toBe(h.taskCompletedAt !== null);
      expect(t?.CompletedDateTime ?? null).toBe(h.taskCompletedAt ? sfTime(h.taskCompletedAt) : null);
      expect([t?.Handoff_Outcome__c ?? null, t?.Handoff_Lead_Quality__c ?? null, t?.Handoff_Comment__c ?? null]).toEqual(
        h.scorecard ? [h.scorecard.outcome, h.scorecard.quality, h.scorecard.comment] : [null, null, null],
      );
      if (h.taskCompletedAt) expect(t?.LastModifiedById).toBe(h.repId);
    }
  });

  it('every call and email the truth lists is a completed Task by the rep on the Lead or its Contact', async () => {
    const logged = truth.handoffs.flatMap((h) => h.attempts.filter((a) => a.kind === 'call' || a.kind === 'email').map((a) => ({ h, a })));
    expect(logged.length).toBeGreaterThan(50);
    const rows = await all(`SELECT Id, WhoId, OwnerId, CompletedDateTime, TaskSubtype, Status FROM Task WHERE Handoff_Key__c = null`);
    expect(rows).toHaveLength(logged.length);
    const byId = new Map(rows.map((r) => [String(r.Id), r]));
    for (const { h, a } of logged) {
      const row = byId.get(String(a.activityId));
      expect(row).toMatchObject({ OwnerId: h.repId, Status: 'Completed', CompletedDateTime: sfTime(a.at), TaskSubtype: a.kind === 'call' ? 'Call' : 'Email' });
      expect([h.whoId, h.conversion?.contactId]).toContain(row?.WhoId);
    }
  });

  it('Lead Status history is the truth\'s status changes; disqualified Leads carry the reason', async () => {
    const leads = truth.handoffs.filter((h) => h.whoType === 'Lead');
    const history = await all(`SELECT LeadId, OldValue, NewValue, CreatedDate, CreatedById FROM LeadHistory WHERE Field = 'Status' ORDER BY CreatedDate`);
    for (const h of leads) {
      const rows = history.filter((r) => r.LeadId === h.whoId).map((r) => ({ at: r.CreatedDate, from: r.OldValue, to: r.NewValue, by: r.CreatedById }));
      expect(rows, h.key).toEqual(h.statusChanges.map((s) => ({ at: sfTime(s.at), from: s.from, to: s.to, by: h.repId })));
    }
    const disqualified = leads.filter((h) => h.disqualified);
    expect(disqualified.length).toBeGreaterThan(0);
    const rows = await all(`SELECT Id, Status, Disqualification_Reason__c FROM Lead WHERE Id IN ${idList(disqualified.map((h) => h.whoId))}`);
    for (const h of disqualified) expect(rows.find((r) => r.Id === h.whoId)).toMatchObject({ Status: 'Closed - Not Converted', Disqualification_Reason__c: h.disqualified?.reason });
  });

  it('meetings are Events at the times the truth gives, conversions and opportunities match', async () => {
    const events = await all('SELECT Id, WhoId, OwnerId, StartDateTime, EndDateTime, CreatedDate FROM Event');
    const meetings = truth.handoffs.flatMap((h) => h.meetings.map((m) => ({ h, m })));
    expect(events).toHaveLength(meetings.length);
    for (const { h, m } of meetings) {
      expect(events.find((e) => e.Id === m.eventId)).toMatchObject({ OwnerId: h.repId, StartDateTime: sfTime(m.startAt), EndDateTime: sfTime(m.endAt), CreatedDate: sfTime(m.bookedAt) });
    }
    const converted = truth.handoffs.filter((h): h is HandoffTruth & { conversion: NonNullable<HandoffTruth['conversion']> } => h.conversion !== null);
    expect(converted.length).toBeGreaterThan(0);
    const leads = await all(`SELECT Id, IsConverted, ConvertedDate, ConvertedContactId, ConvertedOpportunityId, ConvertedAccountId FROM Lead WHERE Id IN ${idList(converted.map((h) => h.whoId))}`);
    for (const h of converted) {
      expect(leads.find((l) => l.Id === h.whoId)).toMatchObject({
        IsConverted: true, ConvertedDate: h.conversion.at.slice(0, 10), ConvertedContactId: h.conversion.contactId,
        ConvertedOpportunityId: h.conversion.opportunityId, ConvertedAccountId: h.conversion.accountId,
      });
    }
    const deals = truth.handoffs.flatMap((h) => (h.opportunity ? [{ h, o: h.opportunity }] : []));
    expect(deals.some(({ h }) => h.whoType === 'Contact')).toBe(true);
    const opps = await all(`SELECT Id, StageName, IsClosed, IsWon, Amount, CurrencyIsoCode, CloseDate, OwnerId FROM Opportunity`);
    const roles = await all('SELECT OpportunityId, ContactId, IsPrimary FROM OpportunityContactRole');
    expect(opps).toHaveLength(deals.length);
    for (const { h, o } of deals) {
      expect(opps.find((x) => x.Id === o.id)).toMatchObject({ StageName: o.stage, IsClosed: o.isClosed, IsWon: o.isWon, Amount: o.amount, CurrencyIsoCode: o.currency, OwnerId: h.repId });
      if (o.closedAt) expect(opps.find((x) => x.Id === o.id)?.CloseDate).toBe(o.closedAt.slice(0, 10));
      const contactId = h.conversion?.contactId ?? h.whoId;
      expect(roles).toContainEqual({ attributes: expect.anything(), OpportunityId: o.id, ContactId: contactId, IsPrimary: true });
    }
  });

  it('what a rep wrote carries the rep\'s instant as SystemModstamp, no later than the clock', async () => {
    const now = Date.parse(truth.asOf);
    const rows = await all('SELECT SystemModstamp, LastModifiedById FROM Task');
    expect(rows.every((r) => Date.parse(String(r.SystemModstamp).replace('+0000', 'Z')) <= now)).toBe(true);
    expect(rows.some((r) => r.LastModifiedById === truth.reps[0]?.userId)).toBe(true);
  });
});
