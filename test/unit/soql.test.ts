import { describe, expect, it } from 'vitest';
import { soqlIn, soqlString } from '../../src/adapters/salesforce/soql.js';

describe('SOQL quoting', () => {
  it.each([
    ["o'brien@acme.com", "'o\\'brien@acme.com'"],
    ['back\\slash@x.io', "'back\\\\slash@x.io'"],
    ["a' OR Email != '", "'a\\' OR Email != \\''"],
    ['tab\there', "'tab\\there'"],
  ])('%s → %s', (input, expected) => {
    expect(soqlString(input)).toBe(expected);
  });

  it('builds IN lists', () => {
    expect(soqlIn(['a@x.io', "b'c@x.io"])).toBe("('a@x.io', 'b\\'c@x.io')");
  });
});
