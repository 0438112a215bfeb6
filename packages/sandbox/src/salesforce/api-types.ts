import { SfError } from './errors.js';
import { parseAllowSave, parseAutoAssign } from './rules.js';
import type { DmlContext } from './dml.js';
import type { Session } from './setup/access.js';

/** A request to the data API, already authenticated, with the `/services/data/vXX.X` prefix removed. */
export interface ApiRequest {
  method: string;
  path: string;
  /** e.g. "64.0" */
  version: string;
  query: URLSearchParams;
  /** Lower-case header names. */
  headers: Record<string, string | undefined>;
  /** Parsed JSON body, or the raw text for non-JSON bodies (CSV uploads). */
  body: unknown;
  /** Who the request runs as (absent for calls the sandbox makes itself). */
  session?: Session;
}

export interface ApiResponse {
  status: number;
  body?: unknown;
  /** 'csv' bodies are sent as text/csv, everything else as JSON. */
  contentType?: 'json' | 'csv';
  headers?: Record<string, string>;
}

export const ok = (body: unknown, status = 200): ApiResponse => ({ status, body });
export const noContent = (): ApiResponse => ({ status: 204 });

export function errorResponse(err: unknown): ApiResponse {
  if (err instanceof SfError) return { status: err.status, body: err.toBody() };
  const message = err instanceof Error ? err.message : String(err);
  return { status: 500, body: [{ message: `An unexpected error occurred: ${message}`, errorCode: 'UNKNOWN_EXCEPTION' }] };
}

export function dmlContext(req: ApiRequest): DmlContext {
  return {
    autoAssign: parseAutoAssign(req.headers['sforce-auto-assign']),
    allowSave: parseAllowSave(req.headers['sforce-duplicate-rule-header']),
    version: req.version,
    ...(req.session ? { admin: req.session.admin } : {}),
  };
}

/** The JSON body as an object, or 400 JSON_PARSER_ERROR. */
export function objectBody(req: ApiRequest): Record<string, unknown> {
  if (req.body && typeof req.body === 'object' && !Array.isArray(req.body)) return req.body as Record<string, unknown>;
  throw new SfError(400, 'JSON_PARSER_ERROR', 'The request body must be a JSON object');
}
