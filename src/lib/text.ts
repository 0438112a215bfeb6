/**
 * The one sanitizer for text that comes from outside (HubSpot values, record payloads). CRM data is
 * typed by people and imported from spreadsheets, so it can carry characters that no field should
 * hold and that break the systems downstream:
 * - C0 controls (U+0000–U+001F) and DEL: PostgreSQL refuses NUL in text and in jsonb ("unsupported
 *   Unicode escape sequence"), and escape sequences reach operators' terminals;
 * - bidirectional embedding/override/isolate controls (U+202A–U+202E, U+2066–U+2069): they reorder
 *   what a reader sees ("Trojan Source") without changing what is stored;
 * - lone UTF-16 surrogates: not text at all; JSON.stringify writes them as `\udXXX` escapes that
 *   PostgreSQL's jsonb refuses, and UTF-8 encoders turn them into U+FFFD anyway.
 */

export interface SanitizeOptions {
  /**
   * Keep tab and newline (multi-line fields such as notes and descriptions). Otherwise each
   * whitespace control (tab, newline, vertical tab, form feed, carriage return) becomes a space,
   * so "Demo\ncall" reads "Demo call", not "Democall".
   */
  lineBreaks?: boolean;
}

/* eslint-disable no-control-regex -- matching control characters is this module's purpose */
// Every character the sanitizer changes; the fast path tests this once and returns the input.
const NEEDS_WORK = /[\u0000-\u001F\u007F\u202A-\u202E\u2066-\u2069\uD800-\uDFFF]/;
const WHITESPACE_CONTROLS = /[\t\n\u000B\u000C\r]/g;
// Without lineBreaks, whitespace controls are already spaces when this runs.
const CONTROLS = /[\u0000-\u0008\u000B-\u001F\u007F\u202A-\u202E\u2066-\u2069]/g;
const LONE_SURROGATE = /[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/g;
/* eslint-enable no-control-regex */

/** The value without controls, bidi controls and lone surrogates (each replaced by U+FFFD). */
export function sanitizeText(value: string, options: SanitizeOptions = {}): string {
  if (!NEEDS_WORK.test(value)) return value;
  const spaced = options.lineBreaks === true ? value : value.replace(WHITESPACE_CONTROLS, ' ');
  return spaced.replace(CONTROLS, '').replace(LONE_SURROGATE, '\uFFFD');
}

/**
 * Every string in a JSON-like value (record payloads kept for the dead-letter queue), keys
 * included, sanitized with line breaks kept. Arrays and objects (SDK model instances too) are copied
 * as JSON.stringify would see them: own enumerable properties. Dates and other objects with a toJSON
 * are left as they are.
 */
export function sanitizeDeep(value: unknown): unknown {
  if (typeof value === 'string') return sanitizeText(value, { lineBreaks: true });
  if (Array.isArray(value)) return value.map(sanitizeDeep);
  if (value !== null && typeof value === 'object' && typeof (value as { toJSON?: unknown }).toJSON !== 'function') {
    const out: Record<string, unknown> = {};
    for (const [k, v] of Object.entries(value)) out[sanitizeText(k, { lineBreaks: true })] = sanitizeDeep(v);
    return out;
  }
  return value;
}
