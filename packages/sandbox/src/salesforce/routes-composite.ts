import { errorResponse, ok } from './api-types.js';
import type { ApiRequest, ApiResponse } from './api-types.js';
import { SfError } from './errors.js';
import type { SalesforceStore } from './store.js';

/**
 * `POST /composite` ("Composite", REST API Developer Guide): ≤25 subrequests run in order, of which ≤5 may be
 * queries or sObject Collections; `@{referenceId.path}` reads earlier response bodies; with allOrNone any
 * failure rolls the whole request back and the other subrequests report PROCESSING_HALTED.
 */
export const MAX_SUBREQUESTS = 25;
const MAX_QUERY_OR_COLLECTION = 5;
const VERSIONED = /^\/services\/data\/v(\d+\.\d)(\/.*)?$/;
const REFERENCE = /@\{([A-Za-z0-9_]+)((?:\.[A-Za-z0-9_]+|\[\d+\])*)\}/g;

interface SubRequest {
  method: string;
  url: string;
  referenceId: string;
  body?: unknown;
  httpHeaders?: Record<string, string>;
}

interface SubResult {
  body: unknown;
  httpHeaders: Record<string, string>;
  httpStatusCode: number;
  referenceId: string;
}

const halted = (referenceId: string, message: string): SubResult => ({
  body: [{ errorCode: 'PROCESSING_HALTED', message }],
  httpHeaders: {},
  httpStatusCode: 400,
  referenceId,
});
const ROLLED_BACK = 'The transaction was rolled back since another operation in the same transaction failed.';

function lookupPath(value: unknown, path: string): unknown {
  let current = value;
  for (const [, key, index] of path.matchAll(/\.([A-Za-z0-9_]+)|\[(\d+)\]/g)) {
    if (current === null || typeof current !== 'object') return undefined;
    current = key !== undefined ? (current as Record<string, unknown>)[key] : (current as unknown[])[Number(index)];
  }
  return current;
}

class UnresolvedReference extends Error {}

function substitute(value: unknown, results: Map<string, SubResult>): unknown {
  if (typeof value === 'string') {
    const whole = /^@\{([A-Za-z0-9_]+)((?:\.[A-Za-z0-9_]+|\[\d+\])*)\}$/.exec(value);
    const resolve = (ref: string, path: string): unknown => {
      const source = results.get(ref);
      const resolved = source && source.httpStatusCode < 400 ? lookupPath(source.body, path) : undefined;
      if (resolved === undefined) {
        throw new UnresolvedReference(
          `Invalid reference specified. No value for ${ref}${path} found in ${ref}. Provided referenceId ('${ref}') must be an ID or a field in the response body.`,
        );
      }
      return resolved;
    };
    if (whole?.[1] !== undefined) return resolve(whole[1], whole[2] ?? '');
    return value.replace(REFERENCE, (_m, ref: string, path: string) => String(resolve(ref, path)));
  }
  if (Array.isArray(value)) return value.map((v) => substitute(v, results));
  if (value && typeof value === 'object') {
    return Object.fromEntries(Object.entries(value).map(([k, v]) => [k, substitute(v, results)]));
  }
  return value;
}

function parseSubrequests(req: ApiRequest): { allOrNone: boolean; subs: SubRequest[] } {
  const body = req.body as { allOrNone?: unknown; compositeRequest?: unknown } | null;
  if (!body || !Array.isArray(body.compositeRequest)) {
    throw new SfError(400, 'JSON_PARSER_ERROR', 'compositeRequest is required');
  }
  const subs = body.compositeRequest as SubRequest[];
  if (subs.length > MAX_SUBREQUESTS) {
    throw new SfError(400, 'LIMIT_EXCEEDED', `Too many subrequests. The limit is ${MAX_SUBREQUESTS}.`);
  }
  const heavy = subs.filter((s) => /\/(query|queryAll|composite\/sobjects)(\/|\?|$)/.test(String(s.url))).length;
  if (heavy > MAX_QUERY_OR_COLLECTION) {
    throw new SfError(400, 'LIMIT_EXCEEDED', `Too many query or sObject Collections subrequests. The limit is ${MAX_QUERY_OR_COLLECTION}.`);
  }
  return { allOrNone: body.allOrNone === true, subs };
}

export function handleComposite(store: SalesforceStore, req: ApiRequest, dispatch: (sub: ApiRequest) => ApiResponse): ApiResponse {
  if (req.method !== 'POST') throw new SfError(405, 'METHOD_NOT_ALLOWED', `HTTP Method '${req.method}' not allowed. Allowed are POST`);
  const { allOrNone, subs } = parseSubrequests(req);
  const results = new Map<string, SubResult>();
  const ordered: SubResult[] = [];
  const sp = store.savepoint();
  let failedAt = -1;
  try {
    for (const [i, sub] of subs.entries()) {
      const result = runOne(req, sub, results, dispatch);
      results.set(sub.referenceId, result);
      ordered.push(result);
      if (allOrNone && result.httpStatusCode >= 400) {
        failedAt = i;
        break;
      }
    }
    if (failedAt >= 0) {
      store.rollbackTo(sp);
      return ok({
        compositeResponse: subs.map((sub, i) => (i === failedAt ? ordered[i] : halted(sub.referenceId, ROLLED_BACK))),
      });
    }
    return ok({ compositeResponse: ordered });
  } finally {
    store.release();
  }
}

function runOne(parent: ApiRequest, sub: SubRequest, results: Map<string, SubResult>, dispatch: (r: ApiRequest) => ApiResponse): SubResult {
  let url: string;
  let body: unknown;
  try {
    url = String(substitute(String(sub.url), results));
    body = substitute(sub.body, results);
  } catch (err) {
    if (err instanceof UnresolvedReference) return halted(sub.referenceId, err.message);
    throw err;
  }
  const parsed = new URL(url, 'http://composite.invalid');
  const match = VERSIONED.exec(decodeURI(parsed.pathname));
  if (!match?.[1]) {
    const res = errorResponse(new SfError(400, 'INVALID_URL', `The url ${url} is not a supported subrequest url`));
    return { body: res.body, httpHeaders: {}, httpStatusCode: res.status, referenceId: sub.referenceId };
  }
  const headers = { ...parent.headers };
  for (const [k, v] of Object.entries(sub.httpHeaders ?? {})) headers[k.toLowerCase()] = v;
  const res = dispatch({
    method: String(sub.method).toUpperCase(),
    path: match[2] ?? '/',
    version: match[1],
    query: parsed.searchParams,
    headers,
    body,
  });
  const httpHeaders: Record<string, string> = { ...(res.headers ?? {}) };
  const created = res.body as { id?: unknown } | undefined;
  if (res.status === 201 && typeof created?.id === 'string') {
    httpHeaders.Location = `/services/data/v${match[1]}${match[2] ?? ''}/${created.id}`;
  }
  return { body: res.body ?? null, httpHeaders, httpStatusCode: res.status, referenceId: sub.referenceId };
}
