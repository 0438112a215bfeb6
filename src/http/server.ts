import { createServer } from 'node:http';
import type { IncomingMessage, ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import type { Logger } from '../lib/logger.js';
import type { Metrics } from './metrics.js';

export interface ReadinessCheck {
  ok: boolean;
  detail?: string;
}

export interface Readiness {
  ready: boolean;
  checks: Record<string, ReadinessCheck>;
  role?: 'leader' | 'standby' | 'single';
}

export interface HttpServerOptions {
  port: number;
  host: string;
  logger: Logger;
  readiness: () => Promise<Readiness>;
  metrics: Metrics;
  /** A readiness probe that hangs is answered 503 after this long rather than left open. */
  readinessTimeoutMs?: number;
}

export interface RunningHttpServer {
  /** Base URL clients can use; a wildcard bind address is shown as loopback. */
  url: string;
  port: number;
  stop(): Promise<void>;
}

export const DEFAULT_READINESS_TIMEOUT_MS = 5_000;

/** Health, readiness and metrics endpoints for orchestrators and Prometheus. Nothing else is served. */
export async function startHttpServer(options: HttpServerOptions): Promise<RunningHttpServer> {
  const log = options.logger.child({ component: 'http' });
  const readinessTimeoutMs = options.readinessTimeoutMs ?? DEFAULT_READINESS_TIMEOUT_MS;

  const routes: Record<string, (res: ServerResponse) => Promise<void>> = {
    // Liveness means only that the event loop answers; it must not depend on HubSpot or Salesforce,
    // or an outage there would get a healthy process restarted in a loop.
    '/healthz': async (res) => sendJson(res, 200, { status: 'ok' }),
    '/readyz': async (res) => {
      const readiness = await checkReadiness(options.readiness, readinessTimeoutMs, log);
      sendJson(res, readiness.ready ? 200 : 503, readiness);
    },
    '/metrics': async (res) => {
      const body = await options.metrics.registry.metrics();
      send(res, 200, options.metrics.registry.contentType, body);
    },
  };

  const server = createServer((req, res) => {
    void handle(req, res).catch((err: unknown) => {
      log.error('http handler failed', { path: pathOf(req), error: err });
      if (!res.headersSent) sendJson(res, 500, { error: 'internal_error' });
      else res.destroy();
    });
  });
  // Probes and scrapes are tiny; anything slow is a stuck or hostile client.
  server.requestTimeout = 10_000;
  server.headersTimeout = 5_000;

  async function handle(req: IncomingMessage, res: ServerResponse): Promise<void> {
    const path = pathOf(req);
    const handler = Object.hasOwn(routes, path) ? routes[path] : undefined;
    if (handler === undefined) {
      sendJson(res, 404, { error: 'not_found', path });
      return;
    }
    if (req.method !== 'GET' && req.method !== 'HEAD') {
      res.setHeader('allow', 'GET, HEAD');
      sendJson(res, 405, { error: 'method_not_allowed' });
      return;
    }
    await handler(res);
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
