import type { Contact, RawContact } from '../../domain/types.js';
import { companyDomain, normalizeCompanyName } from './company.js';
import { normalizeEmail } from './email.js';
import { normalizeCountry, normalizeState } from './location.js';
import { normalizeName } from './name.js';
import { normalizePhone } from './phone.js';
import { classifyTitle } from './title.js';

export { normalizeEmail } from './email.js';
export { normalizePhone } from './phone.js';
export { normalizeName } from './name.js';
export { normalizeCountry, normalizeState } from './location.js';
export { companyDomain, normalizeCompanyName, websiteDomain } from './company.js';
export { classifyTitle } from './title.js';

function text(v: string | null | undefined): string | null {
  const t = v?.replace(/\s+/g, ' ').trim();
  return t ? t : null;
}

/** "250", "1,000", "51-200" (lower bound), "" → a number or null. */
export function parseEmployees(raw: string | null | undefined): number | null {
  if (!raw) return null;
  const m = /(\d[\d,.\s]*)/.exec(raw);
  if (!m?.[1]) return null;
  const n = Number(m[1].replace(/[,.\s]/g, ''));
  return Number.isFinite(n) ? n : null;
}

/** HubSpot datetimes come as ISO strings or epoch milliseconds. */
export function toIso(raw: string | null | undefined): string | null {
  if (!raw) return null;
  const d = /^\d+$/.test(raw) ? new Date(Number(raw)) : new Date(raw);
  return Number.isNaN(d.getTime()) ? null : d.toISOString();
}

/** RawContact (HubSpot properties) → the pipeline's Contact. Pure. */
export function normalizeContact(raw: RawContact): Contact {
  const p = raw.properties;
  const email = normalizeEmail(p.email);
  const country = normalizeCountry(p.country);
  const title = text(p.jobtitle);
  const { seniority, jobFunction } = classifyTitle(title);
  const count = Number(p.num_conversion_events ?? 0);
  return {
    hubspotId: raw.id,
    mergedIds: (p.hs_merged_object_ids ?? '')
      .split(';')
      .map((s) => s.trim())
      .filter((s) => /^\d+$/.test(s) && s !== raw.id),
    email,
    phone: normalizePhone(p.phone ?? p.mobilephone, country),
    firstName: normalizeName(p.firstname),
    lastName: normalizeName(p.lastname),
    company: normalizeCompanyName(p.company),
    companyDomain: companyDomain(p.website, email.valid ? email.domain : null, email.freeMail || email.disposable),
    title,
    seniority,
    jobFunction,
    country,
    state: normalizeState(p.state, country),
    city: text(p.city),
    industry: text(p.industry),
    employees: parseEmployees(p.numemployees),
    lifecycleStage: text(p.lifecyclestage)?.toLowerCase() ?? null,
    leadSource: text(p.hs_analytics_source),
    hubspotOwnerId: text(p.hubspot_owner_id),
    conversions: {
      count: Number.isFinite(count) && count > 0 ? Math.floor(count) : 0,
      lastAt: toIso(p.recent_conversion_date),
      lastName: text(p.recent_conversion_event_name),
    },
    createdAt: raw.createdAt,
    updatedAt: raw.updatedAt,
    properties: p,
  };
}

/** Within-run identity: the normalized email when valid, else the HubSpot id. */
export function dedupeKey(contact: Contact): string {
  return contact.email.valid && contact.email.value ? contact.email.value : `hs:${contact.hubspotId}`;
}
