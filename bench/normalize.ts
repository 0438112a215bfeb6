/**
 * Throughput of the normalize stage on messy, mostly unique contacts. Run:
 *   npx tsx bench/normalize.ts            (CONTACTS=200000 to change the count)
 * Prints JSON with contacts per wall-clock and per CPU second (best of a few rounds, after a warm-up).
 */
import { performance } from 'node:perf_hooks';
import type { RawContact } from '../src/domain/types.js';
import { normalizeContact } from '../src/core/normalize/contact.js';

const CONTACTS = Number(process.env['CONTACTS'] ?? 50_000);
const ROUNDS = 3;

const FIRST = ['  john ', 'MARY-KATE', "o'neil", 'Jean-Luc', 'ANH', 'maría josé', 'deMarco', 'J.R.R.', 'ludwig', 'Priya'];
const LAST = ['MCDONALD', "o'brien", 'van der rohe', 'Smith-Jones', 'le', 'GARCÍA', 'Müller', 'smith iii', 'al-rashid', 'Nguyen'];
const DOMAINS = ['gmail.com', 'acme.co.uk', 'Example.COM', 'mailinator.com', 'web.de', 'globex.io', 'initech.com', 'yahoo.fr'];
const COUNTRIES = ['US', 'U.S.A.', 'united states', 'Deutschland', 'Germany', 'DE', 'France', 'UK', 'England', 'Holland', 'España', 'Canada', '', 'Brasil', 'IND'];
const STATES = ['California', 'calif.', 'NY', 'Bayern', 'Ontario', 'Texas', '', 'Île-de-France', 'Bavaria', 'Quebec'];
const TITLES = ['CEO', 'VP Sales', 'Head of Marketing', 'Software Engineer', 'Geschäftsführer', 'Directeur Commercial', 'Marketing Manager', 'Team Lead, Engineering', 'Product Owner', '', 'Gerente de Ventas', 'Account Executive', 'IT Director', 'Co-Founder & CTO', 'Vertriebsleiter'];
const COMPANIES = ['  Acme   Inc. ', 'Globex , Corp', 'Initech GmbH&Co.KG', 'n/a', 'Foo S. A.', 'Umbrella Ltd', '"Hooli"', 'Stark Industries.'];
const WEBSITES = ['https://www.acme.co.uk/about', 'acme.com', 'WWW.GLOBEX.IO ', '', '192.168.0.1', 'linkedin.com/company/x', 'http://initech.com/'];
const EMPLOYEES = ['51-200', '1,000', '1000+', '10', '', '5-25', '10k'];

const pick = <T>(list: readonly T[], i: number): T => list[i % list.length] as T;

/** Phone formats by country, each with a per-contact number so parses are not repeated. */
function phone(i: number): string | null {
  const n = String(1000 + (i % 9000));
  switch (i % 8) {
    case 0: return `(415) 555-${n}`;
    case 1: return `+44 20 7946 ${n}`;
    case 2: return `030 123${n}`;
    case 3: return `06 12 34 ${n.slice(0, 2)} ${n.slice(2)}`;
    case 4: return `415.555.${n} x12`;
    case 5: return 'not a phone';
    case 6: return null;
    default: return `+1 212-555-${n}`;
  }
}

function contact(i: number): RawContact {
  const id = String(100_000 + i);
  const first = pick(FIRST, i);
  return {
    id,
    properties: {
      email: i % 11 === 0 ? 'not-an-email' : ` ${first.trim()}.${i}@${pick(DOMAINS, i * 7)} `,
      phone: phone(i),
      mobilephone: i % 5 === 0 ? `+49 170 ${1_000_000 + i}` : null,
      firstname: first,
      lastname: pick(LAST, i * 3),
      company: pick(COMPANIES, i * 5),
      website: pick(WEBSITES, i),
      jobtitle: pick(TITLES, i * 13),
      country: pick(COUNTRIES, i),
      state: pick(STATES, i * 3),
      city: '  San   Francisco ',
      industry: 'COMPUTER_SOFTWARE',
      numemployees: pick(EMPLOYEES, i),
      lifecyclestage: 'MarketingQualifiedLead',
      hs_analytics_source: 'ORGANIC_SEARCH',
      hubspot_owner_id: String(i % 40),
      num_conversion_events: String(i % 6),
      recent_conversion_date: i % 2 === 0 ? String(1_714_557_600_000 + i) : '2024-05-01T10:00:00Z',
      recent_conversion_event_name: 'Demo request',
      hs_merged_object_ids: i % 9 === 0 ? `${id};${i + 7};${i + 9}` : null,
    },
    createdAt: '2024-01-01T00:00:00.000Z',
    updatedAt: '2024-05-01T00:00:00.000Z',
    archived: false,
  };
}

const input = Array.from({ length: CONTACTS }, (_, i) => contact(i));
let bestWallMs = Infinity;
let bestCpuMs = Infinity;
let sink = 0;
for (let round = 0; round <= ROUNDS; round++) {
  const cpu = process.cpuUsage();
  const start = performance.now();
  for (const raw of input) sink += normalizeContact(raw).mergedIds.length;
  const wallMs = performance.now() - start;
  const used = process.cpuUsage(cpu);
  // Round 0 warms up the JIT and the lookup tables and is not counted.
  if (round === 0) continue;
  bestWallMs = Math.min(bestWallMs, wallMs);
  bestCpuMs = Math.min(bestCpuMs, (used.user + used.system) / 1000);
}
// CPU time is the figure that holds when other processes share the cores; wall time equals it when idle.
console.log(
  JSON.stringify({
    contacts: CONTACTS,
    contactsPerSecond: Math.round(CONTACTS / (bestWallMs / 1000)),
    contactsPerCpuSecond: Math.round(CONTACTS / (bestCpuMs / 1000)),
    bestWallMs: Math.round(bestWallMs),
    bestCpuMs: Math.round(bestCpuMs),
    sink,
  }),
);
