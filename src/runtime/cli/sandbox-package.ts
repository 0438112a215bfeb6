// Types only (erased from the build): at run time the package is only ever loaded by loadSandbox().
import type * as Sandbox from '@handoff/sandbox';
import { UsageError } from '../../domain/errors.js';

export type SandboxPackage = typeof Sandbox;

const PACKAGE = '@handoff/sandbox';

/** The package's module was not found: not installed at all, or linked from a clone but not built. */
function missing(err: unknown): 'not-installed' | 'not-built' | null {
  const e = err as { code?: unknown; message?: unknown } | null;
  if (e?.code !== 'ERR_MODULE_NOT_FOUND' || typeof e.message !== 'string') return null;
  if (e.message.includes(`${PACKAGE}/dist/`)) return 'not-built';
  return e.message.includes(`'${PACKAGE}'`) ? 'not-installed' : null;
}

/** What `command` says when the sandbox cannot be loaded, and how to get it. */
export function sandboxMissingMessage(command: 'demo' | 'sandbox', why: 'not-installed' | 'not-built'): string {
  if (why === 'not-built') return `the sandbox (${PACKAGE}) is not built: run \`npm run build\`, then \`node bin/handoff.js ${command}\` again.`;
  return (
    `the sandbox (${PACKAGE}) is not installed here: production installs leave it out. ` +
    `It comes with a clone of the repository: run \`npm install\` there, then \`node bin/handoff.js ${command}\`.`
  );
}

/**
 * Loads the sandbox package, which only `demo` and `sandbox` need. Where it cannot be found the
 * command stops with a usage error (exit 2) that says how to get it; any other failure propagates.
 */
export async function loadSandbox(command: 'demo' | 'sandbox'): Promise<SandboxPackage> {
  try {
    return await import('@handoff/sandbox');
  } catch (err) {
    const why = missing(err);
    if (why) throw new UsageError(sandboxMissingMessage(command, why));
    throw err;
  }
}
