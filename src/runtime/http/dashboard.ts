import type { IncomingMessage, ServerResponse } from 'node:http';
import { DateTime } from 'luxon';
import { DIMENSIONS } from '../../core/insight/types.js';
import type { Dimension, InsightReport } from '../../core/insight/types.js';
import { isHandoffError } from '../../domain/errors.js';
import type { InsightRequest } from '../../jobs/insight/report.js';
import type { ReviewItem } from '../../jobs/review.js';
import type { Logger } from '../../lib/logger.js';
import { renderInsightHtml } from '../insight/html.js';
import { openReviews, renderReviewsHtml } from '../insight/reviews-html.js';
import { loginPage } from './login-page.js';
import { bearerToken, cookieOf, isLoopbackCaller, sameOrigin, sameSecret, SESSION_COOKIE, SESSION_TTL_MS, sessionValue, validSession } from './access.js';

export interface DashboardOptions {
  /** HANDOFF_HTTP_TOKEN; without it only loopback callers get in. */
  token?: string | undefined;
  /** The one code path `handoff report` uses too. Throws a UsageError for a bad request. */
  report: (request: InsightRequest) => Promise<InsightReport>;
  logger: Logger;
  /** Wall-clock milliseconds for session expiry (real time even when the daemon follows a simulated clock). */
  nowMs?: () => number;
  /** The shared glossary as `handoff glossary --html` renders it, served at `/dashboard/glossary` and linked from the page; absent: 404. */
  glossary?: () => string;
  /**
   * The ambiguous matches: `list` is the one code path `handoff review list --json` uses too. Served at
   * `/dashboard/reviews` (the open ones, with the command that resolves each) and
   * `/dashboard/reviews/data` (the list as JSON), counted and linked from the page; absent: 404.
   */
  reviews?: { list: () => Promise<ReviewItem[]>; salesforceUrl: string | null };
}

const MAX_BODY = 4_096;
const HTML_HEADERS = {
  'content-type': 'text/html; charset=utf-8',
  'cache-control': 'no-store',
  // Nothing but the page's own inline styles and a form posting back here.
  'content-security-policy': "default-src 'none'; style-src 'unsafe-inline'; img-src data:; form-action 'self'; frame-ancestors 'none'; base-uri 'none'",
  'x-content-type-options': 'nosniff',
  // same-origin, not no-referrer: with no-referrer a browser sends "Origin: null" on the login form's POST.
  'referrer-policy': 'same-origin',
};

/**
 * `/dashboard` (the report as a page, with filters), `/dashboard/data` (the same object as
 * `handoff report --json`), `/dashboard/glossary` (the shared definitions, when given),
 * `/dashboard/reviews` and `/dashboard/reviews/data` (the ambiguous matches, when given) and `POST /dashboard/login` / `/dashboard/logout`. With a token, a page
 * needs the session cookie that login sets (or the token as a bearer header, for scripts); without
 * one, loopback callers only.
 */
export function createDashboard(options: DashboardOptions): (req: IncomingMessage, res: ServerResponse) => Promise<void> {
  const token = options.token === '' ? undefined : options.token;
  const nowMs = options.nowMs ?? Date.now;
  const log = options.logger.child({ component: 'dashboard' });

  const allowed = (req: IncomingMessage): boolean => {
    if (token === undefined) return isLoopbackCaller(req);
    const bearer = bearerToken(req);
    if (bearer !== undefined) return sameSecret(bearer, token);
    return validSession(cookieOf(req, SESSION_COOKIE), nowMs(), token);
  };

  return async (req, res) => {
    const url = new URL(req.url ?? '/', 'http://dashboard.invalid');
    const path = url.pathname;
    if (path === '/dashboard/login' || path === '/dashboard/logout') {
      if (req.method !== 'POST') return sendText(res, 405, 'method not allowed', { allow: 'POST' });
      // A login or logout posted from another site's page is refused (cross-site request forgery).
      if (!sameOrigin(req)) return sendText(res, 403, 'refused: the Origin of this request does not match the Host');
      if (path === '/dashboard/logout') return redirect(res, `${SESSION_COOKIE}=; HttpOnly; SameSite=Strict; Path=/dashboard; Max-Age=0`);
      if (token === undefined) return sendText(res, 404, 'no HANDOFF_HTTP_TOKEN is set: the dashboard answers loopback callers without logging in');
      const body = await readBody(req);
      const given = body === null ? undefined : (new URLSearchParams(body).get('token') ?? undefined);
      if (given === undefined || !sameSecret(given, token)) {
        log.warn('dashboard login refused');
        return sendHtml(res, 401, loginPage('That token is not the one this server has.'));
      }
      return redirect(res, `${SESSION_COOKIE}=${sessionValue(nowMs(), token)}; HttpOnly; SameSite=Strict; Path=/dashboard; Max-Age=${SESSION_TTL_MS / 1000}`);
    }
    const glossary = path === '/dashboard/glossary' ? options.glossary : undefined;
    const reviews = path === '/dashboard/reviews' || path === '/dashboard/reviews/data' ? options.reviews : undefined;
    if (path !== '/dashboard' && path !== '/dashboard/data' && glossary === undefined && reviews === undefined) return sendText(res, 404, 'not found');
    if (req.method !== 'GET' && req.method !== 'HEAD') return sendText(res, 405, 'method not allowed', { allow: 'GET, HEAD' });
    if (!allowed(req)) {
      if (token === undefined) return sendText(res, 403, 'forbidden: without HANDOFF_HTTP_TOKEN the dashboard answers loopback callers only');
      return path.endsWith('/data') ? sendText(res, 401, 'unauthorized: log in at /dashboard', { 'www-authenticate': 'Bearer' }) : sendHtml(res, 401, loginPage());
    }
    if (glossary !== undefined) return sendHtml(res, 200, glossary());
    if (reviews !== undefined) {
      const items = await reviews.list();
      if (path === '/dashboard/reviews/data') return sendJson(res, items);
      return sendHtml(res, 200, renderReviewsHtml(items, { salesforceUrl: reviews.salesforceUrl, dashboardHref: '/dashboard', dataHref: '/dashboard/reviews/data', generatedAt: new Date(nowMs()).toISOString() }));
    }
    try {
      if (path === '/dashboard/data') {
        const report = await options.report(dataRequest(url.searchParams));
        return sendJson(res, report);
      }
      const { request, chrome } = pageRequest(url.searchParams);
      const report = await options.report(request);
      const open = options.reviews ? openReviews(await options.reviews.list()).length : null;
      return sendHtml(
        res,
        200,
        renderInsightHtml(report, { ...chrome, ...lastDays(report.period), ...(options.glossary ? { glossaryHref: '/dashboard/glossary' } : {}), ...(open === null ? {} : { reviews: { href: '/dashboard/reviews', open } }) }),
      );
    } catch (err) {
      if (isHandoffError(err) && (err.code === 'USAGE' || err.code === 'CONFIG_INVALID')) return sendText(res, 400, err.message);
      throw err;
    }
  };
}

