import type { FakerPool, LocaleSpec } from './locales.js';
import { LOCALE_WEIGHTS, localeByKey } from './locales.js';
import type { Rng, Weighted } from './random.js';
import { asciiFold } from './text.js';

/** HubSpot's industry enum values (company/contact `industry`), with the Salesforce picklist value they map to. */
const INDUSTRIES: Weighted<readonly [string, string, readonly string[]]> = [
  [['COMPUTER_SOFTWARE', 'Technology', ['Software', 'SaaS', 'software', 'Logiciels', 'Softwareentwicklung']], 22],
  [['INFORMATION_TECHNOLOGY_AND_SERVICES', 'Technology', ['IT Services', 'IT', 'IT-Dienstleistungen', 'Tecnologia']], 14],
  [['INTERNET', 'Technology', ['Internet', 'E-commerce', 'eCommerce']], 5],
  [['FINANCIAL_SERVICES', 'Finance', ['Fintech', 'Financial Services', 'Finanzdienstleistungen', 'Finance']], 8],
  [['BANKING', 'Banking', ['Banking', 'Banca', 'Bank']], 3],
  [['INSURANCE', 'Finance', ['Insurance', 'Versicherung', 'Seguros']], 3],
  [['HOSPITAL_HEALTH_CARE', 'Healthcare', ['Healthcare', 'Health care', 'Gesundheitswesen', 'Santé']], 6],
  [['MEDICAL_DEVICES', 'Healthcare', ['Medtech', 'Medical Devices']], 2],
  [['MARKETING_AND_ADVERTISING', 'Media', ['Marketing', 'Agency', 'Werbeagentur', 'Publicidad']], 7],
  [['RETAIL', 'Retail', ['Retail', 'retail', 'Einzelhandel', 'Varejo']], 5],
  [['MACHINERY', 'Manufacturing', ['Manufacturing', 'Maschinenbau', 'Industrie']], 5],
  [['AUTOMOTIVE', 'Manufacturing', ['Automotive', 'Automobilindustrie']], 3],
  [['EDUCATION_MANAGEMENT', 'Education', ['Education', 'EdTech', 'Bildung']], 3],
  [['HIGHER_EDUCATION', 'Education', ['University', 'Higher Ed']], 2],
  [['MANAGEMENT_CONSULTING', 'Consulting', ['Consulting', 'Beratung', 'Conseil', 'Consultoria']], 6],
  [['TELECOMMUNICATIONS', 'Telecommunications', ['Telecom', 'Telco']], 2],
  [['LOGISTICS_AND_SUPPLY_CHAIN', 'Other', ['Logistics', 'Logistik', 'Supply chain']], 2],
  [['REAL_ESTATE', 'Other', ['Real Estate', 'Immobilien']], 1],
  [['FARMING', 'Agriculture', ['Agriculture', 'Agritech']], 1],
];

const SIZES: Weighted<readonly [number, number]> = [
  [[1, 10], 18], [[11, 50], 25], [[51, 200], 22], [[201, 1000], 18], [[1001, 5000], 11], [[5001, 50000], 6],
];

export interface Company {
  name: string;
  /** The domain of its website, e.g. acme-corp.com. */
  domain: string;
  /** Mostly the same as `domain`; some companies mail from another TLD or brand. */
  emailDomain: string;
  locale: LocaleSpec;
  industry: string;
  sfIndustry: string;
  industryText: readonly string[];
  employees: number;
}

// Legal forms do not belong in a domain name.
const LEGAL = /\b(inc|llc|ltd|plc|gmbh|ag|kg|co|corp|corporation|group|sa|sarl|sas|srl|spa|bv|nv|ab|pty|pvt|ltda|eireli|ohg|mbh|kgaa|limited|private|me|s\.?a\.?|e\.?v\.?)\b\.?/gi;

function domainLabel(name: string, rng: Rng): string {
  const words = asciiFold(name)
    .replace(/&/g, ' ')
    .replace(LEGAL, ' ')
    .toLowerCase()
    .split(/[^a-z0-9]+/)
    .filter((w) => w.length > 1 && w !== 'and' && w !== 'und' && w !== 'et' && w !== 'e' && w !== 'y');
  const used = words.slice(0, words.length > 1 && rng.chance(0.5) ? 2 : 1);
  return used.join(rng.chance(0.5) ? '-' : '');
}

