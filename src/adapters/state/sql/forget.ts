import type { StateTx } from '../backend.js';
import type { SqlConn } from './conn.js';
import { jsonText } from './values.js';
import { Params } from './where.js';

/**
 * The decision fields that, put together, can single a person out (their job title, employer, city,
 * the domain of their address); a forgotten contact's decision keeps its outcome, scores and the
 * flags, and loses these.
 */
export const IDENTIFYING_DECISION_FIELDS: readonly string[] = ['title', 'company', 'companyDomain', 'city', 'email.domain'];

/** The ledger detail keys that may quote a value from the record (a fix's note about the value it dropped). */
const FREE_TEXT_DETAIL_KEYS: readonly string[] = ['detail'];

function withoutFreeText(detail: unknown): unknown {
  if (detail === null || typeof detail !== 'object' || Array.isArray(detail)) return detail;
  const kept = Object.entries(detail as Record<string, unknown>).filter(([k]) => !FREE_TEXT_DETAIL_KEYS.includes(k));
  return Object.fromEntries(kept);
}

function hasFreeText(detail: unknown): boolean {
  return detail !== null && typeof detail === 'object' && FREE_TEXT_DETAIL_KEYS.some((k) => k in (detail as Record<string, unknown>));
}

/**
 * Erasure in SQL both dialects run. Email matching is a case-insensitive substring test over the
 * column's text (a JSON document's text for payloads and details), so a dead letter whose contact
 * had no id, keyed only by what its payload says, is found by its address.
 */
export function forgetSql(conn: SqlConn): Pick<StateTx, 'forgetContacts' | 'contactsWithPersonalData'> {
  const asText = (col: string): string => (conn.style === 'postgres' ? `${col}::text` : col);
  const contains = (q: Params, col: string, needle: string): string =>
    conn.style === 'postgres' ? `strpos(lower(${asText(col)}), ${q.add(needle)}) > 0` : `instr(lower(${col}), ${q.add(needle)}) > 0`;
  /** `idCol IN ids OR any column mentions any email`, or FALSE when there is nothing to look for. */
  const target = (q: Params, idCol: string, ids: readonly string[], emails: readonly string[], cols: readonly string[]): string => {
    const parts = ids.length > 0 ? [q.in(idCol, ids, 'text')] : [];
    for (const e of emails) for (const c of cols) parts.push(contains(q, c, e));
    return parts.length === 0 ? '1 = 0' : `(${parts.join(' OR ')})`;
  };

  return {
    async forgetContacts(ids, emails) {
      const dl = new Params(conn.style);
      const deadLetters = await conn.exec(
        `UPDATE dead_letters SET message = '', payload = NULL
         WHERE (message <> '' OR payload IS NOT NULL) AND ${target(dl, 'hubspot_id', ids, emails, ['payload', 'message'])}`,
        dl.values,
      );

      const lq = new Params(conn.style);
      const rows = await conn.query(
        `SELECT seq, error_message, detail FROM ledger WHERE ${target(lq, 'hubspot_id', ids, emails, ['error_message', 'detail'])}`,
        lq.values,
      );
      let ledger = 0;
      for (const row of rows) {
        const detail = conn.json(row.detail);
        if (row.error_message === null && !hasFreeText(detail)) continue;
        const u = new Params(conn.style);
        ledger += await conn.exec(
          `UPDATE ledger SET error_message = NULL, detail = ${u.add(jsonText(withoutFreeText(detail)))} WHERE seq = ${u.add(row.seq)}`,
          u.values,
        );
      }

      const aq = new Params(conn.style);
      const activities = await conn.exec(
        `UPDATE activities SET title = NULL WHERE title IS NOT NULL AND ${target(aq, 'contact_id', ids, emails, ['title'])}`,
        aq.values,
      );

      let decisions = 0;
      if (ids.length > 0) {
        const dq = new Params(conn.style);
        const found = await conn.query(`SELECT hubspot_id, fields FROM decisions WHERE ${dq.in('hubspot_id', ids, 'text')}`, dq.values);
        for (const row of found) {
          const fields = (conn.json(row.fields) ?? {}) as Record<string, unknown>;
          if (!IDENTIFYING_DECISION_FIELDS.some((f) => fields[f] !== undefined && fields[f] !== null)) continue;
          const blanked = { ...fields, ...Object.fromEntries(IDENTIFYING_DECISION_FIELDS.filter((f) => f in fields).map((f) => [f, null])) };
          const u = new Params(conn.style);
          decisions += await conn.exec(`UPDATE decisions SET fields = ${u.add(jsonText(blanked))} WHERE hubspot_id = ${u.add(row.hubspot_id)}`, u.values);
        }
      }
      return { deadLetters, ledger, activities, decisions };
    },

    async contactsWithPersonalData() {
      const rows = await conn.query(
        `SELECT hubspot_id AS id FROM dead_letters WHERE message <> '' OR payload IS NOT NULL
         UNION SELECT hubspot_id AS id FROM ledger
           WHERE hubspot_id IS NOT NULL AND (error_message IS NOT NULL OR (action = 'fix' AND ${asText('detail')} LIKE '%"detail"%'))
         UNION SELECT contact_id AS id FROM activities WHERE title IS NOT NULL
         ORDER BY id`,
      );
      return rows.map((r) => String(r.id)).filter((id) => /^\d+$/.test(id));
    },
  };
}
