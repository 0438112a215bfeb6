import type { Clock } from '../../ports/clock.js';
import type { CacheStore } from '../../ports/salesforce.js';
import { mapSlackError, networkCode } from './map-error.js';

export interface SlackApiOptions {
  token: string;
  /** https://slack.com/api, or a local fake in tests. */
  baseUrl: string;
  fetch: typeof fetch;
  clock: Clock;
  timeoutMs: number;
  /** Remembers each Salesforce user's Slack id (users.lookupByEmail is rate-limited, Tier 3). */
  cache: CacheStore;
  cacheHours: number;
}

interface SlackAnswer {
  ok?: boolean;
  error?: string;
  user?: { id?: string };
}

/** The two Slack Web API methods the notifier needs. Retries are the notifier's (lib/retry.ts around each send). */
export class SlackApi {
  calls = 0;
  constructor(private readonly opts: SlackApiOptions) {}

  /** The Slack user id for a Salesforce user, found by email and cached under the Salesforce id (no address in the key). */
  async userIdFor(salesforceUserId: string, email: string): Promise<string> {
    const key = `notify.slack.user.${salesforceUserId}`;
    const cached = await this.opts.cache.getCache(key);
    if (cached !== null && typeof cached.value === 'string') return cached.value;
    const answer = await this.call('users.lookupByEmail', 'GET', new URLSearchParams({ email }));
    const id = answer.user?.id;
    if (typeof id !== 'string' || id === '') throw mapSlackError('users.lookupByEmail', { slackError: 'users_not_found' });
    const expires = new Date(this.opts.clock.now() + this.opts.cacheHours * 3_600_000).toISOString();
    await this.opts.cache.setCache(key, id, expires);
    return id;
  }

  /** chat.postMessage to a channel id, or to a user id (a direct message from the app). */
  async postMessage(channel: string, text: string, blocks: unknown[]): Promise<void> {
    await this.call('chat.postMessage', 'POST', { channel, text, blocks, unfurl_links: false });
  }

  private async call(method: string, verb: 'GET' | 'POST', payload: URLSearchParams | Record<string, unknown>): Promise<SlackAnswer> {
    const url = `${this.opts.baseUrl.replace(/\/+$/, '')}/${method}`;
    this.calls += 1;
    let res: Response;
    try {
      res = await this.opts.fetch(verb === 'GET' ? `${url}?${String(payload)}` : url, {
        method: verb,
        headers: { authorization: `Bearer ${this.opts.token}`, ...(verb === 'POST' ? { 'content-type': 'application/json; charset=utf-8' } : {}) },
        ...(verb === 'POST' ? { body: JSON.stringify(payload) } : {}),
        redirect: 'manual',
        signal: AbortSignal.timeout(this.opts.timeoutMs),
      });
    } catch (err) {
      throw mapSlackError(method, { networkCode: networkCode(err) });
    }
    const retryAfter = Number(res.headers.get('retry-after'));
    const body = (await res.json().catch(() => ({}))) as SlackAnswer;
    if (res.status !== 200 || body.ok !== true) {
      throw mapSlackError(method, {
        status: res.status,
        ...(typeof body.error === 'string' ? { slackError: body.error } : {}),
        ...(Number.isFinite(retryAfter) && retryAfter > 0 ? { retryAfterSeconds: retryAfter } : {}),
      });
    }
    return body;
  }
}
