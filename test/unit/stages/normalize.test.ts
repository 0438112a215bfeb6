import { describe, expect, it } from 'vitest';
import type { RawContact } from '../../../src/domain/types.js';
import {
  classifyTitle,
  companyDomain,
  normalizeCompanyName,
  normalizeContact,
  normalizeCountry,
  normalizeEmail,
  normalizeName,
  normalizePhone,
  normalizeState,
  parseEmployees,
  registrableDomain,
  toIsoTimestamp,
} from '../../../src/core/normalize/index.js';

describe('normalizeEmail', () => {
  it.each([
    { raw: '  Jane.Doe@Acme.COM\u00A0', value: 'jane.doe@acme.com', domain: 'acme.com' },
    { raw: '\u200Bjane@acme.com\u200B', value: 'jane@acme.com', domain: 'acme.com' },
    { raw: '\uFEFFjane@acme.com', value: 'jane@acme.com', domain: 'acme.com' },
    { raw: 'mailto:Jane@Acme.com', value: 'jane@acme.com', domain: 'acme.com' },
    { raw: 'MAILTO:jane@acme.com?subject=Demo%20request', value: 'jane@acme.com', domain: 'acme.com' },
    { raw: '<jane@acme.com>', value: 'jane@acme.com', domain: 'acme.com' },
    { raw: 'Jane Doe <JANE@acme.com>', value: 'jane@acme.com', domain: 'acme.com' },
    { raw: 'jane+webinar@acme.co.uk', value: 'jane+webinar@acme.co.uk', domain: 'acme.co.uk' },
  ])('$raw → $value', ({ raw, value, domain }) => {
    expect(normalizeEmail(raw)).toEqual({ original: raw, value, valid: true, domain, freeMail: false, disposable: false });
  });

  it.each([
    { raw: 'jane@acme', value: 'jane@acme' },
    { raw: 'jane at acme dot com', value: 'jane at acme dot com' },
    { raw: 'jane@@acme.com', value: 'jane@@acme.com' },
  ])('$raw is invalid, and what was typed stays visible', ({ raw, value }) => {
    expect(normalizeEmail(raw)).toMatchObject({ original: raw, value, valid: false, domain: null, freeMail: false, disposable: false });
  });

  it.each([null, undefined, '', '   ', '\u00A0\u200B'])('blank %j → no value', (raw) => {
    expect(normalizeEmail(raw)).toMatchObject({ value: null, valid: false });
  });

  it.each([
    { raw: 'dana.k@gmail.com', freeMail: true, disposable: false },
    { raw: 'Dana.K@GoogleMail.com', freeMail: true, disposable: false },
    { raw: 'jens.mueller@web.de', freeMail: true, disposable: false },
    { raw: 'a.smith@yahoo.co.uk', freeMail: true, disposable: false },
    { raw: 'x7781@mailinator.com', disposable: true },
    { raw: 'signup@guerrillamail.com', disposable: true },
    { raw: 'ops@stripe.com', freeMail: false, disposable: false },
    { raw: 'j.doe@siemens.de', freeMail: false, disposable: false },
  ])('$raw: free mail $freeMail, disposable $disposable', ({ raw, freeMail, disposable }) => {
    const e = normalizeEmail(raw);
    expect(e.valid).toBe(true);
    if (freeMail !== undefined) expect(e.freeMail).toBe(freeMail);
    expect(e.disposable).toBe(disposable);
  });
});

describe('normalizePhone', () => {
  it.each([
    { raw: '(415) 555-2671', country: 'US', e164: '+14155552671' },
    { raw: '415.555.2671', country: 'US', e164: '+14155552671' },
    { raw: '+1 415-555-2671 ext. 12', country: 'DE', e164: '+14155552671' },
    { raw: '415-555-2671 x204', country: 'US', e164: '+14155552671' },
    { raw: '(415) 555-2671 #3', country: 'US', e164: '+14155552671' },
    { raw: '030 1234567', country: 'DE', e164: '+49301234567' },
    { raw: '0171 1234567', country: 'DE', e164: '+491711234567' },
    { raw: '+44 (0)20 7946 0958', country: null, e164: '+442079460958' },
    { raw: '020 7946 0958', country: 'GB', e164: '+442079460958' },
    { raw: '03-1234-5678', country: 'JP', e164: '+81312345678' },
    { raw: '\u00A0+49 89 1234567\u200B', country: 'DE', e164: '+49891234567' },
  ])('$raw ($country) → $e164', ({ raw, country, e164 }) => {
    expect(normalizePhone(raw, country)).toEqual({ original: raw, e164 });
  });

  it.each([
    { raw: '123', country: 'US' },
    { raw: 'ask reception', country: 'US' },
    // Only the right length: 555-555-5555 is not a real US number.
    { raw: '555-555-5555', country: 'US' },
    { raw: '(415) 555-2671', country: null },
    { raw: '+1 (123) 456-7890', country: 'US' },
  ])('$raw ($country) keeps only its original', ({ raw, country }) => {
    expect(normalizePhone(raw, country)).toEqual({ original: raw, e164: null });
  });

  it.each([null, undefined, '', '  '])('blank %j → nothing', (raw) => {
    expect(normalizePhone(raw, 'US').e164).toBeNull();
  });
});

