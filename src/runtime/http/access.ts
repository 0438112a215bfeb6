import { createHmac, timingSafeEqual } from 'node:crypto';
import type { IncomingMessage } from 'node:http';
import { isLoopbackHost } from '../../lib/loopback.js';

/** Constant-time comparison; a length mismatch is answered without comparing contents. */
export function sameSecret(given: string, expected: string): boolean {
  const a = Buffer.from(given);
  const b = Buffer.from(expected);
  return a.length === b.length && timingSafeEqual(a, b);
}

/** A proxy on the same host would make every caller look local, so a forwarded request never does. */
export function isLoopbackCaller(req: IncomingMessage): boolean {
  if (req.headers.forwarded !== undefined || req.headers['x-forwarded-for'] !== undefined) return false;
  return isLoopbackHost(req.socket.remoteAddress ?? '');
}

/** The bearer token of the request, if it sent one (never from the query string: that ends up in access logs). */
export function bearerToken(req: IncomingMessage): string | undefined {
  return /^Bearer ([^\s]+)\s*$/i.exec(req.headers.authorization ?? '')?.[1];
}

export const SESSION_COOKIE = 'handoff_dashboard';
export const SESSION_TTL_MS = 12 * 3_600_000;

function signature(expiresMs: number, token: string): string {
  return createHmac('sha256', token).update(`dashboard-session:${expiresMs}`).digest('base64url');
}

/**
 * A dashboard session is stateless: its expiry and an HMAC-SHA256 of it keyed by HANDOFF_HTTP_TOKEN.
 * Any replica holding the same token accepts it, a restart keeps it valid, and changing the token
 * ends every session at once.
 */
export function sessionValue(nowMs: number, token: string): string {
  const expires = nowMs + SESSION_TTL_MS;
  return `${expires}.${signature(expires, token)}`;
}

export function validSession(value: string | undefined, nowMs: number, token: string): boolean {
  const match = /^(\d{1,16})\.([A-Za-z0-9_-]{43})$/.exec(value ?? '');
  if (!match?.[1] || !match[2]) return false;
  const expires = Number(match[1]);
  // Expired, or further out than a session can be (forged or from a clock gone wrong).
  if (expires <= nowMs || expires > nowMs + SESSION_TTL_MS + 60_000) return false;
  return sameSecret(match[2], signature(expires, token));
}

export function cookieOf(req: IncomingMessage, name: string): string | undefined {
  for (const part of (req.headers.cookie ?? '').split(';')) {
    const eq = part.indexOf('=');
    if (eq > 0 && part.slice(0, eq).trim() === name) return part.slice(eq + 1).trim();
  }
  return undefined;
}

/** Whether a browser's Origin names this server (the Host it addressed); a missing Origin does not. */
export function sameOrigin(req: IncomingMessage): boolean {
  const origin = req.headers.origin;
  const host = req.headers.host;
  if (origin === undefined || host === undefined || origin === 'null') return false;
  try {
    return new URL(origin).host === host.toLowerCase();
  } catch {
    return false;
  }
}
