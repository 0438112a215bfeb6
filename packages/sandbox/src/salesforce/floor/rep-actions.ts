import { convertLead } from '../actions.js';
import type { ConvertResult } from '../actions.js';
import { createRecord, updateRecord } from '../dml.js';
import type { DmlContext } from '../dml.js';
import { sfDate, sfDateTime } from '../format.js';
import type { SalesforceStore, SfValue } from '../store.js';

/** What a rep does in the Salesforce UI, as writes by that User at an instant (records carry both). */
export class RepDesk {
  constructor(
    private readonly store: SalesforceStore,
    private readonly repId: string,
    private readonly at: number,
  ) {}

  private ctx(): DmlContext {
    return { autoAssign: false, allowSave: true, version: '64.0', actorId: this.repId, at: this.at };
  }

  /** A completed call or email logged on the Lead or Contact. */
  logActivity(whoId: string, kind: 'call' | 'email', connected: boolean, whatId: string | null): string {
    const call = kind === 'call';
    const body: Record<string, SfValue> = {
      WhoId: whoId,
      OwnerId: this.repId,
      Subject: call ? 'Call' : 'Email: following up on your enquiry',
      TaskSubtype: call ? 'Call' : 'Email',
      Type: call ? 'Call' : 'Email',
      Status: 'Completed',
      Priority: 'Normal',
      ActivityDate: sfDate(this.at),
      ...(whatId ? { WhatId: whatId } : {}),
      ...(call ? { CallType: 'Outbound', CallDurationInSeconds: connected ? 300 + (this.at % 900) : 25, CallDisposition: connected ? 'Connected' : 'No answer' } : {}),
    };
    return createRecord(this.store, 'Task', body, this.ctx()).id;
  }

  completeTask(taskId: string, scorecard: { outcome: string; quality: number; comment: string } | null): void {
    const card = scorecard ? { Handoff_Outcome__c: scorecard.outcome, Handoff_Lead_Quality__c: scorecard.quality, Handoff_Comment__c: scorecard.comment } : {};
    updateRecord(this.store, 'Task', taskId, { Status: 'Completed', ...this.present('Task', card) }, this.ctx());
  }

  setLeadStatus(leadId: string, status: string, extra: Record<string, SfValue> = {}): void {
    updateRecord(this.store, 'Lead', leadId, { Status: status, ...this.present('Lead', extra) }, this.ctx());
  }

  bookMeeting(whoId: string, startMs: number, minutes: number): string {
    const body = { WhoId: whoId, OwnerId: this.repId, Subject: 'Meeting', Type: 'Meeting', StartDateTime: sfDateTime(startMs), DurationInMinutes: minutes };
    return createRecord(this.store, 'Event', body, this.ctx()).id;
  }

  convert(leadId: string, opportunity: { name: string; amount: number } | null): ConvertResult {
    return convertLead(this.store, leadId, {
      createOpportunity: opportunity !== null,
      ...(opportunity ? { opportunityName: opportunity.name, amount: opportunity.amount } : {}),
      ownerId: this.repId,
      actorId: this.repId,
      at: this.at,
    });
  }

  /** An Opportunity on a matched Contact: ContactId makes the Contact its primary contact role. */
  createOpportunity(contactId: string, accountId: string | null, name: string, amount: number): string {
    const body = { Name: name, ContactId: contactId, StageName: 'Prospecting', Amount: amount, CloseDate: sfDate(this.at + 30 * 86_400_000), OwnerId: this.repId, ...(accountId ? { AccountId: accountId } : {}) };
    return createRecord(this.store, 'Opportunity', body, this.ctx()).id;
  }

  updateOpportunity(id: string, values: Record<string, SfValue>): void {
    updateRecord(this.store, 'Opportunity', id, this.present('Opportunity', values), this.ctx());
  }

  /** Only the fields the org has (an admin may have hidden the scorecard, the reason field or CurrencyIsoCode). */
  private present(type: string, values: Record<string, SfValue>): Record<string, SfValue> {
    return Object.fromEntries(Object.entries(values).filter(([name]) => this.store.field(type, name) !== undefined));
  }
}
