import { afterEach, describe, expect, it, vi } from 'vitest';
import { ConfigError, HandoffError } from '../../src/domain/errors.js';
import { exitCodeFor } from '../../src/runtime/cli/main.js';

/** What exitCodeFor writes to stderr for `err`, and the exit code it picks. */
function run(err: unknown): { code: number; stderr: string } {
  const written: string[] = [];
  vi.spyOn(process.stderr, 'write').mockImplementation((chunk: string | Uint8Array) => {
    written.push(String(chunk));
    return true;
  });
  const code = exitCodeFor(err);
  vi.restoreAllMocks();
  return { code, stderr: written.join('') };
}

describe('exitCodeFor: how a command that ends in an error is reported', () => {
  afterEach(() => vi.restoreAllMocks());

  it("prints a vendor's message with emails and phone numbers redacted, and exits by the policy", () => {
    const err = new HandoffError('AUTH_FAILED', 'Salesforce INVALID_LOGIN: user ana.lima@acme.example, phone +1 415 555 0100', { system: 'salesforce' });
    const r = run(err);
    expect(r.code).toBe(1);
    expect(r.stderr).toBe('handoff: Salesforce INVALID_LOGIN: user [redacted], phone [redacted]\n');
  });

  it('prints an unexpected error redacted too, without a stack', () => {
    const r = run(new Error('cannot read ana.lima@acme.example'));
    expect(r.code).toBe(1);
    expect(r.stderr).toBe('handoff: unexpected error: cannot read [redacted]\n');
  });

  it('configuration problems are printed as written, one per line, exit 2', () => {
    const r = run(new ConfigError(['routing.yaml:4 teams[0].users[0]: "sam@acme.example" is not a Salesforce user']));
    expect(r.code).toBe(2);
    expect(r.stderr).toBe('Configuration is invalid (1 problem):\nrouting.yaml:4 teams[0].users[0]: "sam@acme.example" is not a Salesforce user\n');
  });
});
