import { z } from 'zod';
import { datasetSchema, ENGAGEMENT_TYPES } from '../shared/dataset.js';
import { validationError } from './errors.js';
import { asObject, json, route } from './http-util.js';
import { toEpochMs } from './values.js';
import type { EngagementType, HubSpotDataset } from '../shared/dataset.js';
import type { Route } from './http-util.js';
import type { HubSpotSandbox, RateLimitChange } from './facade.js';

const clockSchema = z.union([
  z.object({ set: z.union([z.string(), z.number()]), pin: z.boolean().optional() }),
  z.object({ advance: z.number() }),
  z.object({ reset: z.literal(true) }),
]);

const rateSchema = z.object({
  tier: z.enum(['starter', 'professional', 'enterprise', 'oauth']).optional(),
  dailyLimit: z.number().int().positive().nullable().optional(),
  tenSecondLimit: z.number().int().positive().nullable().optional(),
  enabled: z.boolean().optional(),
  secondlyBody: z.enum(['errorType', 'category']).optional(),
});

const hubspotPart = datasetSchema.shape.hubspot;

/** `{properties: {...}}` or a flat map of property values. */
function propertiesOf(body: unknown): Record<string, string | null> {
  const obj = body === undefined ? {} : asObject(body);
  const raw = typeof obj['properties'] === 'object' && obj['properties'] !== null ? (obj['properties'] as Record<string, unknown>) : obj;
  return Object.fromEntries(Object.entries(raw).map(([k, v]) => [k, v === null ? null : String(v)]));
}

/**
 * Test-control endpoints under `/__sandbox/` (no auth, never faulted or rate limited). The user-action routes
 * do what a person in the HubSpot UI would do, so a connector under test sees the effects through the API.
 */
export function controlRoutes(sb: HubSpotSandbox): Route[] {
  return [
    route('POST', '/__sandbox/dataset', (ctx) => {
      const body = asObject(ctx.body);
      // Accept either a whole dataset file or only its `hubspot` part.
      const ds: HubSpotDataset = hubspotPart.parse('version' in body ? body['hubspot'] ?? {} : body);
      sb.load(ds);
      return json(200, sb.store.stats());
    }),
    route('POST', '/__sandbox/reset', () => {
      sb.reset();
      return json(200, { ok: true });
    }),
    route('GET', '/__sandbox/requests', (ctx) => {
      const since = ctx.query.get('since');
      const ms = since === null ? undefined : toEpochMs(since);
      if (ms !== undefined && Number.isNaN(ms)) throw validationError(`since must be epoch ms or ISO, got ${since ?? ''}`);
      return json(200, { total: sb.log.total, requests: sb.log.entries(ms) });
    }),
    route('GET', '/__sandbox/counters', () => json(200, sb.log.counters())),
    route('GET', '/__sandbox/stats', () => json(200, sb.store.stats())),
    route('GET', '/__sandbox/clock', () => json(200, sb.clock.describe())),
    route('POST', '/__sandbox/clock', (ctx) => {
      const body = clockSchema.parse(ctx.body);
      if ('set' in body) {
        const ms = toEpochMs(body.set);
        if (Number.isNaN(ms)) throw validationError(`set must be epoch ms or ISO, got ${body.set}`);
        sb.clock.set(ms, body.pin ?? false);
      } else if ('advance' in body) sb.clock.advance(body.advance);
      else sb.clock.reset();
      return json(200, sb.clock.describe());
    }),
    route('GET', '/__sandbox/faults', () => json(200, sb.faults.list())),
    route('POST', '/__sandbox/faults', (ctx) => {
      const rules = Array.isArray(ctx.body) ? ctx.body : [ctx.body];
      return json(201, rules.map((r) => sb.faults.add(r as Parameters<typeof sb.faults.add>[0])));
    }),
    route('DELETE', '/__sandbox/faults', () => {
      sb.faults.clear();
      return json(200, { ok: true });
    }),
    route('GET', '/__sandbox/rate-limits', () => json(200, sb.rateLimitUsage())),
    route('POST', '/__sandbox/rate-limits', (ctx) => {
      const body = rateSchema.parse(ctx.body ?? {});
      const settings: RateLimitChange = {};
      if (body.tier !== undefined) settings.tier = body.tier;
      if (body.dailyLimit !== undefined) settings.dailyLimit = body.dailyLimit;
      if (body.tenSecondLimit !== undefined) settings.tenSecondLimit = body.tenSecondLimit;
      if (body.enabled !== undefined) settings.enabled = body.enabled;
      if (body.secondlyBody !== undefined) settings.secondlyBody = body.secondlyBody;
      sb.setRateLimits(settings);
      return json(200, sb.rateLimitUsage());
    }),
    route('POST', '/__sandbox/token', (ctx) => {
      const body = ctx.body === undefined ? {} : asObject(ctx.body);
      const token = body['accessToken'];
      const scopes = body['scopes'];
      sb.renewToken(typeof token === 'string' ? token : undefined, Array.isArray(scopes) ? scopes.map(String) : undefined);
      return json(200, { ok: true });
    }),
    route('POST', '/__sandbox/merge', (ctx) => {
      const body = asObject(ctx.body);
      return json(200, sb.mergeContacts(String(body['primaryId'] ?? ''), String(body['mergedId'] ?? '')));
    }),
    route('POST', '/__sandbox/contacts/{id}/forms', (ctx, [id = '']) => {
      const formName = asObject(ctx.body)['formName'];
      if (typeof formName !== 'string' || formName === '') throw validationError('formName is required');
      return json(200, sb.submitForm(id, formName));
    }),
    route('POST', '/__sandbox/contacts/{id}/{engagementType}', (ctx, [id = '', kind = '']) => {
      if (!(ENGAGEMENT_TYPES as readonly string[]).includes(kind)) throw validationError(`Unknown activity type ${kind}; use one of ${ENGAGEMENT_TYPES.join(', ')}`);
      return json(201, sb.logEngagement(id, kind as EngagementType, propertiesOf(ctx.body)));
    }),
    route('POST', '/__sandbox/contacts/{id}', (ctx, [id = '']) => json(200, sb.updateContact(id, propertiesOf(ctx.body)))),
    route('DELETE', '/__sandbox/contacts/{id}', (_ctx, [id = '']) => {
      sb.archiveContact(id);
      return json(200, { ok: true });
    }),
  ];
}
