import { getExampleNumber, parsePhoneNumberFromString } from 'libphonenumber-js/max';
import type { PhoneNumber } from 'libphonenumber-js/max';
// The ESM entry is a JS module (examples.mobile.json.js), so no JSON import attribute.
import examples from 'libphonenumber-js/mobile/examples';
import type { CountryCode } from './locales.js';
import type { Rng, Weighted } from './random.js';

/**
 * National significant number shapes per country: [leading digits, digits that follow]. Landline area codes of
 * real cities plus mobile ranges, so libphonenumber validates them and formats them the way locals write them
 * (US "(415) 555-2671", GB "020 7946 0958", DE "030 1234567", FR "01 23 45 67 89", …).
 */
const SHAPES: Record<CountryCode, readonly (readonly [string, number])[]> = {
  US: [['415', 7], ['212', 7], ['646', 7], ['512', 7], ['312', 7], ['617', 7], ['206', 7], ['303', 7], ['404', 7], ['305', 7], ['919', 7], ['801', 7]],
  GB: [['20', 8], ['161', 7], ['121', 7], ['131', 7], ['117', 7], ['77', 8], ['79', 8], ['74', 8]],
  DE: [['30', 7], ['30', 8], ['89', 8], ['40', 8], ['69', 8], ['221', 7], ['711', 7], ['151', 8], ['160', 7], ['176', 8]],
  FR: [['1', 8], ['4', 8], ['5', 8], ['6', 8], ['7', 8]],
  ES: [['91', 7], ['93', 7], ['96', 7], ['95', 7], ['6', 8]],
  IT: [['02', 8], ['06', 8], ['011', 7], ['333', 7], ['347', 7], ['320', 7]],
  NL: [['20', 7], ['10', 7], ['30', 7], ['6', 8]],
  SE: [['8', 7], ['31', 7], ['40', 6], ['70', 7], ['73', 7], ['76', 7]],
  BR: [['11', 8], ['21', 8], ['119', 8], ['219', 8], ['319', 8]],
  JP: [['3', 8], ['6', 8], ['90', 8], ['80', 8], ['70', 8]],
  AU: [['2', 8], ['3', 8], ['7', 8], ['4', 8]],
  IN: [['80', 8], ['22', 8], ['11', 8], ['98', 8], ['99', 8], ['70', 8]],
};

type Style = 'national' | 'international' | 'e164' | 'doubleZero' | 'digits' | 'extension';
const STYLES: Weighted<Style> = [
  ['national', 62], ['international', 19], ['e164', 8], ['doubleZero', 3], ['digits', 5], ['extension', 3],
];

/** What lands in a phone field when the form makes it mandatory. */
export const GARBAGE_PHONES: readonly string[] = [
  'ask reception', 'n/a', 'N/A', '000000', '123', '-', 'tbd', 'call via switchboard', '0', 'none', '+1', 'ask for mike',
];

function digits(rng: Rng, count: number): string {
  // A leading 0 or 1 is a trunk or service prefix in most plans, so the subscriber part starts higher.
  let out = String(rng.int(2, 9));
  for (let i = 1; i < count; i += 1) out += String(rng.int(0, 9));
  return out;
}

/** A valid number for the country, or the country's example mobile number if random ones keep failing. */
export function randomNumber(rng: Rng, country: CountryCode): PhoneNumber {
  for (let attempt = 0; attempt < 8; attempt += 1) {
    const [lead, rest] = rng.pick(SHAPES[country]);
    const parsed = parsePhoneNumberFromString(lead + digits(rng, rest), country);
    if (parsed?.isValid()) return parsed;
  }
  const example = getExampleNumber(country, examples);
  if (!example) throw new Error(`no example phone number for ${country}`);
  return example;
}

export function formatPhone(rng: Rng, number: PhoneNumber): string {
  switch (rng.weighted(STYLES)) {
    case 'national':
      return number.formatNational();
    case 'international':
      return number.formatInternational();
    case 'e164':
      return number.number;
    case 'doubleZero':
      return number.formatInternational().replace(/^\+/, '00');
    case 'digits':
      return number.formatNational().replace(/[^\d]/g, '');
    case 'extension':
      return `${number.formatNational()} ${rng.pick(['ext. ', 'x', 'ext ', '#'])}${rng.int(10, 499)}`;
  }
}

/** A phone field value as contacts enter it: mostly real national or international numbers, some junk. */
export function messyPhone(rng: Rng, country: CountryCode): string {
  if (rng.chance(0.04)) return rng.pick(GARBAGE_PHONES);
  return formatPhone(rng, randomNumber(rng, country));
}