function dimension(value: string | null): Dimension | undefined {
  return value !== null && (DIMENSIONS as readonly string[]).includes(value) ? (value as Dimension) : undefined;
}

/** `/dashboard/data` takes what `handoff report` takes: since, until (not included), by, where=dimension=value. */
export function dataRequest(q: URLSearchParams): InsightRequest {
  const where = q.get('where');
  let filter: InsightRequest['filter'];
  if (where) {
    const eq = where.indexOf('=');
    const d = dimension(eq > 0 ? where.slice(0, eq) : null);
    if (d !== undefined) filter = { dimension: d, value: where.slice(eq + 1) };
  }
  return { since: q.get('since') || undefined, until: q.get('until') || undefined, by: dimension(q.get('by')), filter };
}

/** The page's form: since and `to` (the last day, included), a breakdown (source by default) and an optional filter. */
function pageRequest(q: URLSearchParams): { request: InsightRequest; chrome: { action: string; by: Dimension; filter: NonNullable<InsightRequest['filter']> | null } } {
  const by = dimension(q.get('by')) ?? 'source';
  const to = q.get('to');
  const until = to && /^\d{4}-\d{2}-\d{2}$/.test(to) ? (DateTime.fromISO(to).plus({ days: 1 }).toISODate() ?? undefined) : q.get('until') || undefined;
  const whereDim = dimension(q.get('where'));
  const value = q.get('value') ?? '';
  const filter = whereDim !== undefined && value !== '' ? { dimension: whereDim, value } : undefined;
  return { request: { since: q.get('since') || undefined, until, by, filter }, chrome: { action: '/dashboard', by, filter: filter ?? null } };
}

function lastDays(period: InsightReport['period']): { since: string; until: string } {
  const day = (ms: number): string => DateTime.fromMillis(ms, { zone: period.timeZone }).toISODate() ?? '';
  return { since: day(Date.parse(period.since)), until: day(Date.parse(period.until) - 1) };
}

async function readBody(req: IncomingMessage): Promise<string | null> {
  const chunks: Buffer[] = [];
  let size = 0;
  for await (const chunk of req) {
    size += (chunk as Buffer).length;
    if (size > MAX_BODY) return null;
    chunks.push(chunk as Buffer);
  }
  return Buffer.concat(chunks).toString('utf8');
}

function send(res: ServerResponse, status: number, headers: Record<string, string>, body: string): void {
  res.writeHead(status, { ...headers, 'content-length': Buffer.byteLength(body) });
  res.end(res.req.method === 'HEAD' ? undefined : body);
}

function sendJson(res: ServerResponse, value: unknown): void {
  send(res, 200, { 'content-type': 'application/json; charset=utf-8', 'cache-control': 'no-store' }, JSON.stringify(value));
}

function sendHtml(res: ServerResponse, status: number, body: string): void {
  send(res, status, HTML_HEADERS, body);
}

function sendText(res: ServerResponse, status: number, message: string, headers: Record<string, string> = {}): void {
  send(res, status, { 'content-type': 'text/plain; charset=utf-8', 'cache-control': 'no-store', ...headers }, `${message}\n`);
}

function redirect(res: ServerResponse, cookie: string): void {
  res.writeHead(303, { location: '/dashboard', 'set-cookie': cookie, 'cache-control': 'no-store', 'content-length': 0 });
  res.end();
}
