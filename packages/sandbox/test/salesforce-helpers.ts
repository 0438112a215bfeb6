import { Connection } from 'jsforce';
import { SandboxClock } from '../src/shared/clock.js';
import { startSalesforceSandbox } from '../src/salesforce/index.js';
import type { SalesforceSandbox } from '../src/salesforce/index.js';

export const VERSION = '64.0';
export const CLIENT_ID = 'handoff-client';
export const CLIENT_SECRET = 'handoff-secret';
export const STATIC_TOKEN = '00D000000000001!static-token';

export const USERS = [
  { Id: '005000000000001AAA', Username: 'integration@acme.test', Email: 'integration@acme.test', LastName: 'Integration', IsActive: true },
  { Id: '005000000000002AAA', Username: 'queue@acme.test', Email: 'queue@acme.test', LastName: 'Queue', IsActive: true },
  { Id: '005000000000003AAA', Username: 'rep@acme.test', Email: 'rep@acme.test', FirstName: 'Rita', LastName: 'Rep', IsActive: true },
];
export const [INTEGRATION_USER, QUEUE_USER, REP_USER] = USERS.map((u) => u.Id) as [string, string, string];

export async function startSandbox(opts: { sessionSeconds?: number; dailyApiLimit?: number } = {}): Promise<SalesforceSandbox> {
  const sandbox = await startSalesforceSandbox({
    clock: new SandboxClock(),
    clientId: CLIENT_ID,
    clientSecret: CLIENT_SECRET,
    accessToken: STATIC_TOKEN,
    ...opts,
  });
  sandbox.load({ User: USERS });
  return sandbox;
}

/** Static-token connection (SALESFORCE_ACCESS_TOKEN mode). */
export function tokenConnection(sandbox: SalesforceSandbox): Connection {
  return new Connection({ instanceUrl: sandbox.url, accessToken: STATIC_TOKEN, version: VERSION });
}

/** Client-credentials connection that re-mints its token on 401, as Handoff configures jsforce. */
export async function oauthConnection(sandbox: SalesforceSandbox): Promise<Connection> {
  const conn = new Connection({
    oauth2: { clientId: CLIENT_ID, clientSecret: CLIENT_SECRET, loginUrl: sandbox.url },
    version: VERSION,
    refreshFn: (c, callback) => {
      c.oauth2
        .requestToken({ grant_type: 'client_credentials' })
        .then((r) => callback(null, r.access_token, r))
        .catch((err: Error) => callback(err));
    },
  });
  await conn.authorize({ grant_type: 'client_credentials' });
  return conn;
}

/** The error a jsforce call rejects with. */
export async function failure(promise: PromiseLike<unknown>): Promise<Error & { errorCode?: string; data?: unknown }> {
  try {
    await promise;
  } catch (err) {
    return err as Error & { errorCode?: string; data?: unknown };
  }
  throw new Error('expected the call to fail');
}

export function lead(i: number, extra: Record<string, unknown> = {}): Record<string, unknown> {
  return { FirstName: `First${i}`, LastName: `Last${i}`, Company: `Company ${i}`, Email: `lead${i}@example.com`, ...extra };
}
