import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';

export interface SlackPost {
  channel: string;
  text: string;
  blocks: unknown[];
  /** When it arrived, by `now` (ms). */
  at: number;
}

export interface FakeSlack {
  /** e.g. http://127.0.0.1:PORT/api */
  baseUrl: string;
  posts: SlackPost[];
  lookups: string[];
  /** The clock posts are stamped with (wall time unless a test sets a simulated one). */
  now: () => number;
  /** Slack user ids by email; an unknown email answers users_not_found. */
  users: Map<string, string>;
  /** Answers for the next calls of a method, in order (then normal service). */
  failNext(method: string, ...answers: { status: number; error?: string; retryAfter?: number }[]): void;
  /** Resolves once `count` posts have arrived. */
  waitFor(count: number): Promise<SlackPost[]>;
  stop(): Promise<void>;
}

const TOKEN = 'xoxb-test-token';
export const FAKE_SLACK_TOKEN = TOKEN;

/** A Slack Web API stand-in: users.lookupByEmail and chat.postMessage, with the bot token checked. */
export async function startFakeSlack(): Promise<FakeSlack> {
  const posts: SlackPost[] = [];
  const lookups: string[] = [];
  const users = new Map<string, string>();
  const failures = new Map<string, { status: number; error?: string; retryAfter?: number }[]>();
  const waiters: (() => void)[] = [];
  const stamp = { now: (): number => Date.now() };
  const server = createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', () => {
      const url = new URL(req.url ?? '/', 'http://x');
      const method = url.pathname.replace(/^\/api\//, '');
      const reply = (status: number, body: unknown, headers: Record<string, string> = {}): void => {
        res.writeHead(status, { 'content-type': 'application/json', ...headers });
        res.end(JSON.stringify(body));
      };
      if (req.headers.authorization !== `Bearer ${TOKEN}`) return reply(200, { ok: false, error: 'invalid_auth' });
      const failure = failures.get(method)?.shift();
      if (failure) return reply(failure.status, { ok: false, error: failure.error ?? 'internal_error' }, failure.retryAfter === undefined ? {} : { 'retry-after': String(failure.retryAfter) });
      if (method === 'users.lookupByEmail') {
        const email = url.searchParams.get('email') ?? '';
        lookups.push(email);
        const id = users.get(email.toLowerCase());
        return id === undefined ? reply(200, { ok: false, error: 'users_not_found' }) : reply(200, { ok: true, user: { id } });
      }
      if (method === 'chat.postMessage') {
        const body = JSON.parse(Buffer.concat(chunks).toString('utf8')) as Omit<SlackPost, 'at'>;
        posts.push({ channel: body.channel, text: body.text, blocks: body.blocks, at: stamp.now() });
        for (const wake of waiters.splice(0)) wake();
        return reply(200, { ok: true, channel: body.channel, ts: `${posts.length}.000` });
      }
      return reply(200, { ok: false, error: 'unknown_method' });
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return {
    baseUrl: `http://127.0.0.1:${port}/api`,
    posts,
    lookups,
    users,
    get now() {
      return stamp.now;
    },
    set now(fn: () => number) {
      stamp.now = fn;
    },
    failNext(method, ...answers) {
      failures.set(method, [...(failures.get(method) ?? []), ...answers]);
    },
    async waitFor(count) {
      while (posts.length < count) await new Promise<void>((resolve) => waiters.push(resolve));
      return posts;
    },
    stop: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}
