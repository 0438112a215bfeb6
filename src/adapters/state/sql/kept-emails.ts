import type { KeptEmailsTx } from '../backend.js';
import type { SqlConn } from './conn.js';
import { Params } from './where.js';

export function keptEmailsSql(conn: SqlConn): KeptEmailsTx {
  return {
    async keptForEmails(hashes) {
      const out = new Map<string, string>();
      for (let i = 0; i < hashes.length; i += 1000) {
        const q = new Params(conn.style);
        const rows = await conn.query(`SELECT hash, hubspot_id FROM kept_emails WHERE ${q.in('hash', hashes.slice(i, i + 1000), 'text')}`, q.values);
        for (const r of rows) out.set(String(r.hash), String(r.hubspot_id));
      }
      return out;
    },
    async addKeptEmails(rows) {
      if (rows.length === 0) return;
      const q = new Params(conn.style);
      const from =
        conn.style === 'postgres'
          ? `SELECT h, id FROM unnest(${q.add(rows.map((r) => r.hash))}::text[], ${q.add(rows.map((r) => r.hubspotId))}::text[]) AS t(h, id)`
          : `SELECT json_extract(value, '$[0]'), json_extract(value, '$[1]') FROM json_each(${q.add(JSON.stringify(rows.map((r) => [r.hash, r.hubspotId])))}) WHERE true`;
      await conn.exec(`INSERT INTO kept_emails (hash, hubspot_id) ${from} ON CONFLICT (hash) DO NOTHING`, q.values);
    },
    async clearKeptEmails() {
      await conn.exec('DELETE FROM kept_emails');
    },
  };
}