describe('normalizeName', () => {
  it.each([
    ['JOHN MCDONALD', 'John McDonald'],
    ['mcdonald', 'McDonald'],
    ["mary o'brien", "Mary O'Brien"],
    ["D'ANGELO", "D'Angelo"],
    ['o’neill', 'O’Neill'],
    ['ludwig van der rohe', 'Ludwig van der Rohe'],
    ['OTTO VON BISMARCK', 'Otto von Bismarck'],
    ['MARIA DE LA CRUZ', 'Maria de la Cruz'],
    ['JEAN-LUC PICARD', 'Jean-Luc Picard'],
    ['john smith iii', 'John Smith III'],
    ['j.r.r. tolkien', 'J.R.R. Tolkien'],
    ['ÉMILE ZOLA', 'Émile Zola'],
    // Caps Lock on a German keyboard still types ß.
    ['GROßMANN', 'Großmann'],
    ['JOHANN STRAUß', 'Johann Strauß'],
    ['großmann', 'Großmann'],
    ['Großmann', 'Großmann'],
    ['  ada   lovelace  ', 'Ada Lovelace'],
    // Mixed case is the person's own spelling and is never touched.
    ['deMarco', 'deMarco'],
    ['McKenzie', 'McKenzie'],
    ['van Gogh', 'van Gogh'],
    ['DeShawn', 'DeShawn'],
  ])('%j → %j', (raw, name) => {
    expect(normalizeName(raw)).toBe(name);
  });

  it.each([null, '', '   ', '-', '.', '123'])('%j is no name', (raw) => {
    expect(normalizeName(raw)).toBeNull();
  });
});

describe('normalizeCountry', () => {
  it.each([
    ['US', 'US'],
    ['usa', 'US'],
    ['USA', 'US'],
    ['U.S.A.', 'US'],
    ['United States', 'US'],
    ['United States of America', 'US'],
    ['UK', 'GB'],
    ['England', 'GB'],
    ['United Kingdom', 'GB'],
    ['GBR', 'GB'],
    ['Deutschland', 'DE'],
    ['Germany', 'DE'],
    ['DEU', 'DE'],
    ['Allemagne', 'DE'],
    ['Alemania', 'DE'],
    ['Holland', 'NL'],
    ['The Netherlands', 'NL'],
    ['Niederlande', 'NL'],
    ['Österreich', 'AT'],
    ['Schweiz', 'CH'],
    ['États-Unis', 'US'],
    ['Japan', 'JP'],
    ['  france ', 'FR'],
  ])('%j → %s', (raw, code) => {
    expect(normalizeCountry(raw)).toBe(code);
  });

  it.each([null, '', 'Narnia', 'XX', 'N/A', 'Europe'])('%j → null', (raw) => {
    expect(normalizeCountry(raw)).toBeNull();
  });
});

describe('normalizeState', () => {
  it.each([
    ['California', 'US', 'CA'],
    ['california', 'US', 'CA'],
    ['calif.', 'US', 'CA'],
    ['CA', 'US', 'CA'],
    ['ca', 'US', 'CA'],
    ['US-CA', 'US', 'CA'],
    ['New York', 'US', 'NY'],
    ['Texas', 'US', 'TX'],
    ['Ontario', 'CA', 'ON'],
    ['ON', 'CA', 'ON'],
    ['Québec', 'CA', 'QC'],
    ['Quebec', 'CA', 'QC'],
    ['Bayern', 'DE', 'BY'],
    ['Bavaria', 'DE', 'BY'],
    ['Nordrhein-Westfalen', 'DE', 'NW'],
  ])('%j in %s → %s', (raw, country, code) => {
    expect(normalizeState(raw, country)).toBe(code);
  });

  it('"Georgia" in the US is the state GA, whatever the country of the same name', () => {
    expect(normalizeState('Georgia', 'US')).toBe('GA');
  });

  it('a state code means nothing without the country: "CA" is California in the US, not a Canadian province', () => {
    expect(normalizeState('CA', 'CA')).not.toBe('CA');
  });
});

