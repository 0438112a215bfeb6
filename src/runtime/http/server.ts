import { createServer } from 'node:http';
import type { IncomingMessage, ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import type { Logger } from '../../lib/logger.js';
import type { DaemonRole } from '../lease/types.js';
import { bearerToken, isLoopbackCaller, sameSecret } from './access.js';
import type { Metrics } from './metrics.js';

export interface ReadinessCheck {
  ok: boolean;
  detail?: string;
}

export interface Readiness {
  ready: boolean;
  checks: Record<string, ReadinessCheck>;
  role?: DaemonRole;
}

export interface HttpServerOptions {
  port: number;
  host: string;
  logger: Logger;
  readiness: () => Promise<Readiness>;
  metrics: Metrics;
  /** A readiness probe that hangs is answered 503 after this long rather than left open. */
  readinessTimeoutMs?: number;
  /**
   * HANDOFF_HTTP_TOKEN: when set, the detailed `/readyz?verbose` needs `Authorization: Bearer <token>`;
   * when not, details go to loopback callers only. `/healthz`, `/metrics` and plain `/readyz` stay open.
   */
  token?: string;
  /** Serves `/dashboard` and everything under it (its own methods and access rules); absent: 404. */
  dashboard?: (req: IncomingMessage, res: ServerResponse) => Promise<void>;
}

export interface RunningHttpServer {
  /** Base URL clients can use; a wildcard bind address is shown as loopback. */
  url: string;
  port: number;
  stop(): Promise<void>;
}

export const DEFAULT_READINESS_TIMEOUT_MS = 5_000;
/** Probes and scrapes are few; more concurrent connections than this are refused. */
export const MAX_CONNECTIONS = 64;

/** Health, readiness and metrics endpoints for orchestrators and Prometheus, and the dashboard when given. */
export async function startHttpServer(options: HttpServerOptions): Promise<RunningHttpServer> {
  const log = options.logger.child({ component: 'http' });
  const readinessTimeoutMs = options.readinessTimeoutMs ?? DEFAULT_READINESS_TIMEOUT_MS;

  const routes: Record<string, (res: ServerResponse, req: IncomingMessage) => Promise<void>> = {
    // Liveness means only that the event loop answers; it must not depend on HubSpot or Salesforce,
    // or an outage there would get a healthy process restarted in a loop.
    '/healthz': async (res) => sendJson(res, 200, { status: 'ok' }),
    // Probes get the status and `{ready}` only; the checks name hosts, pids and lease holders.
    '/readyz': async (res, req) => {
      const verbose = new URLSearchParams(queryOf(req)).has('verbose');
      if (verbose) {
        const denied = detailDenied(req, options.token);
        if (denied === 401) {
          res.setHeader('www-authenticate', 'Bearer');
          sendJson(res, 401, { error: 'unauthorized' });
          return;
        }
        if (denied === 403) {
          sendJson(res, 403, { error: 'forbidden', hint: 'set HANDOFF_HTTP_TOKEN and send it as a bearer token' });
          return;
        }
      }
      const readiness = await checkReadiness(options.readiness, readinessTimeoutMs, log);
      sendJson(res, readiness.ready ? 200 : 503, verbose ? readiness : { ready: readiness.ready });
    },
    '/metrics': async (res) => {
      const body = await options.metrics.registry.metrics();
      send(res, 200, options.metrics.registry.contentType, body);
    },
  };

  // Probes and scrapes are tiny; anything slow is a stuck or hostile client. A connection that has
  // not sent a complete request head within headersTimeout gets a 408 and is closed; the checking
  // interval bounds how late that is noticed (Node checks every 30 s by default).
  const server = createServer({ headersTimeout: 5_000, requestTimeout: 5_000, connectionsCheckingInterval: 1_000 }, (req, res) => {
    void handle(req, res).catch((err: unknown) => {
      log.error('http handler failed', { path: pathOf(req), error: err });
      if (!res.headersSent) sendJson(res, 500, { error: 'internal_error' });
      else res.destroy();
    });
  });
  server.maxConnections = MAX_CONNECTIONS;

  async function handle(req: IncomingMessage, res: ServerResponse): Promise<void> {
    const path = pathOf(req);
    if (options.dashboard !== undefined && (path === '/dashboard' || path.startsWith('/dashboard/'))) {
      await options.dashboard(req, res);
      return;
    }
    const handler = Object.hasOwn(routes, path) ? routes[path] : undefined;
    if (handler === undefined) {
      // The path is not echoed: a reflected request is no business of a metrics port.
      sendJson(res, 404, { error: 'not_found' });
      return;
    }
    if (req.method !== 'GET' && req.method !== 'HEAD') {
      res.setHeader('allow', 'GET, HEAD');
      sendJson(res, 405, { error: 'method_not_allowed' });
      return;
    }
    await handler(res, req);
  }

  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(options.port, options.host, () => {
      server.off('error', reject);
      resolve();
    });
  });
  server.on('error', (err) => log.error('http server error', { error: err }));

  const port = (server.address() as AddressInfo).port;
  const url = `http://${displayHost(options.host)}:${port}`;
  log.info('http server listening', { host: options.host, port });

  return {
    url,
    port,
    stop: () =>
      new Promise<void>((resolve, reject) => {
        server.close((err) => (err === undefined ? resolve() : reject(err)));
        // Keep-alive connections (Prometheus keeps one open) would otherwise hold close() open.
        server.closeAllConnections();
      }),
  };
}

