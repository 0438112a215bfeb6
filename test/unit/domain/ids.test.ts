import { describe, expect, it } from 'vitest';
import { isContactId } from '../../../src/domain/ids.js';

describe('isContactId', () => {
  it.each(['1', '501', '12345678901234567890'])('%s is a HubSpot contact id', (id) => {
    expect(isContactId(id)).toBe(true);
  });

  it.each(['', 'page:3', '12a', ' 12', '12 ', '-1', '1.5', 'hs:12'])('%j is not', (id) => {
    expect(isContactId(id)).toBe(false);
  });
});
