import { describe, expect, it } from 'vitest';
import { parseCount, parseEmployees, parseMergedIds, toIsoTimestamp } from '../../../src/core/normalize/values.js';

describe('parseEmployees (ranges → lower bound)', () => {
  it.each([
    ['250', 250],
    [' 250 ', 250],
    ['1,000', 1000],
    ['1.000', 1000],
    ["1'000", 1000],
    ['12,345,678', 12345678],
    ['51-200', 51],
    ['51 - 200', 51],
    ['1000+', 1000],
    ['10,000+', 10000],
    ['5-25', 5],
    ['10k', 10000],
    ['2.5k', 2500],
    ['2,5 Mio', 2500000],
    ['approx. 300 employees', 300],
    ['250.', 250],
    ['0', 0],
  ])('%j → %d', (raw, n) => {
    expect(parseEmployees(raw)).toBe(n);
  });

  it.each([null, undefined, '', 'unknown', 'many', '-'])('%j → null', (raw) => {
    expect(parseEmployees(raw)).toBeNull();
  });
});

describe('parseCount', () => {
  it.each([
    ['3', 3],
    ['3.0', 3],
    [' 7 ', 7],
    ['0', 0],
    ['-2', 0],
    ['abc', 0],
    ['', 0],
    [null, 0],
  ])('%j → %d', (raw, n) => {
    expect(parseCount(raw)).toBe(n);
  });
});

describe('toIsoTimestamp', () => {
  it.each([
    ['1714557600000', '2024-05-01T10:00:00.000Z'], // epoch milliseconds, as HubSpot sends them
    ['1714557600', '2024-05-01T10:00:00.000Z'], // epoch seconds, from imports
    ['2024-05-01T10:00:00.000Z', '2024-05-01T10:00:00.000Z'],
    ['2024-05-01T10:00:00Z', '2024-05-01T10:00:00.000Z'],
    ['2024-05-01T12:00:00+02:00', '2024-05-01T10:00:00.000Z'],
    ['2024-05-01T12:00:00+0200', '2024-05-01T10:00:00.000Z'],
    ['2024-05-01T10:00:00', '2024-05-01T10:00:00.000Z'], // no offset → UTC, never the local zone
    ['2024-05-01 10:00', '2024-05-01T10:00:00.000Z'],
    ['2024-05-01', '2024-05-01T00:00:00.000Z'],
  ])('%j → %s', (raw, iso) => {
    expect(toIsoTimestamp(raw)).toBe(iso);
  });

  it.each([null, undefined, '', 'yesterday', '05/01/2024', '2024-13-45', '2024-05-01T25:00:00Z'])('%j → null', (raw) => {
    expect(toIsoTimestamp(raw)).toBeNull();
  });
});

describe('parseMergedIds', () => {
  it.each([
    ['101;202', '1', ['101', '202']],
    [' 101 ; 202 ;', '1', ['101', '202']],
    ['101;101;202', '1', ['101', '202']],
    ['1;101', '1', ['101']], // the contact's own id is not "merged into" itself
    ['101,202', '1', ['101', '202']],
    ['101;abc;', '1', ['101']],
    ['', '1', []],
    [null, '1', []],
  ])('%j (own id %s) → %j', (raw, own, ids) => {
    expect(parseMergedIds(raw, own)).toEqual(ids);
  });
});
