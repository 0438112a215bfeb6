/**
 * The admin's entry point for historical handoffs:
 *   node --import tsx scripts/backfill.ts --since 2025-01-01 --until 2025-03-31 [--dry-run] [--with-tasks] [--json]
 * Same as `handoff backfill …` (docs/backfill.md).
 */
import { exitCodeFor, main } from '../src/runtime/cli/main.js';

const [node = process.execPath, script = 'scripts/backfill.ts', ...args] = process.argv;
main([node, script, 'backfill', ...args]).then(
  (code) => {
    process.exitCode = code;
  },
  (err: unknown) => {
    process.exitCode = exitCodeFor(err);
  },
);
