import { describe, expect, it } from 'vitest';
import { normalizeCountry, normalizeState } from '../../../src/core/normalize/location.js';

describe('normalizeCountry', () => {
  it.each([
    // codes
    ['US', 'US'],
    ['us', 'US'],
    [' de ', 'DE'],
    ['DEU', 'DE'],
    ['gbr', 'GB'],
    ['IND', 'IN'],
    // the United States, as typed
    ['USA', 'US'],
    ['U.S.A.', 'US'],
    ['U.S.', 'US'],
    ['United States', 'US'],
    ['united states of america', 'US'],
    ['UNITED STATES OF AMERICA', 'US'],
    ['America', 'US'],
    ['Vereinigte Staaten', 'US'],
    ['États-Unis', 'US'],
    ['Etats Unis', 'US'],
    ['Estados Unidos', 'US'],
    // the United Kingdom
    ['UK', 'GB'],
    ['U.K.', 'GB'],
    ['Great Britain', 'GB'],
    ['England', 'GB'],
    ['United Kingdom', 'GB'],
    ['Scotland', 'GB'],
    ['Royaume-Uni', 'GB'],
    ['Vereinigtes Königreich', 'GB'],
    // names in several languages, with and without accents
    ['Germany', 'DE'],
    ['Deutschland', 'DE'],
    ['Allemagne', 'DE'],
    ['Alemania', 'DE'],
    ['Holland', 'NL'],
    ['The Netherlands', 'NL'],
    ['Niederlande', 'NL'],
    ['Países Bajos', 'NL'],
    ['Paises Bajos', 'NL'],
    ['South Korea', 'KR'],
    ['Korea, Republic of', 'KR'],
    ['Korea', 'KR'],
    ['Schweiz', 'CH'],
    ['Suisse', 'CH'],
    ['España', 'ES'],
    ['Espana', 'ES'],
    ['México', 'MX'],
    ['Brasil', 'BR'],
    ['Österreich', 'AT'],
    ['Czech Republic', 'CZ'],
    ['Czechia', 'CZ'],
    ['Russia', 'RU'],
    ['Turkey', 'TR'],
    ['Türkiye', 'TR'],
    ["Côte d'Ivoire", 'CI'],
    ['Ivory Coast', 'CI'],
    ['UAE', 'AE'],
    ['  new   zealand ', 'NZ'],
    ['Republic of Ireland', 'IE'],
    // a country's own name in its own language
    ['Sverige', 'SE'],
    ['Nederland', 'NL'],
    ['Italia', 'IT'],
    ['Danmark', 'DK'],
    ['Polska', 'PL'],
    ['日本', 'JP'],
    ['中国', 'CN'],
    ['대한민국', 'KR'],
    ['Россия', 'RU'],
    // official long forms
    ['Bundesrepublik Deutschland', 'DE'],
    ['République française', 'FR'],
  ])('%j → %s', (raw, code) => {
    expect(normalizeCountry(raw)).toBe(code);
  });

  it.each([null, undefined, '', '   ', 'XX', 'Narnia', 'Congo', '-', 'N/A', 'Earth'])('%j → null', (raw) => {
    expect(normalizeCountry(raw)).toBeNull();
  });

  it('answers repeated lookups the same way (cached)', () => {
    expect(normalizeCountry('U.S.A.')).toBe('US');
    expect(normalizeCountry('U.S.A.')).toBe('US');
  });
});

describe('normalizeState', () => {
  it.each([
    ['California', 'US', 'CA'],
    ['california', 'US', 'CA'],
    ['CA', 'US', 'CA'],
    ['ca', 'US', 'CA'],
    ['calif', 'US', 'CA'],
    ['Calif.', 'US', 'CA'],
    ['US-CA', 'US', 'CA'],
    ['New York', 'US', 'NY'],
    ['N.Y.', 'US', 'NY'],
    ['Mass.', 'US', 'MA'],
    ['Penn.', 'US', 'PA'],
    ['W. Va.', 'US', 'WV'],
    ['Washington', 'US', 'WA'],
    ['Washington, D.C.', 'US', 'DC'],
    ['District of Columbia', 'US', 'DC'],
    ['State of Texas', 'US', 'TX'],
    ['  texas ', 'US', 'TX'],
    ['Ontario', 'CA', 'ON'],
    ['ON', 'CA', 'ON'],
    ['Ont.', 'CA', 'ON'],
    ['Québec', 'CA', 'QC'],
    ['Quebec', 'CA', 'QC'],
    ['B.C.', 'CA', 'BC'],
    ['British Columbia', 'CA', 'BC'],
    ['Bayern', 'DE', 'BY'],
    ['Bavaria', 'DE', 'BY'],
    ['BY', 'DE', 'BY'],
    ['Nordrhein-Westfalen', 'DE', 'NW'],
    ['North Rhine-Westphalia', 'DE', 'NW'],
    ['NRW', 'DE', 'NW'],
    ['Baden-Württemberg', 'DE', 'BW'],
    ['Baden-Wurttemberg', 'DE', 'BW'],
    ['Zürich', 'CH', 'ZH'],
    ['Geneva', 'CH', 'GE'],
    ['New South Wales', 'AU', 'NSW'],
    ['NSW', 'AU', 'NSW'],
    ['CDMX', 'MX', 'CMX'],
    ['Scotland', 'GB', 'SCT'],
    ['California', 'us', 'CA'],
    // names the data lists inverted ("Madrid, Comunidad de"), and newer or English names
    ['Comunidad de Madrid', 'ES', 'MD'],
    ['Comunidad Valenciana', 'ES', 'VC'],
    ['Madrid', 'ES', 'M'], // the province keeps its own name
    ['País Vasco', 'ES', 'PV'],
    ['Cataluña', 'ES', 'CT'],
    ['Catalunya', 'ES', 'CT'],
    ['Bristol', 'GB', 'BST'],
    ['City of Edinburgh', 'GB', 'EDH'],
    ['Hauts-de-France', 'FR', 'HDF'],
    ['Île-de-France', 'FR', 'IDF'],
    ["Provence-Alpes-Côte d'Azur", 'FR', 'PAC'],
    ['Lombardia', 'IT', '25'],
    ['Lombardy', 'IT', '25'],
  ])('%j in %s → %s', (raw, country, code) => {
    expect(normalizeState(raw, country)).toBe(code);
  });

  it.each([
    ['California', null], // without a country, "CA" or "Georgia" cannot be resolved
    ['CA', null],
    ['Bavaria', 'US'], // a real subdivision, of another country
    ['ZZ', 'US'],
    ['Greater Nowhere', 'DE'],
    ['Greater Manchester', 'GB'], // a ceremonial county, not an ISO 3166-2 subdivision
    ['', 'US'],
    [null, 'US'],
    ['California', 'USA'], // the country must already be alpha-2
  ])('%j in %s → null', (raw, country) => {
    expect(normalizeState(raw, country)).toBeNull();
  });

  it('resolves a name only within the given country', () => {
    expect(normalizeState('Georgia', 'US')).toBe('GA');
    expect(normalizeState('Georgia', 'GE')).toBeNull();
  });

  it('reads a state code only within its country: "CA" in Canada is not California', () => {
    expect(normalizeState('CA', 'CA')).not.toBe('CA');
  });
});
