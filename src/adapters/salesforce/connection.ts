import { Connection } from 'jsforce';
import type { Connections } from '../../config/load.js';
import { HandoffError } from '../../domain/errors.js';
import { mapSalesforceError } from './map-error.js';

const GENERIC_LOGIN_HOSTS = new Set(['login.salesforce.com', 'test.salesforce.com']);

type SalesforceSettings = Connections['salesforce'];

/**
 * Builds a jsforce Connection for one of the two supported auth modes, always with an explicit
 * API version (jsforce would otherwise fall back to 50.0).
 * - SALESFORCE_INSTANCE_URL + SALESFORCE_ACCESS_TOKEN: a token in hand.
 * - SALESFORCE_CLIENT_ID + SALESFORCE_CLIENT_SECRET: OAuth client credentials against the org's My Domain.
 */
export async function connectSalesforce(s: SalesforceSettings): Promise<Connection> {
  let conn: Connection;
  if (s.instanceUrl && s.accessToken) {
    conn = new Connection({ instanceUrl: s.instanceUrl, accessToken: s.accessToken, version: s.apiVersion });
  } else if (s.clientId && s.clientSecret) {
    const host = new URL(s.loginUrl).hostname;
    if (GENERIC_LOGIN_HOSTS.has(host)) {
      throw new HandoffError(
        'CONFIG_INVALID',
        `SALESFORCE_LOGIN_URL is ${s.loginUrl}, but the client-credentials flow only works against your org's My Domain URL ` +
          `(e.g. https://yourcompany.my.salesforce.com). Set SALESFORCE_LOGIN_URL to it; see README "Salesforce credentials".`,
      );
    }
    conn = new Connection({
      loginUrl: s.loginUrl,
      version: s.apiVersion,
      oauth2: { clientId: s.clientId, clientSecret: s.clientSecret, loginUrl: s.loginUrl },
      // Client credentials issue no refresh token; re-mint on 401 INVALID_SESSION_ID. jsforce calls
      // this once and replays the request, so a session expiry costs one token call.
      refreshFn: (c, callback) => {
        c.oauth2
          .requestToken({ grant_type: 'client_credentials' })
          .then((r) => callback(null, r.access_token, r))
          .catch((err: Error) => callback(err));
      },
    });
    // A refused token request (invalid_client, invalid_grant…) is an auth failure of Salesforce's.
    await conn.authorize({ grant_type: 'client_credentials' }).catch((err: unknown) => {
      throw mapSalesforceError(err);
    });
  } else {
    throw new HandoffError(
      'CONFIG_INVALID',
      'No Salesforce credentials: set SALESFORCE_CLIENT_ID and SALESFORCE_CLIENT_SECRET (with SALESFORCE_LOGIN_URL = your My Domain URL), ' +
        'or SALESFORCE_INSTANCE_URL and SALESFORCE_ACCESS_TOKEN.',
    );
  }
  disableTransportRetries(conn);
  return conn;
}

/**
 * jsforce retries GET/PUT/DELETE on 429, 5xx and socket errors by itself, with real timers. Our one
 * retry layer (lib/retry.ts) already does that for every call, with the injected clock, so jsforce's
 * is switched off here to keep attempts from multiplying. Its 401 session refresh stays on.
 */
function disableTransportRetries(conn: Connection): void {
  const holder = conn as unknown as { _transport: { httpRequest: (req: unknown, options?: Record<string, unknown>) => unknown } };
  const transport = holder._transport;
  const original = transport.httpRequest.bind(transport);
  transport.httpRequest = (req, options = {}) => original(req, { ...options, retry: { maxRetries: 0 } });
}
