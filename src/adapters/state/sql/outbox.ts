import type { MessageBody, OutboxMessage, SlaStep } from '../../../domain/outbox.js';
import type { OutboxTx } from '../backend.js';
import type { SqlConn } from './conn.js';
import type { Row } from './rows.js';
import { iso, isoOrNull, jsonText, num, parseJsonText, str, strOrNull } from './values.js';
import { Params, whereClause } from './where.js';


/** The notifier's outbox and the SLA watch's steps, in SQL both dialects run. */
const MESSAGE_COLUMNS =
  'message_key, kind, channel, recipient_id, hubspot_id, handoff_key, body, send_after, status, attempts, next_attempt_at, created_at';
const STEP_COLUMNS = 'handoff_key, step, hubspot_id, task_id, decided_at, owner_id, recipient_id, to_owner_id, due_at, lead_id, applied_at';

export function outboxSql(conn: SqlConn): OutboxTx {
  const p = (): Params => new Params(conn.style);
  return {
    async enqueueMessages(messages, now) {
      let added = 0;
      for (const m of messages) {
        const q = p();
        const values = [m.key, m.kind, m.channel, m.recipientId, m.hubspotId, m.handoffKey, jsonText(m.body), m.sendAfter, 'pending', 0, m.sendAfter, now];
        added += await conn.exec(
          `INSERT INTO outbox (${MESSAGE_COLUMNS}) VALUES (${values.map((v) => q.add(v)).join(', ')}) ON CONFLICT (message_key) DO NOTHING`,
          q.values,
        );
      }
      return added;
    },
    async listMessages(query) {
      const q = p();
      const parts: string[] = [];
      if (query.status !== undefined) parts.push(`status = ${q.add(query.status)}`);
      if (query.kind !== undefined) parts.push(`kind = ${q.add(query.kind)}`);
      if (query.hubspotId !== undefined) parts.push(`hubspot_id = ${q.add(query.hubspotId)}`);
      if (query.handoffKey !== undefined) parts.push(`handoff_key = ${q.add(query.handoffKey)}`);
      if (query.afterId !== undefined) parts.push(`id > ${q.add(query.afterId)}`);
      const lim = query.limit === undefined ? '' : `LIMIT ${q.add(query.limit)}`;
      const rows = await conn.query(`SELECT * FROM outbox ${whereClause(parts)} ORDER BY id ${lim}`, q.values);
      return rows.map(mapMessage);
    },
    async claimMessages(limit, now, until, fence) {
      const q = p();
      // Due now, or claimed under an earlier grant of the lease the claimer holds: that holder is
      // gone or fenced out, so its claim is over whatever time it had left.
      const due = `next_attempt_at <= ${q.add(now)}`;
      const orphaned = fence === null ? '' : ` OR (claim_lock = ${q.add(fence.name)} AND claim_token < ${q.add(fence.token)})`;
      const rows = await conn.query(
        `SELECT id FROM outbox WHERE status = 'pending' AND (${due}${orphaned}) ORDER BY next_attempt_at, id LIMIT ${q.add(limit)}`,
        q.values,
      );
      const ids = rows.map((r) => num(r.id));
      if (ids.length === 0) return [];
      const u = p();
      const claimed = await conn.query(
        `UPDATE outbox SET attempts = attempts + 1, next_attempt_at = ${u.add(until)}, claim_lock = ${u.add(fence?.name ?? null)}, claim_token = ${u.add(fence?.token ?? null)}
         WHERE ${u.in('id', ids, 'bigint')} RETURNING *`,
        u.values,
      );
      return claimed.map(mapMessage).sort((a, b) => a.id - b.id);
    },
    async finishMessages(outcomes, now) {
      for (const o of outcomes) {
        const q = p();
        if (o.outcome === 'sent') {
          await conn.exec(`UPDATE outbox SET status = 'sent', sent_at = ${q.add(now)}, body = NULL, last_error = NULL WHERE id = ${q.add(o.id)}`, q.values);
        } else if (o.outcome === 'retry') {
          await conn.exec(
            `UPDATE outbox SET next_attempt_at = ${q.add(o.nextAttemptAt)}, last_error = ${q.add(o.error)}, claim_lock = NULL, claim_token = NULL WHERE id = ${q.add(o.id)} AND status = 'pending'`,
            q.values,
          );
        } else {
          await conn.exec(`UPDATE outbox SET status = 'failed', body = NULL, last_error = ${q.add(o.error)} WHERE id = ${q.add(o.id)}`, q.values);
        }
      }
    },
    async forgetMessages(hubspotIds) {
      if (hubspotIds.length === 0) return 0;
      const q = p();
      return conn.exec(`UPDATE outbox SET body = NULL, status = 'failed', last_error = 'FORGOTTEN' WHERE status = 'pending' AND ${q.in('hubspot_id', hubspotIds, 'text')}`, q.values);
    },

    async insertSlaSteps(steps) {
      for (const s of steps) {
        const q = p();
        const values = [s.handoffKey, s.step, s.hubspotId, s.taskId, s.decidedAt, s.ownerId, s.recipientId, s.toOwnerId, s.dueAt, s.leadId, s.appliedAt];
        await conn.exec(
          `INSERT INTO sla_steps (${STEP_COLUMNS}) VALUES (${values.map((v) => q.add(v)).join(', ')}) ON CONFLICT (handoff_key, step) DO NOTHING`,
          q.values,
        );
      }
    },
    async slaStepsFor(handoffKeys) {
      if (handoffKeys.length === 0) return [];
      const q = p();
      const rows = await conn.query(`SELECT * FROM sla_steps WHERE ${q.in('handoff_key', handoffKeys, 'text')} ORDER BY handoff_key, decided_at`, q.values);
      return rows.map(mapStep);
    },
    async unappliedReassignments() {
      const rows = await conn.query(`SELECT * FROM sla_steps WHERE step = 'reassignment' AND applied_at IS NULL ORDER BY decided_at, handoff_key`);
      return rows.map(mapStep);
    },
    async markSlaStepsApplied(keys, step, now) {
      if (keys.length === 0) return;
      const q = p();
      const at = q.add(now);
      await conn.exec(`UPDATE sla_steps SET applied_at = ${at} WHERE step = ${q.add(step)} AND applied_at IS NULL AND ${q.in('handoff_key', keys, 'text')}`, q.values);
    },
  };
}

