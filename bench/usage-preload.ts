/**
 * Preloaded into a measured child process (`node --import tsx --import ./bench/usage-preload.ts …`):
 * on exit it writes the process's own peak RSS and CPU time to BENCH_USAGE_FILE. getrusage from
 * inside the process needs no GNU time binary and measures exactly the Node process, not a wrapper.
 */
import { writeFileSync } from 'node:fs';

const file = process.env['BENCH_USAGE_FILE'];
if (file) {
  process.on('exit', () => {
    const u = process.resourceUsage();
    writeFileSync(
      file,
      JSON.stringify({ maxRssKb: u.maxRSS, userCpuMs: Math.round(u.userCPUTime / 1000), systemCpuMs: Math.round(u.systemCPUTime / 1000) }),
    );
  });
}
