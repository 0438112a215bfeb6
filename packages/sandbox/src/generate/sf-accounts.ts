import type { Company } from './companies.js';
import { messyWebsite } from './companies.js';
import { pickCity } from './geo.js';
import type { Rep } from './owners.js';
import type { Rng } from './random.js';
import type { SalesforceIds } from './salesforce-id.js';
import { between, daysAgo, iso } from './time.js';

export type SfRecord = Record<string, unknown>;

/** Salesforce Accounts keyed by company; created on demand so Contacts and converted Leads can point at them. */
export class AccountBook {
  readonly records: SfRecord[] = [];
  private readonly byCompany = new Map<Company, SfRecord>();

  constructor(
    private readonly rng: Rng,
    private readonly ids: SalesforceIds,
    private readonly reps: readonly Rep[],
    private readonly nowMs: number,
  ) {}

  /** Account owners are mostly active reps; a few accounts still sit with the rep who left. */
  pickOwner(): string {
    const active = this.reps.filter((r) => r.active);
    const departed = this.reps.find((r) => !r.active);
    if (departed && this.rng.chance(0.08)) return departed.userId;
    return this.rng.weighted(active.map((r) => [r.userId, r.weight] as const));
  }

  get(company: Company): SfRecord {
    const existing = this.byCompany.get(company);
    if (existing) return existing;
    const record = this.create(company, company.name);
    this.byCompany.set(company, record);
    // Some orgs hold two accounts for one domain (a subsidiary, an old import), which makes domain routing ambiguous.
    if (this.rng.chance(0.03)) this.create(company, `${company.name.replace(/\s+\S*$/, '') || company.name} (${this.rng.pick(['EMEA', 'US', 'old', 'Holding'])})`);
    return record;
  }

  has(company: Company): boolean {
    return this.byCompany.has(company);
  }

  private create(company: Company, name: string): SfRecord {
    const { rng } = this;
    const created = daysAgo(rng, this.nowMs, 30, 1400);
    const record: SfRecord = {
      Id: this.ids.next('001'),
      Name: name,
      Website: messyWebsite(rng, company.domain, 'account'),
      OwnerId: this.pickOwner(),
      Industry: rng.chance(0.8) ? company.sfIndustry : null,
      NumberOfEmployees: rng.chance(0.7) ? company.employees : null,
      BillingCountry: rng.chance(0.9) ? rng.weighted(company.locale.countryNames).trim() : null,
      BillingCity: rng.chance(0.8) ? pickCity(rng, company.locale.country) : null,
      CreatedDate: iso(created),
      LastModifiedDate: iso(between(rng, created, this.nowMs)),
    };
    this.records.push(record);
    return record;
  }
}
