/**
 * Admin entry point: `node --import tsx scripts/replay.ts [--id ID]... [--code CODE] [--since DATE] [--dry-run] [--json]`.
 * The same as `handoff replay …`, for operators working from a checkout.
 */
import { exitCodeFor, main } from '../src/runtime/cli/main.js';

const [node = process.execPath, script = 'scripts/replay.ts', ...args] = process.argv;
main([node, script, 'replay', ...args]).then(
  (code) => {
    process.exitCode = code;
  },
  (err: unknown) => {
    process.exitCode = exitCodeFor(err);
  },
);