describe('company name and domain', () => {
  it.each([
    ['  Acme   Corp ', 'Acme Corp'],
    ['Acme, Inc.', 'Acme, Inc.'],
    ['Acme , Inc', 'Acme, Inc'],
    ['Acme Solutions.', 'Acme Solutions'],
    ['Brandt & Söhne GmbH', 'Brandt & Söhne GmbH'],
    ['IBM', 'IBM'],
    ['eBay', 'eBay'],
  ])('company %j → %j', (raw, name) => {
    expect(normalizeCompanyName(raw)).toBe(name);
  });

  it.each(['n/a', 'N/A', '-', 'none', '', null])('placeholder company %j → null', (raw) => {
    expect(normalizeCompanyName(raw)).toBeNull();
  });

  it.each([
    ['https://www.acme.co.uk/about', 'acme.co.uk'],
    ['acme.com', 'acme.com'],
    ['www.Acme.COM', 'acme.com'],
    ['HTTP://shop.acme.com.au/en?ref=hs', 'acme.com.au'],
    ['https://user@www.acme.de:8443/x', 'acme.de'],
    ['http://192.168.0.1', null],
    ['localhost', null],
    ['n/a', null],
    ['-', null],
    ['', null],
  ])('website %j → %s', (raw, domain) => {
    expect(registrableDomain(raw)).toBe(domain);
  });

  it.each([
    { name: 'the website wins', website: 'https://www.globex.com', email: 'globex-corp.com', freeMail: false, domain: 'globex.com' },
    { name: 'a business email domain when there is no website', website: null, email: 'mail.initech.com', freeMail: false, domain: 'initech.com' },
    { name: 'a junk website falls back to the email', website: 'n/a', email: 'initech.com', freeMail: false, domain: 'initech.com' },
    { name: 'never a free-mail domain', website: null, email: 'gmail.com', freeMail: true, domain: null },
    { name: 'never a disposable domain', website: null, email: 'mailinator.com', freeMail: false, domain: null },
    { name: 'no website, no email', website: null, email: null, freeMail: false, domain: null },
  ])('companyDomain: $name', ({ website, email, freeMail, domain }) => {
    expect(companyDomain(website, email, freeMail)).toBe(domain);
  });
});

describe('classifyTitle', () => {
  it.each([
    ['CEO', 'c_level'],
    ['Co-Founder & CTO', 'c_level'],
    ['Chief Revenue Officer', 'c_level'],
    ['Geschäftsführer', 'c_level'],
    ['VP of Sales', 'vp'],
    ['SVP, Marketing', 'vp'],
    ['Vice President, Finance', 'vp'],
    ['Director of Engineering', 'director'],
    ['Head of Growth', 'director'],
    ['Directeur Marketing', 'director'],
    ['Marketing Manager', 'manager'],
    ['Team Lead, DevOps', 'manager'],
    ['Software Engineer', 'individual'],
    ['Sr. Account Executive', 'individual'],
    ['Student', 'individual'],
    // Working for the CEO does not make someone C-level.
    ['Executive Assistant to the CEO', 'individual'],
    ['Product Owner', 'individual'],
  ])('%j → %s', (title, seniority) => {
    expect(classifyTitle(title).seniority).toBe(seniority);
  });

  it.each([
    ['VP Marketing', 'marketing'],
    ['Head of Demand Generation', 'marketing'],
    ['Sr. Account Executive', 'sales'],
    ['Leiter Vertrieb', 'sales'],
    ['Director of Engineering', 'engineering'],
    ['IT Manager', 'it'],
    ['Controller', 'finance'],
    ['VP Operations', 'operations'],
    ['HR Business Partner', 'hr'],
    ['Founder & CEO', 'executive'],
    ['Barista', 'other'],
  ])('%j → function %s', (title, jobFunction) => {
    expect(classifyTitle(title).jobFunction).toBe(jobFunction);
  });

  it.each([null, '', '   '])('no title %j → unknown, no function', (title) => {
    expect(classifyTitle(title)).toEqual({ seniority: 'unknown', jobFunction: null });
  });
});

