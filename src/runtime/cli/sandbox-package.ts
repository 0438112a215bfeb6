// Types only (erased from the build): at run time the package is only ever loaded by loadSandbox().
import type * as Sandbox from '@handoff/sandbox';
import { UsageError } from '../../domain/errors.js';

export type SandboxPackage = typeof Sandbox;

const PACKAGE = '@handoff/sandbox';

/** Said when the sandbox is not installed: production installs and the Docker image leave it out. */
export const SANDBOX_MISSING =
  `the sandbox (${PACKAGE}) is not installed here: production installs leave it out. ` +
  'It comes with a clone of the repository: run `npm install` there, then `node bin/handoff.js demo` (or `npm run demo`).';

function isMissing(err: unknown): boolean {
  const e = err as { code?: unknown; message?: unknown } | null;
  return (
    typeof e?.code === 'string' &&
    ['ERR_MODULE_NOT_FOUND', 'MODULE_NOT_FOUND'].includes(e.code) &&
    typeof e.message === 'string' &&
    e.message.includes(PACKAGE)
  );
}

/**
 * Loads the sandbox package, which only `demo` and `sandbox` need. Where it is not installed the
 * command stops with a usage error (exit 2) that says how to get it; any other failure propagates.
 */
export async function loadSandbox(): Promise<SandboxPackage> {
  try {
    return await import('@handoff/sandbox');
  } catch (err) {
    if (isMissing(err)) throw new UsageError(SANDBOX_MISSING);
    throw err;
  }
}