async function checkReadiness(readiness: () => Promise<Readiness>, timeoutMs: number, log: Logger): Promise<Readiness> {
  let timer: NodeJS.Timeout | undefined;
  const timeout = new Promise<Readiness>((resolve) => {
    timer = setTimeout(
      () => resolve({ ready: false, checks: { readiness: { ok: false, detail: `no answer within ${timeoutMs} ms` } } }),
      timeoutMs,
    );
  });
  try {
    return await Promise.race([readiness(), timeout]);
  } catch (err) {
    log.warn('readiness check threw', { error: err });
    return { ready: false, checks: { readiness: { ok: false, detail: 'readiness check failed' } } };
  } finally {
    clearTimeout(timer);
  }
}

function pathOf(req: IncomingMessage): string {
  const raw = req.url ?? '/';
  const end = raw.search(/[?#]/);
  return end === -1 ? raw : raw.slice(0, end);
}

function queryOf(req: IncomingMessage): string {
  const raw = req.url ?? '';
  const start = raw.indexOf('?');
  if (start === -1) return '';
  const end = raw.indexOf('#', start);
  return raw.slice(start + 1, end === -1 ? undefined : end);
}

/**
 * Whether the caller may see the detailed readiness view: 401 when a token is configured and the
 * request does not carry it as a bearer token (a query string never counts: it ends up in access
 * logs), 403 when no token is configured and the caller is not on loopback, undefined when allowed.
 */
function detailDenied(req: IncomingMessage, token: string | undefined): 401 | 403 | undefined {
  if (token !== undefined && token !== '') {
    const given = bearerToken(req);
    return given !== undefined && sameSecret(given, token) ? undefined : 401;
  }
  return isLoopbackCaller(req) ? undefined : 403;
}

function sendJson(res: ServerResponse, status: number, body: unknown): void {
  send(res, status, 'application/json; charset=utf-8', JSON.stringify(body));
}

function send(res: ServerResponse, status: number, contentType: string, body: string): void {
  res.writeHead(status, {
    'content-type': contentType,
    'content-length': Buffer.byteLength(body),
    'cache-control': 'no-store',
  });
  // HEAD gets the headers only.
  res.end(res.req.method === 'HEAD' ? undefined : body);
}

function displayHost(host: string): string {
  if (host === '0.0.0.0' || host === '') return '127.0.0.1';
  if (host === '::') return '[::1]';
  return host.includes(':') ? `[${host}]` : host;
}
