import type { ReservedOwner } from '../../../domain/claims.js';
import type { ClaimsTx } from '../backend.js';
import type { SqlConn } from './conn.js';
import { iso, num, str, strOrNull } from './values.js';
import { Params } from './where.js';

/** The claims and budget SQL both dialects share (ports/claims.ts, ports/budget.ts). */
export function claimsSql(conn: SqlConn): ClaimsTx {
  const p = (): Params => new Params(conn.style);
  const pg = conn.style === 'postgres';
  /** A one-column table `ids(id)` of the bound text list. */
  const idList = (q: Params, ids: readonly string[]): string =>
    pg ? `(SELECT unnest(${q.add(ids)}::text[]) AS id) AS ids` : `(SELECT value AS id FROM json_each(${q.add(JSON.stringify(ids))})) AS ids`;
  const inList = (q: Params, column: string, ids: readonly string[]): string => q.in(column, ids, 'text');
  /** The claim row's lease still holds it: same token, held, unexpired. */
  const leaseLive = (row: string, now: string): string =>
    `EXISTS (SELECT 1 FROM locks l WHERE l.name = ${row}.job AND l.token = ${row}.token AND l.holder_id IS NOT NULL AND l.expires_at > ${now})`;

  return {
    async claimContacts(job, token, ids, now, expiresAt) {
      const q = p();
      const [j, t, n, e] = [q.add(job), q.add(token), q.add(now), q.add(expiresAt)];
      // SQLite needs a WHERE on INSERT … SELECT before ON CONFLICT (a parsing ambiguity); it changes nothing.
      const rows = await conn.query(
        `INSERT INTO claims (hubspot_id, job, token, claimed_at, expires_at)
         SELECT ids.id, ${j}, ${t}, ${n}, ${e} FROM ${idList(q, ids)} WHERE true
         ON CONFLICT (hubspot_id) DO UPDATE SET job = excluded.job, token = excluded.token,
           claimed_at = excluded.claimed_at, expires_at = excluded.expires_at
         WHERE (claims.job = excluded.job AND claims.token <= excluded.token)
            OR claims.expires_at <= excluded.claimed_at
            OR NOT ${leaseLive('claims', 'excluded.claimed_at')}
         RETURNING hubspot_id, owner_id, owner_team`,
        q.values,
      );
      return rows.map((r) => ({ hubspotId: str(r.hubspot_id), owner: ownerOf(r) }));
    },
    async heldClaims(job, token, ids, now) {
      const q = p();
      const [j, t, n] = [q.add(job), q.add(token), q.add(now)];
      const rows = await conn.query(
        `SELECT hubspot_id, job, expires_at FROM claims
         WHERE ${inList(q, 'hubspot_id', ids)} AND NOT (job = ${j} AND token = ${t})
           AND expires_at > ${n} AND ${leaseLive('claims', n)}
         ORDER BY hubspot_id`,
        q.values,
      );
      return rows.map((r) => ({ hubspotId: str(r.hubspot_id), job: str(r.job), expiresAt: iso(r.expires_at as string) }));
    },
    async endClaims(job, token, ids) {
      const q = p();
      return conn.exec(`DELETE FROM claims WHERE job = ${q.add(job)} AND token = ${q.add(token)} AND ${inList(q, 'hubspot_id', ids)}`, q.values);
    },
    async abandonClaims(job, token, ids, now) {
      // Rows without a reserved owner go; the others stay, expired, so the owner is reused.
      const d = p();
      const gone = await conn.exec(
        `DELETE FROM claims WHERE owner_id IS NULL AND job = ${d.add(job)} AND token = ${d.add(token)} AND ${inList(d, 'hubspot_id', ids)}`,
        d.values,
      );
      const q = p();
      const n = q.add(now);
      const kept = await conn.exec(
        `UPDATE claims SET expires_at = ${n} WHERE job = ${q.add(job)} AND token = ${q.add(token)} AND ${inList(q, 'hubspot_id', ids)}`,
        q.values,
      );
      return gone + kept;
    },
    async recordOwners(job, token, owners) {
      if (owners.length === 0) return 0;
      const q = p();
      const doc = JSON.stringify(owners.map(([id, o]) => ({ id, owner_id: o.ownerId, team: o.team })));
      const source = pg
        ? `jsonb_to_recordset(${q.add(doc)}::jsonb) AS o(id text, owner_id text, team text)`
        : `(SELECT json_extract(value, '$.id') AS id, json_extract(value, '$.owner_id') AS owner_id, json_extract(value, '$.team') AS team FROM json_each(${q.add(doc)})) AS o`;
      return conn.exec(
        `UPDATE claims SET owner_id = o.owner_id, owner_team = o.team FROM ${source}
         WHERE claims.hubspot_id = o.id AND claims.job = ${q.add(job)} AND claims.token = ${q.add(token)}`,
        q.values,
      );
    },
    async lockPointers() {
      if (pg) await conn.exec('LOCK TABLE rr_pointers IN SHARE ROW EXCLUSIVE MODE');
    },
    async listClaims(query) {
      const q = p();
      const where = query.job === undefined ? '' : `WHERE job = ${q.add(query.job)}`;
      const lim = query.limit === undefined ? '' : `LIMIT ${q.add(query.limit)}`;
      const rows = await conn.query(`SELECT * FROM claims ${where} ORDER BY hubspot_id ${lim}`, q.values);
      return rows.map((r) => ({
        hubspotId: str(r.hubspot_id),
        job: str(r.job),
        token: num(r.token),
        claimedAt: iso(r.claimed_at as string),
        expiresAt: iso(r.expires_at as string),
        owner: ownerOf(r),
      }));
    },

    async budgetUsage(budget, fromSlot) {
      const q = p();
      const rows = await conn.query(
        `SELECT lane, SUM(calls) AS calls, MIN(slot) AS oldest FROM budget_calls WHERE budget = ${q.add(budget)} AND slot >= ${q.add(fromSlot)} GROUP BY lane`,
        q.values,
      );
      const out = { live: 0, backfill: 0, oldestSlot: null as number | null };
      for (const r of rows) {
        const lane = str(r.lane);
        if (lane === 'live' || lane === 'backfill') out[lane] = num(r.calls);
        const oldest = num(r.oldest);
        out.oldestSlot = out.oldestSlot === null ? oldest : Math.min(out.oldestSlot, oldest);
      }
      return out;
    },
    async addBudgetCall(budget, slot, lane, keepFromSlot) {
      const q = p();
      const [b, s, l] = [q.add(budget), q.add(slot), q.add(lane)];
      await conn.exec(
        `INSERT INTO budget_calls (budget, slot, lane, calls) VALUES (${b}, ${s}, ${l}, 1)
         ON CONFLICT (budget, slot, lane) DO UPDATE SET calls = budget_calls.calls + 1`,
        q.values,
      );
      const d = p();
      await conn.exec(`DELETE FROM budget_calls WHERE budget = ${d.add(budget)} AND slot < ${d.add(keepFromSlot)}`, d.values);
    },
    async lockBudget() {
      if (pg) await conn.exec('LOCK TABLE budget_calls IN SHARE ROW EXCLUSIVE MODE');
    },
  };
}

function ownerOf(r: Record<string, unknown>): ReservedOwner | null {
  const id = strOrNull(r.owner_id);
  return id === null ? null : { ownerId: id, team: strOrNull(r.owner_team) };
}
