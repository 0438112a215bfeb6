import { ok } from './api-types.js';
import type { ApiRequest, ApiResponse } from './api-types.js';
import { SfError, notFound } from './errors.js';
import { KEY_PREFIXES, makeId } from './ids.js';
import { projectRecord, runQuery } from './soql.js';
import type { QueryResult } from './soql.js';
import type { SalesforceStore } from './store.js';

/**
 * `GET /query?q=`, `/queryAll`, and query-more `GET /query/{locator}` ("Execute a SOQL Query", REST API
 * Developer Guide). Pages default to 2,000 records; `Sforce-Query-Options: batchSize=N` picks 200–2,000
 * ("Query Options Header"). Locators look like Salesforce's: `01g…-2000` (cursor id, dash, next offset).
 */
const DEFAULT_BATCH = 2000;
const MAX_CURSORS = 100;

interface Cursor {
  result: QueryResult;
  batchSize: number;
}

export class QueryCursors {
  private cursors = new Map<string, Cursor>();
  private seq = 0;

  open(cursor: Cursor): string {
    this.seq += 1;
    const id = makeId(KEY_PREFIXES.QueryLocator ?? '01g', this.seq);
    this.cursors.set(id, cursor);
    // Salesforce caps open cursors per user too; the oldest is dropped first.
    if (this.cursors.size > MAX_CURSORS) {
      const oldest = this.cursors.keys().next().value;
      if (oldest !== undefined) this.cursors.delete(oldest);
    }
    return id;
  }

  get(id: string): Cursor | undefined {
    return this.cursors.get(id);
  }

  close(id: string): void {
    this.cursors.delete(id);
  }

  clear(): void {
    this.cursors.clear();
  }
}

function batchSize(req: ApiRequest): number {
  const match = /batchSize\s*=\s*(\d+)/i.exec(req.headers['sforce-query-options'] ?? '');
  if (!match?.[1]) return DEFAULT_BATCH;
  return Math.min(DEFAULT_BATCH, Math.max(200, Number(match[1])));
}

function page(
  store: SalesforceStore,
  cursors: QueryCursors,
  req: ApiRequest,
  cursorId: string | undefined,
  cursor: Cursor,
  offset: number,
): ApiResponse {
  const { result } = cursor;
  if (result.countOnly) return ok({ totalSize: result.records.length, done: true, records: [] });
  const end = Math.min(result.records.length, offset + cursor.batchSize);
  const records = result.records.slice(offset, end).map((r) => projectRecord(store, result.type, r, result.select, req.version));
  const done = end >= result.records.length;
  let id = cursorId;
  if (!done && !id) id = cursors.open(cursor);
  if (done && id) cursors.close(id);
  return ok({
    totalSize: result.records.length,
    done,
    ...(done ? {} : { nextRecordsUrl: `/services/data/v${req.version}/query/${String(id)}-${end}` }),
    records,
  });
}

export function handleQuery(store: SalesforceStore, cursors: QueryCursors, req: ApiRequest, includeDeleted: boolean, locator?: string): ApiResponse {
  if (req.method !== 'GET') throw notFound();
  if (locator !== undefined) {
    const match = /^([A-Za-z0-9]{15,18})-(\d+)$/.exec(locator);
    const cursor = match?.[1] ? cursors.get(match[1]) : undefined;
    if (!match?.[1] || !cursor) throw new SfError(400, 'INVALID_QUERY_LOCATOR', 'invalid query locator');
    return page(store, cursors, req, match[1], cursor, Number(match[2]));
  }
  const soql = req.query.get('q');
  if (!soql) throw new SfError(400, 'MALFORMED_QUERY', 'A query string has to be specified');
  const result = runQuery(store, soql, { includeDeleted });
  return page(store, cursors, req, undefined, { result, batchSize: batchSize(req) }, 0);
}
