import type { PendingTx } from '../backend.js';
import type { SqlConn } from './conn.js';
import { Params } from './where.js';

/** Ids in the C collation on both stores: byte order, whatever the database's locale. */
function ordered(conn: SqlConn): string {
  return conn.style === 'postgres' ? 'contact_id COLLATE "C"' : 'contact_id';
}

export function pendingSql(conn: SqlConn): PendingTx {
  return {
    async addPending(ids) {
      for (let i = 0; i < ids.length; i += 1000) {
        const q = new Params(conn.style);
        const part = ids.slice(i, i + 1000);
        const from = conn.style === 'postgres' ? `SELECT id FROM unnest(${q.add(part)}::text[]) AS t(id)` : `SELECT value FROM json_each(${q.add(JSON.stringify(part))}) WHERE true`;
        await conn.exec(`INSERT INTO pending_contacts (contact_id) ${from} ON CONFLICT (contact_id) DO NOTHING`, q.values);
      }
    },
    async pendingAfter(after, limit) {
      const q = new Params(conn.style);
      const where = after === undefined ? '' : `WHERE ${ordered(conn)} > ${q.add(after)}`;
      const rows = await conn.query(`SELECT contact_id FROM pending_contacts ${where} ORDER BY ${ordered(conn)} LIMIT ${q.add(limit)}`, q.values);
      return rows.map((r) => String(r.contact_id));
    },
    async deletePending(ids) {
      for (let i = 0; i < ids.length; i += 1000) {
        const q = new Params(conn.style);
        await conn.exec(`DELETE FROM pending_contacts WHERE ${q.in('contact_id', ids.slice(i, i + 1000), 'text')}`, q.values);
      }
    },
  };
}