function roundedHeadcount(rng: Rng): number {
  const [min, max] = rng.weighted(SIZES);
  const n = rng.int(min, max);
  // People pick round numbers when they type a headcount.
  if (n > 100 && rng.chance(0.5)) return Math.round(n / 50) * 50;
  return n;
}

/** A pool of companies whose contacts share domains, so several HubSpot contacts map to one Salesforce Account. */
export function buildCompanies(rng: Rng, fakers: FakerPool, count: number): Company[] {
  const taken = new Set<string>();
  const out: Company[] = [];
  for (let i = 0; i < count; i += 1) {
    const locale = rng.weighted(LOCALE_WEIGHTS);
    const name = fakers.get(locale).company.name();
    // Japanese (and other non-Latin) names give no usable label, so such companies brand themselves in English.
    let label = domainLabel(name, rng);
    if (label.length < 3) label = domainLabel(fakers.get(localeByKey('en_US')).company.name(), rng);
    if (label.length < 3) label = `corp${i}`;
    let domain = label + rng.weighted(locale.tlds);
    for (let n = 2; taken.has(domain); n += 1) domain = `${label}${n}${rng.weighted(locale.tlds)}`;
    taken.add(domain);
    const emailDomain = rng.chance(0.06) ? `${label}${rng.pick(['.com', '-group.com', '.net'])}` : domain;
    const [industry, sfIndustry, industryText] = rng.weighted(INDUSTRIES);
    out.push({ name, domain, emailDomain, locale, industry, sfIndustry, industryText, employees: roundedHeadcount(rng) });
  }
  return out;
}

/** Zipf-like popularity: a few companies have many contacts, most have one or two. */
export function pickCompany(rng: Rng, companies: readonly Company[]): Company {
  const u = rng.next();
  const company = companies[Math.floor(u * u * companies.length)];
  if (!company) throw new Error('empty company pool');
  return company;
}

export type WebsiteStyle = 'contact' | 'account';

const CONTACT_WEBSITES: Weighted<(d: string) => string | null> = [
  [(d) => `https://www.${d}/`, 25], [(d) => `https://${d}`, 10], [(d) => `http://www.${d}`, 8], [(d) => `www.${d}`, 15],
  [(d) => d, 14], [(d) => `https://www.${d}/en/contact`, 3], [(d) => `HTTPS://WWW.${d.toUpperCase()}/`, 2], [() => null, 23],
];
const ACCOUNT_WEBSITES: Weighted<(d: string) => string | null> = [
  [(d) => `www.${d}`, 35], [(d) => `https://${d}/`, 20], [(d) => `http://www.${d}`, 15], [(d) => d, 14],
  [(d) => `https://www.${d}`, 10], [() => null, 6],
];

/** A website as typed into a HubSpot form or a Salesforce Account: schemes, www, trailing slashes, or nothing. */
export function messyWebsite(rng: Rng, domain: string, style: WebsiteStyle): string | null {
  return rng.weighted(style === 'contact' ? CONTACT_WEBSITES : ACCOUNT_WEBSITES)(domain);
}

const HUBSPOT_RANGES: readonly (readonly [number, string])[] = [
  [5, '1-5'], [25, '5-25'], [50, '25-50'], [100, '50-100'], [500, '100-500'], [1000, '500-1000'], [Infinity, '1000+'],
];

/** `numemployees` as portals hold it: plain counts, HubSpot's range options, free text, or empty. */
export function messyHeadcount(rng: Rng, employees: number): string | null {
  const r = rng.next();
  if (r < 0.55) return String(employees);
  if (r < 0.67) return HUBSPOT_RANGES.find(([max]) => employees <= max)?.[1] ?? '1000+';
  if (r < 0.7) return employees >= 1000 ? String(employees).replace(/\B(?=(\d{3})+(?!\d))/g, ',') : `~${employees}`;
  if (r < 0.8) return '';
  return null;
}

export function messyIndustry(rng: Rng, company: Company): string | null {
  const r = rng.next();
  if (r < 0.6) return company.industry;
  if (r < 0.82) return rng.pick(company.industryText);
  if (r < 0.85) return '';
  return null;
}

/** The company name as one contact typed it. */
export function messyCompanyName(rng: Rng, company: Company): string | null {
  const r = rng.next();
  if (r < 0.8) return company.name;
  if (r < 0.88) return company.name.replace(LEGAL, '').replace(/[\s,&.-]+$/, '').trim() || company.name;
  if (r < 0.92) return company.name.toLowerCase();
  if (r < 0.95) return company.name.toUpperCase();
  if (r < 0.98) return `${company.name} `;
  return null;
}
