import type { DecisionFieldValue, DecisionRecord } from '../../domain/decision.js';
import type { Contact, Seniority } from '../../domain/types.js';

/**
 * A contact as its decision row remembers it: every field the scoring condition language reads
 * (today's values, as last evaluated), the latest form conversion, no name, email or phone. The
 * phone is only known as present and valid, so a rule on its exact value cannot be replayed.
 */
export function contactFromDecision(d: DecisionRecord): Contact {
  const f: Record<string, DecisionFieldValue> = d.fields;
  const text = (k: string): string | null => {
    const v = f[k];
    return typeof v === 'string' ? v : null;
  };
  const num = (k: string): number | null => {
    const v = f[k];
    return typeof v === 'number' ? v : null;
  };
  return {
    hubspotId: d.hubspotId,
    mergedIds: [],
    email: { original: null, value: null, valid: f['email.valid'] === true, domain: text('email.domain'), freeMail: f['email.freeMail'] === true, disposable: f['email.disposable'] === true },
    phone: { original: f['phone.present'] === true ? 'present' : null, e164: f['phone.valid'] === true ? 'valid' : null },
    firstName: null,
    lastName: null,
    company: text('company'),
    companyDomain: text('companyDomain'),
    title: text('title'),
    seniority: (text('seniority') ?? 'unknown') as Seniority,
    jobFunction: text('jobFunction'),
    country: text('country'),
    state: text('state'),
    city: text('city'),
    industry: text('industry'),
    employees: num('employees'),
    lifecycleStage: text('lifecycleStage'),
    leadSource: text('leadSource'),
    hubspotOwnerId: null,
    conversions: { count: num('conversions.count') ?? 0, lastAt: text('conversions.lastAt'), lastName: text('conversions.lastName') },
    createdAt: d.evaluatedAt,
    updatedAt: d.evaluatedAt,
    properties: {},
  };
}
