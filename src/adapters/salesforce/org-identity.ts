import { objectMetaSchema } from '../../core/salesforce/describe.js';
import type { ObjectMeta } from '../../core/salesforce/describe.js';
import type { SalesforceGateway } from './gateway.js';
import { salesforceError } from './map-error.js';

/**
 * Who a connection runs as and what it may see: the user id from the token response (client
 * credentials) or from OpenID Connect's userinfo (a token in hand), and describes of several objects
 * in one /composite call. Shared by setup and doctor.
 */
export async function integrationUserId(gateway: SalesforceGateway): Promise<string> {
  const known = gateway.conn.userInfo?.id;
  if (known) return known;
  const info = await gateway.call('identity', (c) => c.request<{ user_id?: string }>('/services/oauth2/userinfo'));
  if (!info.user_id) throw salesforceError('AUTH_FAILED', 'Salesforce did not say which user the token belongs to (userinfo has no user_id)');
  return info.user_id;
}

export interface SubResponse {
  status: number;
  body: unknown;
}

export async function compositeDescribes(gateway: SalesforceGateway, objects: readonly string[]): Promise<Record<string, SubResponse>> {
  const base = `/services/data/v${gateway.conn.version}`;
  const res = await gateway.call('composite', (c) =>
    c.requestPost<{ compositeResponse: { body: unknown; httpStatusCode: number; referenceId: string }[] }>(`${base}/composite`, {
      allOrNone: false,
      compositeRequest: objects.map((o) => ({ method: 'GET', url: `${base}/sobjects/${o}/describe`, referenceId: o })),
    }),
  );
  return Object.fromEntries(res.compositeResponse.map((r) => [r.referenceId, { status: r.httpStatusCode, body: r.body }]));
}

/** Describes of these objects; an object Salesforce refuses to describe to this user is left out. */
export async function describeObjects(gateway: SalesforceGateway, objects: readonly string[]): Promise<Partial<Record<string, ObjectMeta>>> {
  const raw = await compositeDescribes(gateway, objects);
  const out: Partial<Record<string, ObjectMeta>> = {};
  for (const o of objects) {
    const r = raw[o];
    if (r && r.status < 400) out[o] = objectMetaSchema.parse(r.body);
  }
  return out;
}
