import { checksumSuffix } from '../salesforce/ids.js';

const BASE62 = '0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz';
/**
 * The "instance" characters of generated ids. They differ from the ones the Salesforce sandbox uses for ids
 * it mints itself, so records created during a test can never collide with records from a dataset.
 */
const POD = '4Gn';

/**
 * A valid 18-char Salesforce id: key prefix (00Q Lead, 003 Contact, 001 Account, 005 User, …), three pod
 * characters, `n` in base 62 over nine characters, then the case-safe checksum suffix.
 */
export function salesforceId(prefix: string, n: number): string {
  if (!/^[a-zA-Z0-9]{3}$/.test(prefix)) throw new Error(`salesforceId: bad key prefix '${prefix}'`);
  if (!Number.isSafeInteger(n) || n < 0) throw new Error(`salesforceId: sequence must be a non-negative safe integer, got ${n}`);
  let rest = n;
  let body = '';
  while (rest > 0) {
    body = BASE62.charAt(rest % 62) + body;
    rest = Math.floor(rest / 62);
  }
  if (body.length > 9) throw new Error(`salesforceId: sequence ${n} does not fit in nine base-62 digits`);
  const id15 = prefix + POD + body.padStart(9, '0');
  return id15 + checksumSuffix(id15);
}

/** Hands out ids per key prefix, starting from a seed-derived offset so different seeds give different ids. */
export class SalesforceIds {
  private readonly counters = new Map<string, number>();

  constructor(private readonly base: number) {}

  next(prefix: string): string {
    const n = (this.counters.get(prefix) ?? 0) + 1;
    this.counters.set(prefix, n);
    return salesforceId(prefix, this.base + n);
  }
}
