import { z } from 'zod';

/**
 * Scriptable faults, shared by both emulators. A rule matches requests by method and path
 * (a regular expression tested against the path without the query string) and fires for its
 * next `times` matches (omit for every match).
 *
 * kinds:
 * - status:  answer with `status` and the vendor's error body for `errorCode` / `message`;
 * - latency: wait `latencyMs`, then serve the request normally;
 * - reset:   destroy the socket without answering (ECONNRESET on the client);
 * - timeout: never answer; the socket stays open until the client gives up;
 * - expire-token: expire every issued token, then serve normally (the request itself gets a 401).
 */
export const faultRuleSchema = z.object({
  method: z.string().toUpperCase().optional(),
  path: z.string().default('.*'),
  kind: z.enum(['status', 'latency', 'reset', 'timeout', 'expire-token']),
  times: z.number().int().positive().optional(),
  status: z.number().int().min(400).max(599).optional(),
  errorCode: z.string().optional(),
  message: z.string().optional(),
  latencyMs: z.number().int().nonnegative().optional(),
  /** Seconds for a Retry-After header on a status fault. */
  retryAfter: z.number().int().nonnegative().optional(),
});
export type FaultRuleInput = z.input<typeof faultRuleSchema>;
export type FaultRule = z.output<typeof faultRuleSchema> & { id: number; remaining: number; fired: number };

export class FaultInjector {
  private rules: FaultRule[] = [];
  private nextId = 1;

  add(input: FaultRuleInput): FaultRule {
    const parsed = faultRuleSchema.parse(input);
    const rule: FaultRule = { ...parsed, id: this.nextId++, remaining: parsed.times ?? Infinity, fired: 0 };
    this.rules.push(rule);
    return rule;
  }

  /** Returns the first live rule matching the request and counts it as fired. */
  take(method: string, path: string): FaultRule | undefined {
    for (const rule of this.rules) {
      if (rule.remaining <= 0) continue;
      if (rule.method && rule.method !== method.toUpperCase()) continue;
      if (!new RegExp(rule.path).test(path)) continue;
      rule.remaining -= 1;
      rule.fired += 1;
      return rule;
    }
    return undefined;
  }

  list(): FaultRule[] {
    return this.rules.map((r) => ({ ...r }));
  }

  clear(): void {
    this.rules = [];
  }
}
