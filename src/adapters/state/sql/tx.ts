import type { Activity } from '../../../domain/types.js';
import type { StateTx } from '../backend.js';
import type { LockAcquisition, LockState, RunKind, RunSummaryRow } from '../../../domain/state.js';
import type { BulkWrites, SqlConn } from './conn.js';
import { claimsSql } from './claims.js';
import { decisionWhere, mapDecision } from './decisions.js';
import { episodeReportSql, episodeWhere, mapEpisode, mapEpisodeReportRow } from './episodes.js';
import { forgetSql } from './forget.js';
import { outboxSql } from './outbox.js';
import { keptEmailsSql } from './kept-emails.js';
import { pendingSql } from './pending.js';
import { accountIndexSql } from './account-index.js';
import { budgetDailySql } from './budget-daily.js';
import { mapCursor, mapDeadLetter, mapHandoff, mapLedger, mapLock, mapRun } from './rows.js';
import { epochMsSql, iso, jsonText, num } from './values.js';
import { deadLetterWhere, handoffWhere, ledgerWhere, Params } from './where.js';

/**
 * The SQL both dialects share. Everything here is portable between PostgreSQL 15 and SQLite 3.37+
 * (upserts with ON CONFLICT … WHERE, RETURNING); the differences live in SqlConn and BulkWrites.
 */
