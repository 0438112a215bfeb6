/**
 * Salesforce error shapes ("Status Codes and Error Responses", REST API Developer Guide): whole requests
 * fail with an array `[{message, errorCode, fields}]`; per-record results in sObject Collections carry
 * `{statusCode, message, fields}` instead. Only errors about a record's save have `fields` (`[]` when no
 * field is to blame); errors about the request itself (NOT_FOUND, INVALID_SESSION_ID, MALFORMED_QUERY,
 * JSON_PARSER_ERROR…) have none at the top level, and `fields: []` when they end up in a record's result.
 */
export interface RecordError {
  statusCode: string;
  message: string;
  fields: string[];
}

export class SfError extends Error {
  constructor(
    readonly status: number,
    readonly errorCode: string,
    message: string,
    /** Left out for errors about the request rather than a record's save. */
    readonly fields?: string[],
    /** Extra keys merged into the error object, e.g. `duplicateResult`. */
    readonly extra: Record<string, unknown> = {},
  ) {
    super(message);
    this.name = 'SfError';
  }

  toBody(): Record<string, unknown>[] {
    return [{ message: this.message, errorCode: this.errorCode, ...(this.fields ? { fields: this.fields } : {}), ...this.extra }];
  }

  toRecordError(): RecordError {
    return { statusCode: this.errorCode, message: this.message, fields: this.fields ?? [] };
  }
}

export const notFound = (): SfError => new SfError(404, 'NOT_FOUND', 'The requested resource does not exist');

/** An update through sObject Collections names a record that does not exist (a single PATCH answers 404 NOT_FOUND). */
export const invalidCrossReference = (): SfError => new SfError(400, 'INVALID_CROSS_REFERENCE_KEY', 'invalid cross reference id', []);

export const malformedId = (value: string, fieldName = 'Id'): SfError =>
  new SfError(400, 'MALFORMED_ID', `${fieldName}: id value of incorrect type: ${value}`, [fieldName]);

export const invalidField = (name: string, objectName: string): SfError =>
  new SfError(400, 'INVALID_FIELD', `No such column '${name}' on sobject of type ${objectName}`, [name]);

export const jsonError = (message: string): SfError => new SfError(400, 'JSON_PARSER_ERROR', message);

export const rolledBack = (): RecordError => ({
  statusCode: 'ALL_OR_NONE_OPERATION_ROLLED_BACK',
  message: 'Record rolled back because not all records were valid and the request was using AllOrNone header',
  fields: [],
});
