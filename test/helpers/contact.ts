import type { Contact } from '../../src/domain/types.js';

/** A normalized contact with sensible defaults; tests override what they exercise. */
export function contact(overrides: Partial<Contact> & { hubspotId: string }): Contact {
  const email = overrides.email ?? {
    original: `p${overrides.hubspotId}@acme.com`,
    value: `p${overrides.hubspotId}@acme.com`,
    valid: true,
    domain: 'acme.com',
    freeMail: false,
    disposable: false,
  };
  return {
    mergedIds: [],
    phone: { original: null, e164: null },
    firstName: 'Ada',
    lastName: 'Lovelace',
    company: 'Acme',
    companyDomain: 'acme.com',
    title: 'VP Marketing',
    seniority: 'vp',
    jobFunction: 'marketing',
    country: 'US',
    state: 'CA',
    city: 'San Francisco',
    industry: 'Software',
    employees: 500,
    lifecycleStage: 'lead',
    leadSource: null,
    hubspotOwnerId: null,
    conversions: { count: 0, lastAt: null, lastName: null },
    createdAt: '2026-01-01T00:00:00.000Z',
    updatedAt: '2026-11-01T00:00:00.000Z',
    properties: {},
    ...overrides,
    email,
  };
}