describe('parseEmployees and toIsoTimestamp', () => {
  it.each([
    ['250', 250],
    ['1,000', 1000],
    ['1.000', 1000],
    ['51-200', 51],
    ['10,001+', 10001],
    ['', null],
    ['n/a', null],
    [null, null],
  ])('employees %j → %s', (raw, n) => {
    expect(parseEmployees(raw)).toBe(n);
  });

  it.each([
    ['1767225600000', '2026-01-01T00:00:00.000Z'],
    ['2026-01-01T00:00:00Z', '2026-01-01T00:00:00.000Z'],
    ['2026-01-01T01:00:00+01:00', '2026-01-01T00:00:00.000Z'],
    ['2026-01-01', '2026-01-01T00:00:00.000Z'],
    ['garbage', null],
    ['', null],
  ])('timestamp %j → %s', (raw, iso) => {
    expect(toIsoTimestamp(raw)).toBe(iso);
  });
});

describe('normalizeContact', () => {
  const raw = (properties: Record<string, string | null>): RawContact => ({
    id: '5150',
    properties,
    createdAt: '2026-10-01T08:00:00.000Z',
    updatedAt: '2026-11-20T16:42:00.000Z',
    archived: false,
  });

  it('a messy form submission becomes a clean contact', () => {
    const c = normalizeContact(
      raw({
        email: ' Lena.Fischer@Brandt-Soehne.de\u00A0',
        firstname: 'LENA',
        lastname: 'FISCHER',
        phone: '089 1234567',
        company: ' Brandt & Söhne GmbH ',
        website: 'https://www.brandt-soehne.de/kontakt',
        jobtitle: '  VP   Marketing ',
        country: 'Deutschland',
        state: 'Bayern',
        city: ' München ',
        numemployees: '201-500',
        lifecyclestage: 'MarketingQualifiedLead',
        hs_analytics_source: 'ORGANIC_SEARCH',
        num_conversion_events: '3',
        recent_conversion_date: '1763654400000',
        recent_conversion_event_name: 'Demo request',
        hs_merged_object_ids: '4242;5150;;abc',
      }),
    );
    expect(c).toMatchObject({
      hubspotId: '5150',
      mergedIds: ['4242'],
      email: { value: 'lena.fischer@brandt-soehne.de', valid: true, domain: 'brandt-soehne.de', freeMail: false },
      phone: { original: '089 1234567', e164: '+49891234567' },
      firstName: 'Lena',
      lastName: 'Fischer',
      company: 'Brandt & Söhne GmbH',
      companyDomain: 'brandt-soehne.de',
      title: 'VP Marketing',
      seniority: 'vp',
      jobFunction: 'marketing',
      country: 'DE',
      state: 'BY',
      city: 'München',
      employees: 201,
      lifecycleStage: 'marketingqualifiedlead',
      leadSource: 'ORGANIC_SEARCH',
      conversions: { count: 3, lastAt: '2025-11-20T16:00:00.000Z', lastName: 'Demo request' },
    });
  });

  it('a gmail address gives no company domain; the mobile is used when the office number is junk', () => {
    const c = normalizeContact(raw({ email: 'tom.h.1987@gmail.com', phone: 'ask for Tom', mobilephone: '(415) 555-2671', country: 'USA', state: 'calif.' }));
    expect(c.email.freeMail).toBe(true);
    expect(c.companyDomain).toBeNull();
    expect(c.phone.e164).toBe('+14155552671');
    expect(c.country).toBe('US');
    expect(c.state).toBe('CA');
  });

  it('a contact with almost nothing filled in still normalizes', () => {
    const c = normalizeContact(raw({ email: null, firstname: '', lastname: '-', num_conversion_events: 'NaN' }));
    expect(c).toMatchObject({
      email: { value: null, valid: false },
      firstName: null,
      lastName: null,
      title: null,
      seniority: 'unknown',
      jobFunction: null,
      country: null,
      state: null,
      employees: null,
      conversions: { count: 0, lastAt: null, lastName: null },
      mergedIds: [],
    });
  });
});