export function sqlTx(conn: SqlConn, bulk: BulkWrites): StateTx {
  const p = (): Params => new Params(conn.style);
  const one = async (sql: string, params: Params | unknown[]): Promise<Record<string, unknown> | undefined> =>
    (await conn.query(sql, params instanceof Params ? params.values : params))[0];

  return {
    ...bulk,
    ...forgetSql(conn),
    ...claimsSql(conn),
    ...outboxSql(conn),
    ...keptEmailsSql(conn),
    ...pendingSql(conn),
    ...accountIndexSql(conn),
    ...budgetDailySql(conn),

    async getCursor(name) {
      const row = await one('SELECT name, value, updated_at FROM cursors WHERE name = ' + ph(conn, 1), [name]);
      return row ? mapCursor(row) : null;
    },
    async listCursors(prefix) {
      // substr rather than LIKE, so '_' and '%' in names need no escaping.
      const q = p();
      const rows = await conn.query(
        `SELECT name, value, updated_at FROM cursors WHERE substr(name, 1, ${q.add([...prefix].length)}) = ${q.add(prefix)} ORDER BY name`,
        q.values,
      );
      return rows.map(mapCursor);
    },
    async setCursor(name, value, now) {
      const q = p();
      await conn.exec(
        `INSERT INTO cursors (name, value, updated_at) VALUES (${q.add(name)}, ${q.add(value)}, ${q.add(now)})
         ON CONFLICT (name) DO UPDATE SET value = excluded.value, updated_at = excluded.updated_at`,
        q.values,
      );
    },

    async getHandoffRecords(ids) {
      const q = p();
      const rows = await conn.query(`SELECT * FROM handoffs WHERE ${q.in('hubspot_id', ids, 'text')}`, q.values);
      return rows.map(mapHandoff);
    },
    async listHandoffRecords(query) {
      const q = p();
      const where = handoffWhere(query, q);
      const rows = await conn.query(`SELECT * FROM handoffs ${where} ORDER BY hubspot_id ${limit(q, query.limit)}`, q.values);
      return rows.map(mapHandoff);
    },

    async queryLedger(query) {
      const q = p();
      const where = ledgerWhere(query, q);
      const rows = await conn.query(`SELECT * FROM ledger ${where} ORDER BY seq ${limit(q, query.limit)}`, q.values);
      return rows.map((r) => mapLedger(r, conn.json));
    },

    async listDeadLetters(filter) {
      const q = p();
      const where = deadLetterWhere(filter, q);
      const rows = await conn.query(`SELECT * FROM dead_letters ${where} ORDER BY id ${limit(q, filter.limit)}`, q.values);
      return rows.map((r) => mapDeadLetter(r, conn.json));
    },
    async countDeadLetters(filter) {
      const q = p();
      const row = await one(`SELECT COUNT(*) AS n FROM dead_letters ${deadLetterWhere(filter, q)}`, q);
      return num(row?.n ?? 0);
    },
    async resolveDeadLetters(ids, now) {
      const q = p();
      const at = q.add(now);
      return conn.exec(`UPDATE dead_letters SET resolved_at = ${at} WHERE resolved_at IS NULL AND ${q.in('id', ids, 'bigint')}`, q.values);
    },
    async purgeDeadLetters(before) {
      return conn.exec(`DELETE FROM dead_letters WHERE last_seen < ${ph(conn, 1)}`, [before]);
    },

    async insertRun(run) {
      const q = p();
      await conn.exec(
        `INSERT INTO runs (id, kind, status, started_at) VALUES (${q.add(run.id)}, ${q.add(run.kind)}, 'running', ${q.add(run.startedAt)})`,
        q.values,
      );
    },
    async finishRun(id, finish) {
      const q = p();
      const changed = await conn.exec(
        `UPDATE runs SET status = ${q.add(finish.status)}, finished_at = ${q.add(finish.finishedAt)}, report = ${q.add(jsonText(finish.report))}
         WHERE id = ${q.add(id)}`,
        q.values,
      );
      return changed > 0;
    },
    async getRun(id) {
      const row = await one(`SELECT * FROM runs WHERE id = ${ph(conn, 1)}`, [id]);
      return row ? mapRun(row, conn.json) : null;
    },
    async listRuns(limit, kind: RunKind | undefined) {
      const q = p();
      const where = kind === undefined ? '' : `WHERE kind = ${q.add(kind)}`;
      const rows = await conn.query(`SELECT * FROM runs ${where} ORDER BY started_at DESC, id DESC LIMIT ${q.add(limit)}`, q.values);
      return rows.map((r) => mapRun(r, conn.json));
    },
    async listRunsStarted(query) {
      const q = p();
      const kind = query.kind === undefined ? '' : ` AND kind = ${q.add(query.kind)}`;
      const rows = await conn.query(
        `SELECT * FROM runs WHERE started_at >= ${q.add(query.since)} AND started_at < ${q.add(query.until)}${kind} ORDER BY started_at, id`,
        q.values,
      );
      return rows.map((r) => mapRun(r, conn.json));
    },
    async runSummaries(query) {
      const q = p();
      const kind = query.kind === undefined ? '' : ` AND kind = ${q.add(query.kind)}`;
      const num = (path: string[]): string =>
        conn.style === 'postgres'
          ? `CASE WHEN jsonb_typeof(report #> '{${path.join(',')}}') = 'number' THEN (report #>> '{${path.join(',')}}')::float8 END`
          : `CASE WHEN json_type(report, '$.${path.join('.')}') IN ('integer', 'real') THEN json_extract(report, '$.${path.join('.')}') END`;
      // Arrays, times as epoch milliseconds: a year of five-minute cycles is read without an object or a Date per run.
      const rows = await conn.queryArrays(
        `SELECT kind, status, ${epochMsSql(conn.style, 'started_at')}, COALESCE(${num(['hubspotCalls'])}, ${num(['calls', 'hubspot'])}),
           COALESCE(${num(['salesforceCalls'])}, ${num(['calls', 'salesforce'])}), ${num(['salesforceBudget', 'used'])}, ${num(['salesforceBudget', 'limit'])}
         FROM runs WHERE started_at >= ${q.add(query.since)} AND started_at < ${q.add(query.until)}${kind} ORDER BY started_at, id`,
        q.values,
      );
      const n = (v: unknown): number | null => (v === null || v === undefined ? null : Number(v));
      return rows.map((r) => ({
        kind: r[0] as RunKind,
        status: r[1] as RunSummaryRow['status'],
        startedMs: Number(r[2]),
        hubspotCalls: n(r[3]),
        salesforceCalls: n(r[4]),
        salesforceBudgetUsed: n(r[5]),
        salesforceBudgetLimit: n(r[6]),
      }));
    },
    async lastSuccessfulRun(kind) {
      const row = await one(
        `SELECT * FROM runs WHERE kind = ${ph(conn, 1)} AND status IN ('succeeded', 'partial')
         ORDER BY finished_at DESC, started_at DESC LIMIT 1`,
        [kind],
      );
      return row ? mapRun(row, conn.json) : null;
    },

    async getPointers() {
      const rows = await conn.query('SELECT team, position FROM rr_pointers ORDER BY team');
      return Object.fromEntries(rows.map((r) => [String(r.team), num(r.position)]));
    },

    async activitiesFor(contactIds) {
      if (contactIds.length === 0) return [];
      const q = p();
      const rows = await conn.query(
        `SELECT id, contact_id, type, occurred_at, outcome, title FROM activities WHERE ${q.in('contact_id', contactIds, 'text')} ORDER BY contact_id, occurred_at, id`,
        q.values,
      );
      return rows.map((r) => ({
        id: String(r.id),
        contactId: String(r.contact_id),
        type: String(r.type) as Activity['type'],
        occurredAt: iso(r.occurred_at as string),
        outcome: r.outcome === null || r.outcome === undefined ? null : String(r.outcome),
        title: r.title === null || r.title === undefined ? null : String(r.title),
      }));
    },

    async getDecisions(ids) {
      const q = p();
      const rows = await conn.query(`SELECT * FROM decisions WHERE ${q.in('hubspot_id', ids, 'text')}`, q.values);
      return rows.map((r) => mapDecision(r, conn.json));
    },
    async listDecisions(query) {
      const q = p();
      const where = decisionWhere(query, q);
      const rows = await conn.query(`SELECT * FROM decisions ${where} ORDER BY hubspot_id ${limit(q, query.limit)}`, q.values);
      return rows.map((r) => mapDecision(r, conn.json));
    },

    async getEpisodes(ids) {
      if (ids.length === 0) return [];
      const q = p();
      const rows = await conn.query(`SELECT * FROM episodes WHERE ${q.in('hubspot_id', ids, 'text')} ORDER BY hubspot_id, episode`, q.values);
      return rows.map((r) => mapEpisode(r));
    },
    async listEpisodes(query) {
      const q = p();
      const where = episodeWhere(query, q);
      const rows = await conn.query(`SELECT * FROM episodes ${where} ORDER BY hubspot_id, episode ${limit(q, query.limit)}`, q.values);
      return rows.map((r) => mapEpisode(r));
    },
    async listEpisodeReportRows(query) {
      const q = p();
      const rows = await conn.queryArrays(episodeReportSql(conn.style, query, q), q.values);
      return rows.map(mapEpisodeReportRow);
    },

    async getCache(key, now) {
      const q = p();
      const row = await one(`SELECT value, expires_at FROM cache WHERE key = ${q.add(key)} AND expires_at > ${q.add(now)}`, q);
      return row ? { value: conn.json(row.value), expiresAt: iso(row.expires_at as string) } : null;
    },
    async setCache(key, value, expiresAt, now) {
      const q = p();
      await conn.exec(
        `INSERT INTO cache (key, value, expires_at, updated_at) VALUES (${q.add(key)}, ${q.add(jsonText(value))}, ${q.add(expiresAt)}, ${q.add(now)})
         ON CONFLICT (key) DO UPDATE SET value = excluded.value, expires_at = excluded.expires_at, updated_at = excluded.updated_at`,
        q.values,
      );
    },
    async deleteCache(key) {
      await conn.exec(`DELETE FROM cache WHERE key = ${ph(conn, 1)}`, [key]);
    },

    async acquireLock(name, holder, now, expiresAt) {
      const won = await one(acquireSql(conn), [name, holder.id, holder.pid, holder.host, holder.command, now, expiresAt]);
      if (won) return { ok: true, token: num(won.token), expiresAt: iso(won.expires_at as string) };
      const row = await one(`SELECT * FROM locks WHERE name = ${ph(conn, 1)}`, [name]);
      return refusal(row ? mapLock(row) : null, name);
    },
    async renewLock(name, token, expiresAt) {
      const q = p();
      const changed = await conn.exec(
        `UPDATE locks SET expires_at = ${q.add(expiresAt)} WHERE name = ${q.add(name)} AND token = ${q.add(token)} AND holder_id IS NOT NULL`,
        q.values,
      );
      return changed > 0;
    },
    async releaseLock(name, token) {
      // The row stays, holding the last token, so the next grant is still larger.
      const changed = await conn.exec(
        `UPDATE locks SET holder_id = NULL, holder_pid = NULL, holder_host = NULL, holder_command = NULL,
           acquired_at = NULL, expires_at = NULL
         WHERE name = ${ph(conn, 1)} AND token = ${ph(conn, 2)} AND holder_id IS NOT NULL`,
        [name, token],
      );
      return changed > 0;
    },
    async getLock(name) {
      const row = await one(`SELECT * FROM locks WHERE name = ${ph(conn, 1)}`, [name]);
      return row ? mapLock(row) : null;
    },
  };
}

