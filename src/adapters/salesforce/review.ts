import { HandoffError } from '../../domain/errors.js';
import { codeForSalesforce } from '../../core/salesforce/error-codes.js';
import type { ReparentRequest, ReviewSalesforce, ReviewState } from '../../ports/review.js';
import type { RecordResult, SalesforceGateway } from './gateway.js';
import { soqlIn, soqlString } from './soql.js';

/** An existing record is written: the duplicate rules that guard creates do not apply (docs/architecture.md). */
const UPDATE_HEADERS = { 'Sforce-Auto-Assign': 'FALSE', 'Sforce-Duplicate-Rule-Header': 'allowSave=true' };

function refused(what: string, res: RecordResult | undefined): HandoffError | null {
  if (res?.success === true) return null;
  const vendorCode = res?.errors[0]?.code ?? 'UNKNOWN';
  const code = codeForSalesforce(vendorCode);
  return new HandoffError(code === 'UNKNOWN' ? 'VALIDATION' : code, `Salesforce refused ${what}: ${vendorCode} ${res?.errors[0]?.message ?? ''}`.trim(), { vendorCode, system: 'salesforce' });
}

/** `handoff review resolve`'s reads and writes, over the one gateway (retry layer, call counts, budget). */
export class SalesforceReviewApi implements ReviewSalesforce {
  constructor(private readonly gateway: () => Promise<SalesforceGateway>) {}

  async state(taskId: string, leadIds: readonly string[]): Promise<ReviewState> {
    const gw = await this.gateway();
    const res = await gw.queries({
      task: `SELECT Id, WhoId FROM Task WHERE Id = ${soqlString(taskId)}`,
      ...(leadIds.length > 0 ? { leads: `SELECT Id, HubSpot_Contact_Id__c FROM Lead WHERE Id IN ${soqlIn(leadIds)}` } : {}),
    });
    const task = res.task?.[0];
    return {
      taskWhoId: task ? (task.WhoId == null ? null : String(task.WhoId)) : null,
      leadKeys: new Map((res.leads ?? []).map((r) => [String(r.Id), r.HubSpot_Contact_Id__c == null ? null : String(r.HubSpot_Contact_Id__c)])),
    };
  }

  async reparent(request: ReparentRequest): Promise<void> {
    const gw = await this.gateway();
    // The key is unique: the first pick lets go of it before the new one takes it.
    if (request.clearKeyOf !== null) {
      const [res] = await gw.update('Lead', [{ Id: request.clearKeyOf, HubSpot_Contact_Id__c: null }], UPDATE_HEADERS);
      const err = refused(`clearing HubSpot_Contact_Id__c on Lead ${request.clearKeyOf}`, res);
      if (err) throw err;
    }
    if (request.to.object === 'Lead' && request.leadFields !== null) {
      const [res] = await gw.update('Lead', [{ ...request.leadFields, Id: request.to.id }], UPDATE_HEADERS);
      const err = refused(`the update of Lead ${request.to.id}`, res);
      if (err) throw err;
    }
    const [res] = await gw.update('Task', [{ Id: request.taskId, WhoId: request.to.id }], {});
    const err = refused(`moving Task ${request.taskId} to ${request.to.object} ${request.to.id}`, res);
    if (err) throw err;
  }
}
