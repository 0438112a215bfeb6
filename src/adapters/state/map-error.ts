import { HandoffError } from '../../domain/errors.js';
import { sanitizeText } from '../../lib/text.js';

// SQLite primary result codes that mean "this value can't be stored" (https://sqlite.org/rescode.html).
const SQLITE_CONTENT_CODES: Readonly<Record<number, string>> = { 18: 'SQLITE_TOOBIG', 20: 'SQLITE_MISMATCH' };
// Extended result codes of that kind: a value of the wrong type for a STRICT table's column.
const SQLITE_CONTENT_EXTENDED_CODES: Readonly<Record<number, string>> = { 3091: 'SQLITE_CONSTRAINT_DATATYPE' };

/**
 * A database error caused by the content of what was written becomes INVALID_RECORD from `state`,
 * which the policy dead-letters: PostgreSQL's data exceptions (SQLSTATE class 22: a NUL or a lone
 * surrogate in jsonb, a value too long, a number out of range; see the PostgreSQL manual, appendix
 * "PostgreSQL Error Codes") and SQLite's "too big", "datatype mismatch" and a STRICT column's type check. The cycle then isolates
 * the record that caused it (jobs/sync/isolate.ts). Every other error is returned as it is.
 */
export function mapStateError(err: unknown): unknown {
  if (err instanceof HandoffError || !(err instanceof Error)) return err;
  const vendorCode = contentErrorCode(err);
  if (vendorCode === null) return err;
  // The message may quote the refused value.
  return new HandoffError('INVALID_RECORD', `The state store refused a value: ${sanitizeText(err.message)}`, { cause: err, system: 'state', vendorCode });
}

function contentErrorCode(err: Error): string | null {
  const { code, errcode } = err as { code?: unknown; errcode?: unknown };
  if (typeof code === 'string' && /^22[0-9A-Z]{3}$/.test(code)) return code;
  if (code === 'ERR_SQLITE_ERROR' && typeof errcode === 'number') return SQLITE_CONTENT_EXTENDED_CODES[errcode] ?? SQLITE_CONTENT_CODES[errcode & 0xff] ?? null;
  return null;
}
