import { HandoffError } from '../../domain/errors.js';
import type { ErrorCode } from '../../domain/errors.js';
import { codeForSalesforce } from '../../core/salesforce/error-codes.js';

export { codeForSalesforce };

const NETWORK = /ECONNRESET|ECONNREFUSED|EPIPE|UND_ERR_SOCKET|socket hang up|fetch failed|other side closed/i;

/** An error Handoff raises itself about Salesforce (its budget share, a refused describe), typed as Salesforce's. */
export function salesforceError(code: ErrorCode, message: string, vendorCode?: string): HandoffError {
  return new HandoffError(code, message, { system: 'salesforce', ...(vendorCode === undefined ? {} : { vendorCode }) });
}

/** Maps anything jsforce throws (HttpApiError, OAuth token errors, network failures) to a HandoffError. */
export function mapSalesforceError(err: unknown): HandoffError {
  if (err instanceof HandoffError) return err;
  const e = (err ?? {}) as { errorCode?: unknown; name?: unknown; message?: unknown; code?: unknown; cause?: unknown; data?: unknown };
  const message = typeof e.message === 'string' ? e.message : String(err);
  let vendor = typeof e.errorCode === 'string' ? e.errorCode : typeof e.name === 'string' ? e.name : '';
  if (vendor === 'MULTIPLE_API_ERRORS' && Array.isArray(e.data)) {
    const first = e.data[0] as { errorCode?: string } | undefined;
    vendor = first?.errorCode ?? vendor;
  }
  if (vendor === 'TimeoutError' || vendor === 'AbortError' || /timed? ?out/i.test(message)) {
    return new HandoffError('TIMEOUT', `Salesforce request timed out: ${message}`, { cause: err, system: 'salesforce', vendorCode: 'TIMEOUT' });
  }
  const causeCode = (e.cause as { code?: unknown } | undefined)?.code;
  if ((typeof e.code === 'string' && NETWORK.test(e.code)) || (typeof causeCode === 'string' && NETWORK.test(causeCode)) || NETWORK.test(message)) {
    return new HandoffError('NETWORK', `Salesforce network error: ${message}`, { cause: err, system: 'salesforce', vendorCode: 'NETWORK' });
  }
  const code = codeForSalesforce(vendor);
  return new HandoffError(code, `Salesforce ${vendor || 'error'}: ${message}`, { cause: err, system: 'salesforce', vendorCode: vendor || 'UNKNOWN' });
}
