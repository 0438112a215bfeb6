import { randomUUID } from 'node:crypto';

/**
 * HubSpot's standard error body: `{status:"error", message, correlationId, category, subCategory?, context?, errors?}`
 * (developers.hubspot.com/docs/api/error-handling). Rate-limit bodies differ and are built in rate-limit.ts.
 */
export interface HubSpotErrorBody {
  status: 'error';
  message: string;
  correlationId: string;
  category: string;
  subCategory?: string;
  context?: Record<string, string[]>;
  errors?: { message: string; code?: string; in?: string; context?: Record<string, string[]> }[];
}

export function correlationId(): string {
  return randomUUID();
}

export function errorBody(
  message: string,
  category: string,
  extra: Partial<Pick<HubSpotErrorBody, 'subCategory' | 'context' | 'errors'>> = {},
): HubSpotErrorBody {
  return { status: 'error', message, correlationId: correlationId(), category, ...extra };
}

/** Thrown by route handlers; the server turns it into a JSON reply with the HubSpot body. */
export class HubSpotApiError extends Error {
  constructor(
    readonly status: number,
    readonly body: HubSpotErrorBody,
  ) {
    super(body.message);
    this.name = 'HubSpotApiError';
  }
}

export function validationError(message: string, extra: Partial<HubSpotErrorBody> = {}): HubSpotApiError {
  return new HubSpotApiError(400, errorBody(message, 'VALIDATION_ERROR', extra));
}

export function notFound(message: string, context?: Record<string, string[]>): HubSpotApiError {
  return new HubSpotApiError(404, errorBody(message, 'OBJECT_NOT_FOUND', context ? { context } : {}));
}

export function conflict(message: string): HubSpotApiError {
  return new HubSpotApiError(409, errorBody(message, 'CONFLICT'));
}

/** The per-property validation message HubSpot embeds as JSON inside `message` (real 400 captures). */
export function invalidPropertyValues(
  problems: { message: string; error: string; name: string }[],
): HubSpotApiError {
  const detail = problems.map((p) => ({ isValid: false, ...p }));
  return validationError(`Property values were not valid: ${JSON.stringify(detail)}`, {
    errors: problems.map((p) => ({ message: p.message, code: p.error, context: { propertyName: [p.name] } })),
  });
}

const CATEGORY_BY_STATUS: Record<number, string> = {
  400: 'VALIDATION_ERROR',
  401: 'INVALID_AUTHENTICATION',
  403: 'MISSING_SCOPES',
  404: 'OBJECT_NOT_FOUND',
  409: 'CONFLICT',
  423: 'LOCKED',
  429: 'RATE_LIMIT',
};

/** Default category for an injected status fault without an explicit errorCode. */
export function defaultCategory(status: number): string {
  return CATEGORY_BY_STATUS[status] ?? (status >= 500 ? 'INTERNAL_ERROR' : 'VALIDATION_ERROR');
}
