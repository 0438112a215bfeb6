import type { BudgetDailyTx, DailyRow } from '../backend.js';
import type { SqlConn } from './conn.js';
import { isoOrNull, num } from './values.js';
import { Params } from './where.js';

/** The daily allowances' SQL (migration 11; ports/budget.ts), the same in both dialects. */
export function budgetDailySql(conn: SqlConn): BudgetDailyTx {
  const pg = conn.style === 'postgres';
  const nullableNum = (v: unknown): number | null => (v === null || v === undefined ? null : num(v));
  return {
    async lockDaily(budget) {
      const ins = new Params(conn.style);
      await conn.exec(`INSERT INTO budget_daily (budget) VALUES (${ins.add(budget)}) ON CONFLICT (budget) DO NOTHING`, ins.values);
      const q = new Params(conn.style);
      // PostgreSQL: the row stays locked until the transaction ends; SQLite's write lock already serialises.
      const rows = await conn.query(`SELECT * FROM budget_daily WHERE budget = ${q.add(budget)}${pg ? ' FOR UPDATE' : ''}`, q.values);
      const r = rows[0] ?? {};
      return {
        used: nullableNum(r.used),
        limit: nullableNum(r.lim),
        taken: num(r.taken ?? 0),
        returned: num(r.returned ?? 0),
        reportedAt: isoOrNull(r.reported_at),
        probeAt: isoOrNull(r.probe_at),
      };
    },
    async saveDaily(budget, row: DailyRow) {
      const q = new Params(conn.style);
      await conn.exec(
        `UPDATE budget_daily SET used = ${q.add(row.used)}, lim = ${q.add(row.limit)}, taken = ${q.add(row.taken)}, returned = ${q.add(row.returned)},
           reported_at = ${q.add(row.reportedAt)}, probe_at = ${q.add(row.probeAt)} WHERE budget = ${q.add(budget)}`,
        q.values,
      );
    },
    async readDaily(budget) {
      const q = new Params(conn.style);
      const r = (await conn.query(`SELECT * FROM budget_daily WHERE budget = ${q.add(budget)}`, q.values))[0];
      if (!r) return null;
      return { used: nullableNum(r.used), limit: nullableNum(r.lim), taken: num(r.taken), returned: num(r.returned), reportedAt: isoOrNull(r.reported_at), probeAt: isoOrNull(r.probe_at) };
    },
  };
}
