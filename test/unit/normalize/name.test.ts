import { describe, expect, it } from 'vitest';
import { normalizeName } from '../../../src/core/normalize/name.js';

describe('normalizeName: re-casing all-upper and all-lower input', () => {
  it.each([
    ['JOHN', 'John'],
    ['john', 'John'],
    ['  john   doe ', 'John Doe'],
    ['MARY ANN', 'Mary Ann'],
    ['MCDONALD', 'McDonald'],
    ['mcdonald', 'McDonald'],
    ["o'brien", "O'Brien"],
    ["O'BRIEN", "O'Brien"],
    ['o’neil', 'O’Neil'],
    ["d'angelo", "D'Angelo"],
    ["ya'akov", "Ya'akov"], // only a one-letter prefix takes a capital after the apostrophe
    ['JEAN-LUC PICARD', 'Jean-Luc Picard'],
    ['smith-jones', 'Smith-Jones'],
    ["o'neil-smith", "O'Neil-Smith"],
    ['ludwig van der rohe', 'Ludwig van der Rohe'],
    ['LUDWIG MIES VAN DER ROHE', 'Ludwig Mies van der Rohe'],
    ['VAN DER BERG', 'Van der Berg'], // a bare surname starts with a capital
    ['jean de la fontaine', 'Jean de la Fontaine'],
    ['DE LA CRUZ', 'De la Cruz'],
    ['leonardo da vinci', 'Leonardo da Vinci'],
    ['otto von bismarck', 'Otto von Bismarck'],
    ['giovanni di lorenzo', 'Giovanni di Lorenzo'],
    ['maria del carmen', 'Maria del Carmen'],
    ['mohammed bin salman', 'Mohammed bin Salman'],
    ['omar al-rashid', 'Omar al-Rashid'],
    ['AL-RASHID', 'Al-Rashid'],
    ['anh le', 'Anh Le'], // Le is the surname here, not a particle
    ['john e smith', 'John E Smith'], // a middle initial, not the Portuguese "e"
    ['john smith iii', 'John Smith III'],
    ['JOHN SMITH IV', 'John Smith IV'],
    ['vi nguyen', 'Vi Nguyen'], // the given name Vi is not a numeral
    ['john smith jr.', 'John Smith Jr.'],
    ['jane doe phd', 'Jane Doe PhD'],
    ['j.r.r. tolkien', 'J.R.R. Tolkien'],
    ['J.R.R. TOLKIEN', 'J.R.R. Tolkien'],
    ['j. smith', 'J. Smith'],
    ['ÉMILE ZOLA', 'Émile Zola'],
    ['maría josé garcía', 'María José García'],
    ['MÜLLER', 'Müller'],
    // Caps Lock on a German keyboard still types ß, which has no capital of its own.
    ['GROßMANN', 'Großmann'],
    ['JOHANN STRAUß', 'Johann Strauß'],
    ['großmann', 'Großmann'],
    ['Großmann', 'Großmann'],
  ])('%j → %j', (raw, expected) => {
    expect(normalizeName(raw)).toBe(expected);
  });
});

describe('normalizeName: Mac is left alone', () => {
  it.each([
    ['MACK', 'Mack'],
    ['MACY', 'Macy'],
    ['macias', 'Macias'],
    ['MACHADO', 'Machado'],
    ['MACDONALD', 'Macdonald'],
  ])('%j → %j', (raw, expected) => {
    expect(normalizeName(raw)).toBe(expected);
  });
});

describe('normalizeName: deliberate mixed casing is kept', () => {
  it.each([
    ['deMarco', 'deMarco'],
    ['McKenzie', 'McKenzie'],
    ['MacDonald', 'MacDonald'],
    ['van Gogh', 'van Gogh'],
    ['DeShawn', 'DeShawn'],
    ['  deMarco   Smith ', 'deMarco Smith'],
    ['李小龍', '李小龍'],
  ])('%j → %j', (raw, expected) => {
    expect(normalizeName(raw)).toBe(expected);
  });
});

describe('normalizeName: empty and placeholder values', () => {
  it.each([null, undefined, '', '   ', '-', '.', '???', '123', '\u200B'])('%j → null', (raw) => {
    expect(normalizeName(raw)).toBeNull();
  });
});
