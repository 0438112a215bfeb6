import { describe, expect, it } from 'vitest';
import { companyDomain, normalizeCompanyName, orgDomain, registrableDomain } from '../../../src/core/normalize/company.js';

describe('normalizeCompanyName', () => {
  it.each([
    ['  Acme   Inc. ', 'Acme Inc.'],
    ['Acme Inc', 'Acme Inc'],
    ['Acme , Inc.', 'Acme, Inc.'],
    ['Acme,Inc.', 'Acme, Inc.'],
    ['Acme Ltd.', 'Acme Ltd.'],
    ['Smith & Co.', 'Smith & Co.'],
    ['Acme Corp.', 'Acme Corp.'],
    ['Acme Solutions.', 'Acme Solutions'],
    ['Acme...', 'Acme'],
    ['Acme Corp,', 'Acme Corp'],
    ['Acme GmbH;', 'Acme GmbH'],
    ['Acme -', 'Acme'],
    ['- Acme', 'Acme'],
    ['Foo S. A.', 'Foo S.A.'],
    ['Foo S.A.', 'Foo S.A.'],
    ['Verein e. V.', 'Verein e.V.'],
    ['Philips N. V.', 'Philips N.V.'],
    ['Ferrari S.p.A.', 'Ferrari S.p.A.'],
    ['Acme L.L.C.', 'Acme L.L.C.'],
    ['Müller GmbH&Co.KG', 'Müller GmbH & Co. KG'],
    ['Müller GmbH & Co.KG', 'Müller GmbH & Co. KG'],
    ['"Acme"', 'Acme'],
    ['“Acme Labs”', 'Acme Labs'],
    ['IBM', 'IBM'],
    ['eBay', 'eBay'],
    ['AT&T', 'AT&T'],
    ['1&1', '1&1'],
    ['3M', '3M'],
    ['Yahoo!', 'Yahoo!'], // part of the brand
    ['Acme?', 'Acme'],
  ])('%j → %j', (raw, expected) => {
    expect(normalizeCompanyName(raw)).toBe(expected);
  });

  it.each([null, undefined, '', '   ', 'n/a', 'N/A', 'NA', 'none', 'Unknown', '-', '...', 'TBD'])('%j → null', (raw) => {
    expect(normalizeCompanyName(raw)).toBeNull();
  });
});

describe('registrableDomain', () => {
  it.each([
    ['https://www.acme.co.uk/about', 'acme.co.uk'],
    ['acme.com', 'acme.com'],
    ['WWW.ACME.COM ', 'acme.com'],
    ['http://shop.acme.com:8080/en?ref=1', 'acme.com'],
    ['https://user@www.acme.de:8443/x', 'acme.de'],
    ['acme.com/about', 'acme.com'],
    ['//acme.com', 'acme.com'],
    ['acme.com, acme.de', 'acme.com'],
    ['acme.github.io', 'acme.github.io'], // a hosted site is its own organisation
    ['https://www.müller.de', 'müller.de'],
    ['company1.example', 'company1.example'],
  ])('%j → %s', (raw, domain) => {
    expect(registrableDomain(raw)).toBe(domain);
  });

  it.each([
    '192.168.0.1',
    'http://10.0.0.1:8080/x',
    'http://[2001:db8::1]/',
    'localhost',
    'acme',
    'https://www.linkedin.com/company/acme',
    'facebook.com/acme',
    'bit.ly/3xyz',
    'n/a',
    '',
    null,
  ])('%j → null', (raw) => {
    expect(registrableDomain(raw)).toBeNull();
  });
});

describe('companyDomain', () => {
  it.each([
    ['https://www.acme.co.uk/about', 'jane@gmail.com', true, 'acme.co.uk'],
    ['https://www.acme.co.uk/about', 'jane@globex.com', false, 'acme.co.uk'], // the website wins
    [null, 'globex.com', false, 'globex.com'],
    ['', 'mail.globex.co.uk', false, 'globex.co.uk'],
    ['192.168.0.1', 'globex.com', false, 'globex.com'],
    ['linkedin.com/company/acme', 'globex.io', false, 'globex.io'],
  ])('website %j, email domain %j (free %s) → %s', (website, emailDomain, freeMail, expected) => {
    expect(companyDomain(website, emailDomain, freeMail)).toBe(expected);
  });

  it.each([
    [null, 'gmail.com', true],
    [null, 'mailinator.com', false], // disposable, even when the caller did not flag it
    [null, 'anything.33mail.com', false],
    [null, 'gmail.com', false], // free mail, even when the caller did not flag it
    [null, 'Yahoo.co.uk', false],
    [null, null, false],
    ['localhost', null, false],
  ])('website %j, email domain %j (free %s) → null', (website, emailDomain, freeMail) => {
    expect(companyDomain(website, emailDomain, freeMail)).toBeNull();
  });
});

describe('orgDomain', () => {
  it.each([
    ['https://www.acme.co.uk/about', 'acme.co.uk'],
    ['acme.github.io', 'acme.github.io'],
    ['https://acme.github.io/docs', 'acme.github.io'],
    ['mail.globex.com', 'globex.com'],
  ])('%j → %s', (raw, domain) => {
    expect(orgDomain(raw)).toBe(domain);
  });

  it.each([
    'gmail.com',
    'https://www.GMAIL.com/',
    'googlemail.com',
    'yahoo.co.uk',
    'mailinator.com',
    'anything.33mail.com',
    'linkedin.com/company/acme',
    '192.168.0.1',
    'localhost',
    '',
    null,
  ])('%j → null: it names no organisation', (raw) => {
    expect(orgDomain(raw)).toBeNull();
  });
});