function limit(q: Params, n: number | undefined): string {
  return n === undefined ? '' : `LIMIT ${q.add(n)}`;
}

function ph(conn: SqlConn, n: number): string {
  return conn.style === 'postgres' ? `$${n}` : `?${n}`;
}

/**
 * One statement decides the race: the insert wins on an empty row, the update only where the lease
 * is free (released, expired by the caller's clock, or already this holder's). Both databases lock
 * the conflicting row even when the WHERE refuses, so the follow-up read sees the winner.
 */
function acquireSql(conn: SqlConn): string {
  const $ = (n: number): string => ph(conn, n);
  return `INSERT INTO locks (name, token, holder_id, holder_pid, holder_host, holder_command, acquired_at, expires_at)
    VALUES (${$(1)}, 1, ${$(2)}, ${$(3)}, ${$(4)}, ${$(5)}, ${$(6)}, ${$(7)})
    ON CONFLICT (name) DO UPDATE SET
      token = locks.token + 1,
      holder_id = excluded.holder_id, holder_pid = excluded.holder_pid,
      holder_host = excluded.holder_host, holder_command = excluded.holder_command,
      acquired_at = excluded.acquired_at, expires_at = excluded.expires_at
    WHERE locks.holder_id IS NULL OR locks.expires_at <= excluded.acquired_at OR locks.holder_id = excluded.holder_id
    RETURNING token, expires_at`;
}

function refusal(state: LockState | null, name: string): LockAcquisition {
  const holder = state?.holder ?? null;
  if (!state || !holder || state.acquiredAt === null || state.expiresAt === null) {
    // Unreachable while the upsert locks the row; say so loudly rather than report a phantom holder.
    throw new Error(`Lock "${name}" was refused but has no holder`);
  }
  return { ok: false, heldBy: holder, acquiredAt: state.acquiredAt, expiresAt: state.expiresAt };
}
