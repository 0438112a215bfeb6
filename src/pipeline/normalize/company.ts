import { getDomain } from 'tldts';

/** Trims, collapses whitespace and drops trailing punctuation; legal suffixes are kept. */
export function normalizeCompanyName(raw: string | null | undefined): string | null {
  if (!raw) return null;
  const v = raw.replace(/\s+/g, ' ').trim().replace(/[\s,;:]+$/, '').replace(/\s*,\s*/g, ', ');
  return v || null;
}

/** The registrable domain of a website ("https://www.acme.co.uk/about" → "acme.co.uk"); IPs and junk → null. */
export function websiteDomain(website: string | null | undefined): string | null {
  if (!website) return null;
  const v = website.trim().toLowerCase();
  if (!v || !/[a-z]/.test(v)) return null;
  const url = /^[a-z][a-z0-9+.-]*:\/\//.test(v) ? v : `http://${v}`;
  return getDomain(url, { allowPrivateDomains: false }) ?? null;
}

/** Company domain from the website, else from a business email address (never free or disposable mail). */
export function companyDomain(website: string | null | undefined, emailDomain: string | null, freeOrDisposable: boolean): string | null {
  return websiteDomain(website) ?? (emailDomain && !freeOrDisposable ? websiteDomain(emailDomain) : null);
}
