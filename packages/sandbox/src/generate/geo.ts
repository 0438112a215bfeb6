import type { CountryCode } from './locales.js';
import type { Rng } from './random.js';

/** [city, state/region as people write it, its short code] — real places so city and state agree. */
type Place = readonly [string, string, string];

const PLACES: Record<CountryCode, readonly Place[]> = {
  US: [
    ['San Francisco', 'California', 'CA'], ['Los Angeles', 'California', 'CA'], ['New York', 'New York', 'NY'], ['Austin', 'Texas', 'TX'],
    ['Dallas', 'Texas', 'TX'], ['Chicago', 'Illinois', 'IL'], ['Boston', 'Massachusetts', 'MA'], ['Seattle', 'Washington', 'WA'],
    ['Denver', 'Colorado', 'CO'], ['Atlanta', 'Georgia', 'GA'], ['Miami', 'Florida', 'FL'], ['Raleigh', 'North Carolina', 'NC'],
    ['Columbus', 'Ohio', 'OH'], ['Salt Lake City', 'Utah', 'UT'], ['Phoenix', 'Arizona', 'AZ'], ['Minneapolis', 'Minnesota', 'MN'],
  ],
  GB: [
    ['London', 'Greater London', 'LND'], ['Manchester', 'Greater Manchester', 'MAN'], ['Birmingham', 'West Midlands', 'BIR'],
    ['Leeds', 'West Yorkshire', 'LDS'], ['Edinburgh', 'Scotland', 'EDH'], ['Bristol', 'Bristol', 'BST'], ['Cambridge', 'Cambridgeshire', 'CAM'],
  ],
  DE: [
    ['Berlin', 'Berlin', 'BE'], ['München', 'Bayern', 'BY'], ['Hamburg', 'Hamburg', 'HH'], ['Frankfurt am Main', 'Hessen', 'HE'],
    ['Köln', 'Nordrhein-Westfalen', 'NW'], ['Stuttgart', 'Baden-Württemberg', 'BW'], ['Düsseldorf', 'Nordrhein-Westfalen', 'NW'], ['Leipzig', 'Sachsen', 'SN'],
  ],
  FR: [
    ['Paris', 'Île-de-France', 'IDF'], ['Lyon', 'Auvergne-Rhône-Alpes', 'ARA'], ['Marseille', "Provence-Alpes-Côte d'Azur", 'PAC'],
    ['Toulouse', 'Occitanie', 'OCC'], ['Nantes', 'Pays de la Loire', 'PDL'], ['Lille', 'Hauts-de-France', 'HDF'], ['Bordeaux', 'Nouvelle-Aquitaine', 'NAQ'],
  ],
  ES: [
    ['Madrid', 'Comunidad de Madrid', 'MD'], ['Barcelona', 'Cataluña', 'CT'], ['Valencia', 'Comunidad Valenciana', 'VC'],
    ['Sevilla', 'Andalucía', 'AN'], ['Bilbao', 'País Vasco', 'PV'], ['Málaga', 'Andalucía', 'AN'],
  ],
  BR: [
    ['São Paulo', 'São Paulo', 'SP'], ['Rio de Janeiro', 'Rio de Janeiro', 'RJ'], ['Belo Horizonte', 'Minas Gerais', 'MG'],
    ['Curitiba', 'Paraná', 'PR'], ['Porto Alegre', 'Rio Grande do Sul', 'RS'], ['Florianópolis', 'Santa Catarina', 'SC'], ['Recife', 'Pernambuco', 'PE'],
  ],
  JP: [
    ['Tokyo', 'Tokyo', '13'], ['Osaka', 'Osaka', '27'], ['Yokohama', 'Kanagawa', '14'], ['Nagoya', 'Aichi', '23'], ['Fukuoka', 'Fukuoka', '40'], ['Sapporo', 'Hokkaido', '01'],
  ],
  NL: [
    ['Amsterdam', 'Noord-Holland', 'NH'], ['Rotterdam', 'Zuid-Holland', 'ZH'], ['Utrecht', 'Utrecht', 'UT'], ['Eindhoven', 'Noord-Brabant', 'NB'],
    ['Den Haag', 'Zuid-Holland', 'ZH'], ['Groningen', 'Groningen', 'GR'],
  ],
  IT: [
    ['Milano', 'Lombardia', 'MI'], ['Roma', 'Lazio', 'RM'], ['Torino', 'Piemonte', 'TO'], ['Bologna', 'Emilia-Romagna', 'BO'],
    ['Firenze', 'Toscana', 'FI'], ['Napoli', 'Campania', 'NA'],
  ],
  SE: [
    ['Stockholm', 'Stockholms län', 'AB'], ['Göteborg', 'Västra Götalands län', 'O'], ['Malmö', 'Skåne län', 'M'], ['Uppsala', 'Uppsala län', 'C'], ['Linköping', 'Östergötlands län', 'E'],
  ],
  AU: [
    ['Sydney', 'New South Wales', 'NSW'], ['Melbourne', 'Victoria', 'VIC'], ['Brisbane', 'Queensland', 'QLD'], ['Perth', 'Western Australia', 'WA'],
    ['Adelaide', 'South Australia', 'SA'], ['Canberra', 'Australian Capital Territory', 'ACT'],
  ],
  IN: [
    ['Bengaluru', 'Karnataka', 'KA'], ['Mumbai', 'Maharashtra', 'MH'], ['Pune', 'Maharashtra', 'MH'], ['New Delhi', 'Delhi', 'DL'],
    ['Hyderabad', 'Telangana', 'TG'], ['Chennai', 'Tamil Nadu', 'TN'], ['Gurugram', 'Haryana', 'HR'], ['Noida', 'Uttar Pradesh', 'UP'],
  ],
};

/** Outside the US, Australia and India forms rarely ask for a region, so most stay empty. */
const STATE_SHARE: Record<CountryCode, number> = {
  US: 0.9, AU: 0.8, IN: 0.7, BR: 0.7, GB: 0.25, DE: 0.35, FR: 0.2, ES: 0.35, IT: 0.3, NL: 0.25, SE: 0.2, JP: 0.4,
};

export interface Location {
  city: string;
  state: string | null;
}

export function pickLocation(rng: Rng, country: CountryCode): Location {
  const [city, name, code] = rng.pick(PLACES[country]);
  if (!rng.chance(STATE_SHARE[country])) return { city, state: null };
  const r = rng.next();
  // Codes for the US/AU/BR where forms offer a drop-down of them; names elsewhere; a few lower-cased.
  const preferCode = country === 'US' || country === 'AU' || country === 'BR';
  let state = (preferCode ? r < 0.6 : r < 0.15) ? code : name;
  if (rng.chance(0.05)) state = state.toLowerCase();
  return { city, state };
}

export function pickCity(rng: Rng, country: CountryCode): string {
  return rng.pick(PLACES[country])[0];
}