function mapMessage(row: Row): OutboxMessage {
  return {
    id: num(row.id),
    key: str(row.message_key),
    kind: str(row.kind) as OutboxMessage['kind'],
    channel: str(row.channel) as OutboxMessage['channel'],
    recipientId: strOrNull(row.recipient_id),
    hubspotId: strOrNull(row.hubspot_id),
    handoffKey: strOrNull(row.handoff_key),
    body: parseJsonText(row.body) as MessageBody | null,
    sendAfter: iso(row.send_after as string),
    status: str(row.status) as OutboxMessage['status'],
    attempts: num(row.attempts),
    nextAttemptAt: iso(row.next_attempt_at as string),
    lastError: strOrNull(row.last_error),
    createdAt: iso(row.created_at as string),
    sentAt: isoOrNull(row.sent_at),
  };
}

function mapStep(row: Row): SlaStep {
  return {
    handoffKey: str(row.handoff_key),
    step: str(row.step) as SlaStep['step'],
    hubspotId: str(row.hubspot_id),
    taskId: str(row.task_id),
    decidedAt: iso(row.decided_at as string),
    ownerId: strOrNull(row.owner_id),
    recipientId: strOrNull(row.recipient_id),
    toOwnerId: strOrNull(row.to_owner_id),
    dueAt: isoOrNull(row.due_at),
    leadId: strOrNull(row.lead_id),
    appliedAt: isoOrNull(row.applied_at),
  };
}
