import { parsePhoneNumberFromString } from 'libphonenumber-js/max';
import type { CountryCode } from 'libphonenumber-js/max';
import { describe, expect, it } from 'vitest';
import { normalizeCountry } from '../../../src/core/normalize/location.js';
import { generateDataset } from '@handoff/sandbox';
import { normalizePhone } from '../../../src/core/normalize/phone.js';

describe('normalizePhone', () => {
  it.each([
    // national formats, read with the contact's country
    ['(415) 555-2671', 'US', '+14155552671'],
    ['415.555.2671', 'US', '+14155552671'],
    ['1-415-555-2671', 'US', '+14155552671'],
    ['14155552671', 'US', '+14155552671'],
    ['1-800-356-9377', 'US', '+18003569377'],
    ['030 123456', 'DE', '+4930123456'],
    ['030/123456', 'DE', '+4930123456'],
    ['0151 12345678', 'DE', '+4915112345678'],
    ['0612345678', 'FR', '+33612345678'],
    ['06 12 34 56 78', 'FR', '+33612345678'],
    ['020 7946 0958', 'GB', '+442079460958'],
    ['98765 43210', 'IN', '+919876543210'],
    ['03-1234-5678', 'JP', '+81312345678'],
    ['(415) 555-2671', 'us', '+14155552671'],
    // international formats, whatever the contact's country
    ['+44 20 7946 0958', null, '+442079460958'],
    ['+44 20 7946 0958', 'US', '+442079460958'],
    ['+44 (0) 20 7946 0958', null, '+442079460958'],
    ['+49 (0)30 1234567', null, '+49301234567'],
    ['+33 6 12 34 56 78', 'DE', '+33612345678'],
    ['0049 30 1234567', 'DE', '+49301234567'],
    ['00 44 20 7946 0958', 'DE', '+442079460958'],
    ['tel:+14155552671', null, '+14155552671'],
    ['\u00A0+1 415 555 2671\u00A0', null, '+14155552671'],
    ['\u00A0+49 89 1234567\u200B', 'DE', '+49891234567'], // a zero-width space pasted from a web page
    // a full international number dialled with "00" or stored without its "+"
    ['0044 20 7946 0958', null, '+442079460958'],
    ['0044 20 7946 0958', 'US', '+442079460958'], // the US dials out with 011, yet "00" is unmistakable
    ['0049 30 123456', null, '+4930123456'],
    ['442079460958', null, '+442079460958'],
    ['4930 1234567', 'US', '+49301234567'],
    // extensions are not part of E.164
    ['+1 415-555-2671 ext. 12', 'US', '+14155552671'],
    ['415.555.2671 x12', 'US', '+14155552671'],
    ['4155552671x12', 'US', '+14155552671'],
    ['415-555-2671 #12', 'US', '+14155552671'],
    ['+1 (415) 555 2671 extension 99', null, '+14155552671'],
    // calling codes shared by several countries, read with the contact's own country first
    ['+1 415 555 2671', 'US', '+14155552671'],
    ['+1 416 555 0123', 'US', '+14165550123'], // Toronto: not a US number, still +1
    ['+1 416 555 0123', 'CA', '+14165550123'],
    ['+1 268 464 1234', 'US', '+12684641234'], // Antigua and Barbuda
    ['+44 1624 756789', 'GB', '+441624756789'], // Isle of Man
    ['+44 1534 456789', 'JE', '+441534456789'],
    ['+7 701 123 4567', 'RU', '+77011234567'], // Kazakhstan
    ['+7 495 123 45 67', 'KZ', '+74951234567'],
    ['+61 8 9162 1234', 'AU', '+61891621234'],
    ['+39 06 1234 5678', 'IT', '+390612345678'], // Italy keeps the leading 0
    ['+44 020 7946 0958', 'GB', '+442079460958'], // trunk 0 typed after the country code
    ['030 123456 ext 7', 'DE', '+4930123456'],
  ])('%j with %s → %s', (raw, country, e164) => {
    expect(normalizePhone(raw, country)).toEqual({ original: raw, e164 });
  });

  it.each([
    ['not a phone', 'US'],
    ['n/a', 'US'],
    ['12345', 'US'],
    ['(123) 456-7890', 'US'], // possible length, but no US area code starts with 1
    ['555-555-5555', 'US'], // 555 is not an area code
    ['4155552671', null], // national number, no country to read it with
    ['(415) 555-2671', null],
    ['030 123456', null],
    ['0030 12', null], // "00" but far too short for any international number
    ['(415) 555-2671', 'FR'], // read as a French number, which it is not
    ['415-555-2671 / 415-555-2672', 'US'],
    ['+1 800 FLOWERS', 'US'],
    ['4155552671x12', null], // extension digits are never glued on for the "+"-less retry
    ['(415) 555-2671', 'AQ'], // a country without a numbering plan
    ['(415) 555-2671', 'XX'],
  ])('%j with %s keeps only the original', (raw, country) => {
    expect(normalizePhone(raw, country)).toEqual({ original: raw, e164: null });
  });

  it.each([null, undefined, '', '   '])('%j → nothing', (raw) => {
    expect(normalizePhone(raw, 'US')).toEqual({ original: null, e164: null });
  });
});

describe('normalizePhone and the library agree on international numbers', () => {
  // prepare() compacts a number before the parser sees it (a third faster to parse): for every "+"
  // number of a generated messy dataset (12 locales) the result must still be the library's own
  // reading of the number as typed.
  it('gives the library\'s E.164 for every "+" number of a generated dataset', () => {
    const ds = generateDataset({ contacts: 3000, seed: 11 });
    let compared = 0;
    for (const c of ds.hubspot.contacts) {
      const country = normalizeCountry(c.properties['country'] ?? null);
      for (const raw of [c.properties['phone'], c.properties['mobilephone']]) {
        if (!raw?.trim().startsWith('+')) continue;
        const reference = parsePhoneNumberFromString(raw, (country ?? undefined) as CountryCode | undefined);
        const expected = reference?.isValid() ? reference.number : null;
        expect(normalizePhone(raw, country).e164, `${raw} (${String(country)})`).toBe(expected);
        compared += 1;
      }
    }
    expect(compared).toBeGreaterThan(300);
  });
});
