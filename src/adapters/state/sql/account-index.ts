import type { StoredAccountRow } from '../../../domain/salesforce.js';
import type { AccountIndexTx } from '../backend.js';
import type { SqlConn } from './conn.js';
import { str, strOrNull } from './values.js';
import { Params } from './where.js';

/** The Account index's SQL (migration 11; ports/account-index.ts), the same in both dialects. */
export function accountIndexSql(conn: SqlConn): AccountIndexTx {
  const pg = conn.style === 'postgres';
  return {
    async accountIndexSince() {
      const rows = await conn.query('SELECT MAX(modstamp) AS since FROM account_index');
      return strOrNull(rows[0]?.since);
    },
    async applyAccountReads(rows) {
      if (rows.length === 0) return;
      const q = new Params(conn.style);
      const doc = JSON.stringify(rows.map((r) => ({ id: r.accountId, domain: r.domain, owner: r.ownerId, at: r.modstamp })));
      const source = pg
        ? `SELECT id, domain, owner, at FROM jsonb_to_recordset(${q.add(doc)}::jsonb) AS r(id text, domain text, owner text, at text)`
        : `SELECT json_extract(value, '$.id') AS id, json_extract(value, '$.domain') AS domain, json_extract(value, '$.owner') AS owner, json_extract(value, '$.at') AS at FROM json_each(${q.add(doc)})`;
      const same = pg ? 'account_index.domain IS NOT DISTINCT FROM excluded.domain' : 'account_index.domain IS excluded.domain';
      // Compare-and-set per Account in one statement: a read older than the stored one changes
      // nothing, so jobs refreshing at once can only move a row forward.
      await conn.exec(
        `INSERT INTO account_index (account_id, domain, owner_id, modstamp, domain_since) SELECT s.id, s.domain, s.owner, s.at, s.at FROM (${source}) AS s WHERE true
         ON CONFLICT (account_id) DO UPDATE SET domain = excluded.domain, owner_id = excluded.owner_id, modstamp = excluded.modstamp,
           domain_since = CASE WHEN ${same} THEN account_index.domain_since ELSE excluded.domain_since END
         WHERE excluded.modstamp >= account_index.modstamp`,
        q.values,
      );
    },
    async accountsOnDomains(domains) {
      const q = new Params(conn.style);
      const rows = await conn.query(`SELECT * FROM account_index WHERE ${q.in('domain', domains, 'text')}`, q.values);
      return rows.map(
        (r): StoredAccountRow => ({
          accountId: str(r.account_id),
          domain: strOrNull(r.domain),
          ownerId: strOrNull(r.owner_id),
          modstamp: str(r.modstamp),
          domainSince: str(r.domain_since),
        }),
      );
    },
  };
}
