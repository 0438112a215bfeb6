import { Faker, base, de, en, en_AU, en_GB, en_IN, es, fr, it, ja, nl, pt_BR, sv } from '@faker-js/faker';
import type { LocaleDefinition } from '@faker-js/faker';
import { hashSeed } from './random.js';
import type { Weighted } from './random.js';

export type LocaleKey = 'en_US' | 'en_GB' | 'de' | 'fr' | 'es' | 'pt_BR' | 'ja' | 'nl' | 'it' | 'sv' | 'en_AU' | 'en_IN';
export type CountryCode = 'US' | 'GB' | 'DE' | 'FR' | 'ES' | 'BR' | 'JP' | 'NL' | 'IT' | 'SE' | 'AU' | 'IN';

export interface LocaleSpec {
  key: LocaleKey;
  country: CountryCode;
  /** Relative share of contacts: a US-headquartered SaaS vendor with a European and APAC footprint. */
  weight: number;
  definitions: LocaleDefinition[];
  /** How people actually type the country into a form. */
  countryNames: Weighted<string>;
  /** Business domain endings for companies based there. */
  tlds: Weighted<string>;
  /** Local free-mail providers, on top of the global ones. */
  freeMail: readonly string[];
}

const chain = (...own: LocaleDefinition[]): LocaleDefinition[] => [...own, en, base];

export const LOCALES: readonly LocaleSpec[] = [
  {
    key: 'en_US', country: 'US', weight: 34, definitions: chain(),
    countryNames: [['United States', 40], ['USA', 25], ['US', 10], ['U.S.', 6], ['United States of America', 8], ['usa', 4], ['U.S.A.', 3], ['united states', 4]],
    tlds: [['.com', 90], ['.io', 6], ['.us', 2], ['.net', 2]],
    freeMail: ['comcast.net', 'ymail.com', 'me.com'],
  },
  {
    key: 'en_GB', country: 'GB', weight: 10, definitions: chain(en_GB),
    countryNames: [['United Kingdom', 45], ['UK', 25], ['GB', 6], ['Great Britain', 6], ['England', 10], ['U.K.', 4], ['united kingdom', 4]],
    tlds: [['.co.uk', 65], ['.com', 30], ['.uk', 5]],
    freeMail: ['yahoo.co.uk', 'hotmail.co.uk', 'btinternet.com', 'live.co.uk', 'googlemail.com'],
  },
  {
    key: 'de', country: 'DE', weight: 10, definitions: chain(de),
    countryNames: [['Germany', 40], ['Deutschland', 35], ['DE', 10], ['germany', 5], ['GERMANY', 3], ['Bundesrepublik Deutschland', 2], ['Deutschland ', 5]],
    tlds: [['.de', 80], ['.com', 18], ['.eu', 2]],
    freeMail: ['gmx.de', 'web.de', 't-online.de', 'gmx.net', 'googlemail.com'],
  },
  {
    key: 'fr', country: 'FR', weight: 7, definitions: chain(fr),
    countryNames: [['France', 80], ['FR', 12], ['france', 6], ['République française', 2]],
    tlds: [['.fr', 75], ['.com', 25]],
    freeMail: ['orange.fr', 'free.fr', 'laposte.net', 'wanadoo.fr', 'hotmail.fr', 'sfr.fr', 'yahoo.fr'],
  },
  {
    key: 'es', country: 'ES', weight: 5, definitions: chain(es),
    countryNames: [['Spain', 45], ['España', 35], ['ES', 10], ['Espana', 6], ['spain', 4]],
    tlds: [['.es', 70], ['.com', 30]],
    freeMail: ['hotmail.es', 'yahoo.es', 'terra.es'],
  },
  {
    key: 'pt_BR', country: 'BR', weight: 5, definitions: chain(pt_BR),
    countryNames: [['Brazil', 45], ['Brasil', 40], ['BR', 10], ['brasil', 5]],
    tlds: [['.com.br', 80], ['.com', 20]],
    freeMail: ['uol.com.br', 'bol.com.br', 'terra.com.br', 'yahoo.com.br', 'ig.com.br'],
  },
  {
    key: 'ja', country: 'JP', weight: 4, definitions: chain(ja),
    countryNames: [['Japan', 60], ['日本', 25], ['JP', 10], ['japan', 5]],
    tlds: [['.co.jp', 70], ['.jp', 15], ['.com', 15]],
    freeMail: ['yahoo.co.jp', 'docomo.ne.jp', 'ezweb.ne.jp', 'softbank.ne.jp'],
  },
  {
    key: 'nl', country: 'NL', weight: 4, definitions: chain(nl),
    countryNames: [['Netherlands', 40], ['The Netherlands', 20], ['Nederland', 25], ['Holland', 8], ['NL', 7]],
    tlds: [['.nl', 80], ['.com', 20]],
    freeMail: ['kpnmail.nl', 'hotmail.nl', 'planet.nl', 'home.nl'],
  },
  {
    key: 'it', country: 'IT', weight: 4, definitions: chain(it),
    countryNames: [['Italy', 50], ['Italia', 40], ['IT', 10]],
    tlds: [['.it', 80], ['.com', 20]],
    freeMail: ['libero.it', 'virgilio.it', 'alice.it', 'tiscali.it', 'hotmail.it'],
  },
  {
    key: 'sv', country: 'SE', weight: 3, definitions: chain(sv),
    countryNames: [['Sweden', 55], ['Sverige', 35], ['SE', 10]],
    tlds: [['.se', 85], ['.com', 15]],
    freeMail: ['spray.se'],
  },
  {
    key: 'en_AU', country: 'AU', weight: 4, definitions: chain(en_AU),
    countryNames: [['Australia', 80], ['AU', 12], ['Aus', 4], ['australia', 4]],
    tlds: [['.com.au', 75], ['.com', 25]],
    freeMail: ['bigpond.com', 'optusnet.com.au', 'tpg.com.au'],
  },
  {
    key: 'en_IN', country: 'IN', weight: 6, definitions: chain(en_IN),
    countryNames: [['India', 85], ['IN', 10], ['india', 5]],
    tlds: [['.com', 50], ['.in', 25], ['.co.in', 25]],
    freeMail: ['rediffmail.com', 'yahoo.co.in'],
  },
];

