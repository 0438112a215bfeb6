import validator from 'validator';
import { describe, expect, it } from 'vitest';
import { isDisposableDomain, normalizeEmail } from '../../../src/core/normalize/email.js';

describe('normalizeEmail: cleaning', () => {
  it.each([
    ['  John.Doe@Example.COM ', 'john.doe@example.com'],
    ['\u00A0jane@acme.com\u00A0', 'jane@acme.com'],
    ['\uFEFFjane@acme.com', 'jane@acme.com'],
    ['jane\u200B@acme.com', 'jane@acme.com'],
    ['<jane@acme.com>', 'jane@acme.com'],
    ['Jane Doe <JANE@ACME.COM>', 'jane@acme.com'],
    ['"Doe, Jane" <jane@acme.com>', 'jane@acme.com'],
    ['mailto:Bob@Acme.com', 'bob@acme.com'],
    ['MAILTO:bob@acme.com?subject=Demo%20request', 'bob@acme.com'],
    ['<mailto:bob@acme.com>', 'bob@acme.com'],
    ['bob@acme.com.', 'bob@acme.com'],
    ['bob@acme.com;', 'bob@acme.com'],
    ['"bob@acme.com"', 'bob@acme.com'],
    ['(bob@acme.com)', 'bob@acme.com'],
  ])('%j → %j and valid', (raw, value) => {
    const e = normalizeEmail(raw);
    expect(e.value).toBe(value);
    expect(e.valid).toBe(true);
    expect(e.original).toBe(raw);
  });
});

describe('normalizeEmail: validity', () => {
  it.each([
    ['john@gmial.com', true], // a typo domain is still a well-formed address
    ['first.last+tag@sub.acme.co.uk', true],
    ['o\'brien@acme.ie', true],
    ['not an email', false],
    ['john@', false],
    ['@acme.com', false],
    ['john@acme', false],
    ['john@@acme.com', false],
    ['john doe@acme.com', false],
    ['john@acme..com', false],
    ['a@x.com; b@y.com', false],
    ['john@192.168.0.1', false],
  ])('%j valid=%s', (raw, valid) => {
    expect(normalizeEmail(raw).valid).toBe(valid);
  });

  it('keeps an invalid value visible but sets no domain or flags', () => {
    expect(normalizeEmail(' Not An Email ')).toEqual({ original: ' Not An Email ', value: 'not an email', valid: false, domain: null, freeMail: false, disposable: false });
  });

  it.each([null, undefined, '', '   ', '\u200B', '<>', 'mailto:'])('%j → empty', (raw) => {
    const e = normalizeEmail(raw);
    expect(e.value).toBeNull();
    expect(e.valid).toBe(false);
  });

  it('does not fold Gmail dots or +tags: the address must still reach the person', () => {
    expect(normalizeEmail('J.O.H.N+crm@Gmail.com').value).toBe('j.o.h.n+crm@gmail.com');
  });
});

describe('normalizeEmail: domain classification', () => {
  it.each([
    ['jane@gmail.com', 'gmail.com', true, false],
    ['jane@GoogleMail.com', 'googlemail.com', true, false],
    ['jane@web.de', 'web.de', true, false],
    ['jane@yahoo.co.uk', 'yahoo.co.uk', true, false],
    ['jane@orange.fr', 'orange.fr', true, false],
    ['jane@acme.com', 'acme.com', false, false],
    ['jane@mail.acme.co.uk', 'mail.acme.co.uk', false, false],
    ['jane@mailinator.com', 'mailinator.com', true, true],
    ['jane@yopmail.com', 'yopmail.com', true, true],
    ['jane@10minutemail.com', '10minutemail.com', true, true],
  ])('%j → domain %s, freeMail %s, disposable %s', (raw, domain, freeMail, disposable) => {
    expect(normalizeEmail(raw)).toMatchObject({ domain, freeMail, disposable });
  });

  it('treats subdomains of catch-all disposable services as disposable', () => {
    expect(isDisposableDomain('anything.33mail.com')).toBe(true);
    expect(isDisposableDomain('acme.com')).toBe(false);
  });
});

describe('normalizeEmail length limits', () => {
  // The limits are checked without validator's own (allocating) length check: the verdict must be
  // validator's default one at and around each limit.
  const label = (n: number): string => 'a'.repeat(n);
  it.each([
    [`${label(64)}@acme.com`, true],
    [`${label(65)}@acme.com`, false],
    [`${'ü'.repeat(32)}@acme.com`, true], // 64 bytes
    [`${'ü'.repeat(33)}@acme.com`, false], // 66 bytes in 33 characters
    [`jane@${label(63)}.com`, true],
    [`jane@${label(64)}.com`, false],
    [`jane@sub.${label(64)}.acme.com`, false],
    [`jane@${[label(63), label(63), label(63), label(53)].join('.')}.com`, true], // 254 characters
    [`jane@${[label(63), label(63), label(63), label(54)].join('.')}.com`, false], // 255
    [`jane.doe@${label(10)}.${label(10)}.io`, true],
  ])('%# agrees with validator (%s)', (address, expected) => {
    expect(validator.isEmail(address)).toBe(expected);
    expect(normalizeEmail(address).valid).toBe(expected);
  });
});
