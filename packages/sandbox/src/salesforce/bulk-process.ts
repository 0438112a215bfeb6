import { createRecord, deleteRecord, updateRecord, upsertField, upsertMatches, upsertRecord } from './dml.js';
import type { DmlContext, SaveOutcome } from './dml.js';
import { SfError } from './errors.js';
import type { SalesforceStore } from './store.js';

export interface IngestJob {
  id: string;
  object: string;
  operation: string;
  externalIdFieldName: string | undefined;
  assignmentRuleId: string | undefined;
  lineEnding: 'LF' | 'CRLF';
  columnDelimiter: string;
  state: 'Open' | 'UploadComplete' | 'InProgress' | 'JobComplete' | 'Failed' | 'Aborted';
  createdDate: string;
  systemModstamp: string;
  createdById: string;
  apiVersion: number;
  csv: string;
  header: string[];
  successful: string[][];
  failed: string[][];
  unprocessed: string[][];
  errorMessage: string | undefined;
  processingMs: number;
}

/** `sf__Error` as Bulk API writes it: `CODE:message:FIELD1,FIELD2 --`. */
function errorCell(err: SfError): string {
  return `${err.errorCode}:${err.message}:${(err.fields ?? []).join(',')} --`;
}

/**
 * Applies the job's rows. Empty cells leave a field unset; `#N/A` sets null ("Valid Date Format in Records"
 * and "Relationship Fields in a Header Row" sections of the Bulk API 2.0 guide). Assignment rules run only
 * when the job names an `assignmentRuleId`; duplicate rules always run (the header is not available in Bulk).
 * Returns a job-level failure message when the header itself is invalid.
 */
export function processRows(store: SalesforceStore, job: IngestJob, rows: string[][]): { failure?: string } {
  const type = job.object;
  for (const name of job.header) {
    if (name.toLowerCase() !== 'id' && !store.field(type, name)) return { failure: `InvalidBatch : Field name not found : ${name}` };
  }
  const ctx: DmlContext = { autoAssign: job.assignmentRuleId !== undefined, allowSave: false, version: job.apiVersion.toFixed(1) };
  let extField: string | undefined;
  if (job.operation === 'upsert') {
    try {
      extField = upsertField(store, type, job.externalIdFieldName ?? '');
    } catch {
      return { failure: `InvalidJob : Field name provided, ${String(job.externalIdFieldName)} does not match an External ID, Salesforce Id, or indexed field for ${type}` };
    }
  }
  for (const row of rows) {
    const fields: Record<string, unknown> = {};
    let id: string | undefined;
    job.header.forEach((name, i) => {
      const cell = row[i] ?? '';
      if (name.toLowerCase() === 'id') id = cell || undefined;
      else if (cell === '#N/A') fields[name] = null;
      else if (cell !== '') fields[name] = cell;
    });
    try {
      let outcome: SaveOutcome;
      switch (job.operation) {
        case 'insert':
          outcome = createRecord(store, type, fields, ctx);
          break;
        case 'update':
          if (!id) throw new SfError(400, 'MISSING_ARGUMENT', 'Id not specified in an update call', ['Id']);
          outcome = updateRecord(store, type, id, fields, ctx);
          break;
        case 'upsert': {
          const field = extField ?? 'Id';
          const value = field === 'Id' ? id : fields[Object.keys(fields).find((k) => k.toLowerCase() === field.toLowerCase()) ?? field];
          if (value === undefined || value === null) throw new SfError(400, 'MISSING_ARGUMENT', `${field} not specified`, [field]);
          if (upsertMatches(store, type, field, String(value)).length > 1) {
            throw new SfError(400, 'DUPLICATE_EXTERNAL_ID', `${field}: more than one record found for external id field`, [field]);
          }
          outcome = upsertRecord(store, type, field, String(value), fields, ctx);
          break;
        }
        default:
          if (!id) throw new SfError(400, 'MISSING_ARGUMENT', 'Id not specified', ['Id']);
          outcome = deleteRecord(store, type, id);
      }
      job.successful.push([outcome.id, String(outcome.created), ...row]);
    } catch (err) {
      if (!(err instanceof SfError)) throw err;
      job.failed.push([id ?? '', errorCell(err), ...row]);
    }
  }
  return {};
}
