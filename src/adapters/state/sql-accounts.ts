import type { AccountIndexRow, StoredAccountRow } from '../../domain/salesforce.js';
import type { AccountIndexStore } from '../../ports/account-index.js';
import type { WriteOptions } from '../../domain/state.js';
import { iso } from './sql/values.js';
import type { TxRunner } from './sql-claims.js';

/** Large lists in parts that each stay one statement. */
const PART = 1000;

export class SqlAccountIndex implements AccountIndexStore {
  constructor(private readonly tx: TxRunner) {}

  since(): Promise<string | null> {
    return this.tx.read((tx) => tx.accountIndexSince());
  }

  apply(rows: readonly AccountIndexRow[], opts?: WriteOptions): Promise<void> {
    // The newest read of each Account in the call, so one statement never meets a key twice.
    const newest = new Map<string, AccountIndexRow>();
    for (const r of rows) {
      const row = { accountId: String(r.accountId), domain: r.domain, ownerId: r.ownerId, modstamp: iso(r.modstamp) };
      const held = newest.get(row.accountId);
      if (!held || held.modstamp <= row.modstamp) newest.set(row.accountId, row);
    }
    const list = [...newest.values()];
    if (list.length === 0) return Promise.resolve();
    return this.tx.write(opts, async (tx) => {
      for (let i = 0; i < list.length; i += PART) await tx.applyAccountReads(list.slice(i, i + PART));
    });
  }

  async onDomains(domains: readonly string[]): Promise<StoredAccountRow[]> {
    const wanted = [...new Set(domains)];
    const out: StoredAccountRow[] = [];
    for (let i = 0; i < wanted.length; i += PART) out.push(...(await this.tx.read((tx) => tx.accountsOnDomains(wanted.slice(i, i + PART)))));
    return out;
  }
}
