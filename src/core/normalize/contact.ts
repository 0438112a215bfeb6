import type { Contact, NormalizedPhone, RawContact } from '../../domain/types.js';
import { companyDomain, normalizeCompanyName } from './company.js';
import { normalizeEmail } from './email.js';
import { normalizeCountry, normalizeState } from './location.js';
import { normalizeName } from './name.js';
import { normalizePhone } from './phone.js';
import { cleanText } from './text.js';
import { classifyTitle } from './title.js';
import { parseCount, parseEmployees, parseMergedIds, toIsoTimestamp } from './values.js';

/**
 * `phone`, else `mobilephone`: the first that parses to E.164 wins, so a junk office number does
 * not hide a good mobile. When neither parses, the first non-blank original is kept.
 */
function pickPhone(phone: string | null | undefined, mobile: string | null | undefined, country: string | null): NormalizedPhone {
  const office = normalizePhone(phone, country);
  if (office.e164 !== null) return office;
  const cell = normalizePhone(mobile, country);
  if (cell.e164 !== null || office.original === null) return cell;
  return office;
}

/**
 * A HubSpot contact (standard property names) → the pipeline's Contact. Pure: the same input
 * always gives the same output, with no clock, environment or I/O involved.
 */
export function normalizeContact(raw: RawContact): Contact {
  const p = raw.properties;
  const email = normalizeEmail(p['email']);
  const country = normalizeCountry(p['country']);
  const title = cleanText(p['jobtitle']);
  const { seniority, jobFunction } = classifyTitle(title);
  return {
    hubspotId: raw.id,
    mergedIds: parseMergedIds(p['hs_merged_object_ids'], raw.id),
    email,
    phone: pickPhone(p['phone'], p['mobilephone'], country),
    firstName: normalizeName(p['firstname']),
    lastName: normalizeName(p['lastname']),
    company: normalizeCompanyName(p['company']),
    companyDomain: companyDomain(p['website'], email.domain, email.freeMail),
    title,
    seniority,
    jobFunction,
    country,
    state: normalizeState(p['state'], country),
    city: cleanText(p['city']),
    industry: cleanText(p['industry']),
    employees: parseEmployees(p['numemployees']),
    // HubSpot's internal stage values are lower-case ("marketingqualifiedlead"); imports are not.
    lifecycleStage: cleanText(p['lifecyclestage'])?.toLowerCase() ?? null,
    leadSource: cleanText(p['hs_analytics_source']),
    hubspotOwnerId: cleanText(p['hubspot_owner_id']),
    conversions: {
      count: parseCount(p['num_conversion_events']),
      lastAt: toIsoTimestamp(p['recent_conversion_date']),
      lastName: cleanText(p['recent_conversion_event_name']),
    },
    createdAt: raw.createdAt,
    updatedAt: raw.updatedAt,
    // Shared, not copied: neither record is ever edited (both are typed read-only), and a copy of
    // some forty properties per contact was a measurable share of the stage's allocations.
    properties: p,
  };
}
