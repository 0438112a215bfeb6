import { z } from 'zod';
import { datasetSchema } from '../shared/dataset.js';
import { faultRuleSchema } from '../shared/faults.js';
import type { ApiResponse } from './api-types.js';
import { SfError } from './errors.js';
import { sentNotifications } from './notifications.js';
import { findObject } from './objects.js';
import type { SalesforceSandbox } from './facade.js';
import { ORG_STATES } from './setup/org-state.js';

/**
 * Control API under `/__sandbox/` (JSON, no auth) — the same actions as the SalesforceSandbox methods,
 * for tests and demos driving the emulator from another process.
 */
const clockBody = z.union([
  z.object({ set: z.union([z.string(), z.number()]), pin: z.boolean().optional() }),
  z.object({ advance: z.number() }),
  z.object({ reset: z.literal(true) }),
]);
const fieldsBody = z.union([
  z.object({ hide: z.array(z.string()) }),
  z.object({ hideCustom: z.literal(true) }),
  z.object({ restore: z.literal(true) }),
]);

const json = (body: unknown, status = 200): ApiResponse => ({ status, body });

function clockTo(value: string | number): number {
  const ms = typeof value === 'number' ? value : Date.parse(value);
  if (Number.isNaN(ms)) throw new Error(`invalid instant: ${String(value)}`);
  return ms;
}

export async function handleControl(sandbox: SalesforceSandbox, method: string, path: string, body: unknown): Promise<ApiResponse> {
  const route = `${method} ${path.replace(/\/+$/, '')}`;
  try {
    let m: RegExpExecArray | null;
    switch (route) {
      case 'POST /__sandbox/dataset': {
        // Either a whole dataset file or just its `salesforce` part.
        const part = body && typeof body === 'object' && 'salesforce' in body ? (body as { salesforce: unknown }).salesforce : body;
        const ds = datasetSchema.shape.salesforce.parse(part ?? {});
        sandbox.load(ds);
        return json({ loaded: Object.fromEntries(Object.entries(ds).flatMap(([k, v]) => (v === undefined ? [] : [[k, v.length]]))) });
      }
      case 'POST /__sandbox/reset':
        sandbox.reset();
        return json({ reset: true });
      case 'GET /__sandbox/requests':
        return json(sandbox.log.entries);
      case 'GET /__sandbox/counters':
        return json(sandbox.log.counters());
      case 'GET /__sandbox/clock':
        return json(sandbox.clock.describe());
      case 'POST /__sandbox/clock': {
        const b = clockBody.parse(body);
        if ('set' in b) sandbox.clock.set(clockTo(b.set), b.pin ?? false);
        else if ('advance' in b) sandbox.clock.advance(b.advance);
        else sandbox.clock.reset();
        return json(sandbox.clock.describe());
      }
      case 'GET /__sandbox/faults':
        return json(sandbox.faults.list());
      case 'POST /__sandbox/faults': {
        const rules = (Array.isArray(body) ? body : [body]).map((r) => sandbox.faults.add(faultRuleSchema.parse(r)));
        return json(rules, 201);
      }
      case 'DELETE /__sandbox/faults':
        sandbox.faults.clear();
        return json({ cleared: true });
      case 'POST /__sandbox/fields': {
        const b = fieldsBody.parse(body);
        if ('hide' in b) sandbox.hideFields(b.hide);
        else if ('hideCustom' in b) sandbox.hideFields('custom');
        else sandbox.restoreFields();
        return json({ hidden: [...sandbox.store.settings.hiddenFields] });
      }
      case 'POST /__sandbox/org':
      {
        const { state } = z.object({ state: z.enum(ORG_STATES) }).parse(body);
        sandbox.setOrgState(state);
        return json({ state });
      }
      case 'POST /__sandbox/duplicate-rules':
        sandbox.setDuplicateRules(z.object({ enabled: z.boolean() }).parse(body).enabled);
        return json({ enabled: sandbox.store.settings.duplicateRulesEnabled });
      case 'POST /__sandbox/assignment':
        sandbox.setAssignmentOwner(z.object({ ownerId: z.string().nullable() }).parse(body).ownerId);
        return json({ ownerId: sandbox.store.assignmentOwnerId() });
      case 'POST /__sandbox/limits': {
        const b = z.object({ dailyApiLimit: z.number().int().positive(), used: z.number().int().nonnegative().optional() }).parse(body);
        sandbox.setDailyLimit(b.dailyApiLimit, b.used);
        return json(sandbox.apiUsage());
      }
      case 'POST /__sandbox/lock':
        sandbox.lockNextRecords(z.object({ records: z.number().int().nonnegative() }).parse(body).records);
        return json({ records: sandbox.store.settings.lockNextRecords });
      case 'POST /__sandbox/sessions/expire':
        sandbox.expireSessions();
        return json({ expired: true });
    }
    if (method === 'POST' && (m = /^\/__sandbox\/leads\/([^/]+)\/convert\/?$/.exec(path)) && m[1]) {
      const opts = z.object({ accountId: z.string().optional(), createOpportunity: z.boolean().optional() }).parse(body ?? {});
      return json(sandbox.convertLead(m[1], { ...(opts.accountId ? { accountId: opts.accountId } : {}), createOpportunity: opts.createOpportunity === true }));
    }
    if (method === 'POST' && (m = /^\/__sandbox\/tasks\/([^/]+)\/complete\/?$/.exec(path)) && m[1]) {
      sandbox.completeTask(m[1]);
      return json({ completed: m[1] });
    }
    if (route === 'GET /__sandbox/notifications') return json(sentNotifications(sandbox.store));
    if (method === 'GET' && (m = /^\/__sandbox\/records\/([^/]+)\/?$/.exec(path)) && m[1]) {
      const o = findObject(m[1]);
      if (!o) return json({ error: `unknown object ${m[1]}` }, 404);
      return json(sandbox.records(o.name));
    }
    return json({ error: `no control route ${route}` }, 404);
  } catch (err) {
    if (err instanceof SfError) return json(err.toBody(), err.status);
    const message = err instanceof z.ZodError ? z.prettifyError(err) : err instanceof Error ? err.message : String(err);
    return json({ error: message }, 400);
  }
}