export const GLOBAL_FREE_MAIL: Weighted<string> = [
  ['gmail.com', 55], ['yahoo.com', 12], ['hotmail.com', 10], ['outlook.com', 9], ['icloud.com', 5], ['aol.com', 3], ['protonmail.com', 2], ['live.com', 4],
];

/** Throwaway inboxes people use to get past a gated download. */
export const DISPOSABLE_MAIL: readonly string[] = [
  'mailinator.com', '10minutemail.com', 'guerrillamail.com', 'yopmail.com', 'trashmail.com', 'sharklasers.com', 'temp-mail.org', 'maildrop.cc',
];

export const LOCALE_WEIGHTS: Weighted<LocaleSpec> = LOCALES.map((l) => [l, l.weight] as const);

/** One seeded Faker per locale, created on first use; each seed depends only on the dataset seed and the locale. */
export class FakerPool {
  private readonly fakers = new Map<LocaleKey, Faker>();

  constructor(private readonly seed: number) {}

  get(locale: LocaleSpec): Faker {
    let faker = this.fakers.get(locale.key);
    if (!faker) {
      faker = new Faker({ locale: locale.definitions });
      faker.seed(hashSeed(this.seed, `faker:${locale.key}`));
      this.fakers.set(locale.key, faker);
    }
    return faker;
  }
}

export function localeByKey(key: LocaleKey): LocaleSpec {
  const found = LOCALES.find((l) => l.key === key);
  if (!found) throw new Error(`unknown locale ${key}`);
  return found;
}
