import type { AlertNotice } from '../types.js';

/** `[CRITICAL]`, or `[RECOVERED]` for a recovery notice whatever its severity. */
export function severityTag(notice: AlertNotice): string {
  return notice.recovered === true ? 'RECOVERED' : notice.severity.toUpperCase();
}

/** Collapses line breaks: titles end up in one-line places such as mail subjects and headers. */
export function oneLine(text: string): string {
  return text.replace(/[\r\n]+/g, ' ').trim();
}

export function truncate(text: string, max: number): string {
  return text.length <= max ? text : `${text.slice(0, max - 1)}…`;
}

/** `name: value` lines for the fields, key first, then alphabetical for stable output. */
export function fieldLines(notice: AlertNotice): string[] {
  const entries = Object.entries(notice.fields ?? {}).sort(([a], [b]) => a.localeCompare(b));
  return [`key: ${notice.key}`, ...entries.map(([k, v]) => `${k}: ${String(v)}`), `at: ${notice.at.toISOString()}`];
}
