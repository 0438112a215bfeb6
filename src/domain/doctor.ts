/** One line of `handoff doctor`: what was checked against the live systems, how it went, and the fix. */
export type CheckStatus = 'ok' | 'warn' | 'fail';

export interface Check {
  /** Stable and greppable: `salesforce.credentials`, `salesforce.field.Lead.Handoff_Score__c`, `alerts.ops-slack`. */
  id: string;
  status: CheckStatus;
  message: string;
  /** What to do about a warn or fail; empty when ok. */
  fix: string;
}

export interface DoctorReport {
  checks: Check[];
  summary: Record<CheckStatus, number>;
}

/** What a fact-gathering call brought back: the value, or why there is none. */
export type Fact<T> = { ok: true; value: T } | { ok: false; code: string; message: string };

export const ok = (id: string, message: string): Check => ({ id, status: 'ok', message, fix: '' });
export const warn = (id: string, message: string, fix: string): Check => ({ id, status: 'warn', message, fix });
export const fail = (id: string, message: string, fix: string): Check => ({ id, status: 'fail', message, fix });

export function doctorReport(checks: Check[]): DoctorReport {
  const summary: Record<CheckStatus, number> = { ok: 0, warn: 0, fail: 0 };
  for (const c of checks) summary[c.status] += 1;
  return { checks, summary };
}
