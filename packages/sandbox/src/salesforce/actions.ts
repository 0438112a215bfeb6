import { createRecord, requireRecord, save, stamp, updateRecord } from './dml.js';
import type { DmlContext } from './dml.js';
import { SfError } from './errors.js';
import { DAY_MS, sfDate } from './format.js';
import { objectForId } from './ids.js';
import type { SalesforceStore, SfValue } from './store.js';

/** What a sales rep does in the UI, scripted for tests. */
const SYSTEM_CTX: DmlContext = { autoAssign: false, allowSave: true, version: '64.0' };

export interface ConvertOptions {
  /** Merge into this Account instead of creating one from Company. */
  accountId?: string;
  createOpportunity?: boolean;
  /** Owner of the new records; default the Lead's owner, or the converting user when a queue owns the Lead. */
  ownerId?: string;
  /** The new Opportunity's name (default "Company-", as the convert page proposes) and amount. */
  opportunityName?: string;
  amount?: number;
  /** Who converts and when (epoch ms); default the API user, now. */
  actorId?: string;
  at?: number;
}

export interface ConvertResult {
  leadId: string;
  contactId: string;
  accountId: string;
  opportunityId: string | null;
}

/**
 * Lead conversion ("convertLead()", SOAP API Developer Guide): creates a Contact (+ Account, + Opportunity),
 * moves the Lead's Tasks and Events to the Contact, then marks the Lead converted. Converted leads are read-only afterwards (CANNOT_UPDATE_CONVERTED_LEAD).
 */
export function convertLead(store: SalesforceStore, leadId: string, opts: ConvertOptions = {}): ConvertResult {
  const ctx: DmlContext = { ...SYSTEM_CTX, ...(opts.actorId ? { actorId: opts.actorId } : {}), ...(opts.at !== undefined ? { at: opts.at } : {}) };
  const at = opts.at ?? store.clock.now();
  const lead = requireRecord(store, 'Lead', leadId);
  if (lead.IsConverted === true) throw new SfError(400, 'CANNOT_UPDATE_CONVERTED_LEAD', 'cannot reference converted lead', []);
  // Accounts, Contacts and Opportunities can't be owned by a queue; the convert page then proposes the
  // converting user as their owner.
  const ownerId = opts.ownerId ?? (objectForId(String(lead.OwnerId)) === 'Group' ? store.integrationUserId() : lead.OwnerId);
  const sp = store.savepoint();
  try {
    const accountId =
      opts.accountId ?? createRecord(store, 'Account', { Name: lead.Company, OwnerId: ownerId, Website: lead.Website }, ctx).id;
    const contactBody: Record<string, SfValue | undefined> = {
      FirstName: lead.FirstName,
      LastName: lead.LastName,
      Email: lead.Email,
      Phone: lead.Phone,
      Title: lead.Title,
      LeadSource: lead.LeadSource,
      OwnerId: ownerId,
      AccountId: accountId,
    };
    if (store.field('Contact', 'HubSpot_Contact_Id__c') && store.field('Lead', 'HubSpot_Contact_Id__c')) {
      contactBody.HubSpot_Contact_Id__c = lead.HubSpot_Contact_Id__c;
    }
    const contactId = createRecord(store, 'Contact', contactBody, ctx).id;
    const opportunityId = opts.createOpportunity
      ? createRecord(
          store,
          'Opportunity',
          // ContactId makes the new Contact the Opportunity's primary contact role, as the convert page does.
          {
            Name: opts.opportunityName ?? `${String(lead.Company)}-`,
            AccountId: accountId,
            ContactId: contactId,
            StageName: 'Prospecting',
            CloseDate: sfDate(at + 30 * DAY_MS),
            OwnerId: ownerId,
            LeadSource: lead.LeadSource,
            ...(opts.amount !== undefined ? { Amount: opts.amount } : {}),
          },
          ctx,
        ).id
      : null;
    // The Lead's activities, open and closed, move to the new Contact.
    for (const type of ['Task', 'Event']) {
      for (const activity of store.lookup(type, 'WhoId', String(lead.Id))) updateRecord(store, type, String(activity.Id), { WhoId: contactId }, ctx);
    }
    const converted: Record<string, SfValue> = {
      ...lead,
      IsConverted: true,
      Status: 'Closed - Converted',
      ConvertedContactId: contactId,
      ConvertedAccountId: accountId,
      ConvertedOpportunityId: opportunityId,
      ConvertedDate: sfDate(at),
    };
    stamp(store, converted, ctx);
    save(store, 'Lead', lead, converted, ctx);
    return { leadId: String(lead.Id), contactId, accountId, opportunityId };
  } catch (err) {
    store.rollbackTo(sp);
    throw err;
  } finally {
    store.release();
  }
}

/** A rep closing the task: Status Completed, IsClosed true, CompletedDateTime now. */
export function completeTask(store: SalesforceStore, taskId: string): void {
  updateRecord(store, 'Task', taskId, { Status: 'Completed' }, SYSTEM_CTX);
}
