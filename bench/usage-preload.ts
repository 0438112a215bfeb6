/**
 * Preloaded into a measured child process (`node --import tsx --import ./bench/usage-preload.ts …`):
 * on exit it writes the process's own peak RSS and CPU time to BENCH_USAGE_FILE. getrusage from
 * inside the process needs no GNU time binary and measures exactly the Node process, not a wrapper.
 * It also samples the process's memory every 200 ms and keeps the sample of the highest RSS, split
 * into V8 heap (used and reserved), external memory and array buffers: what the peak is made of.
 */
import { writeFileSync } from 'node:fs';
import { writeHeapSnapshot } from 'node:v8';

const file = process.env['BENCH_USAGE_FILE'];
if (file) {
  const mb = (n: number): number => Math.round(n / 1_048_576);
  let peak = process.memoryUsage();
  // Diagnosis: BENCH_HEAP_SNAPSHOT_MB writes one heap snapshot (live objects only) to the working
  // directory the first time RSS reaches it.
  const snapshotAt = Number(process.env['BENCH_HEAP_SNAPSHOT_MB'] ?? Number.POSITIVE_INFINITY) * 1_048_576;
  let snapshotTaken = false;
  const timer = setInterval(() => {
    const m = process.memoryUsage();
    if (m.rss > peak.rss) peak = m;
    if (!snapshotTaken && m.rss >= snapshotAt) {
      snapshotTaken = true;
      process.stderr.write(`heap snapshot at ${Math.round(m.rss / 1_048_576)} MB RSS: ${writeHeapSnapshot()}\n`);
    }
  }, 200);
  timer.unref();
  process.on('exit', () => {
    const u = process.resourceUsage();
    writeFileSync(
      file,
      JSON.stringify({
        maxRssKb: u.maxRSS,
        userCpuMs: Math.round(u.userCPUTime / 1000),
        systemCpuMs: Math.round(u.systemCPUTime / 1000),
        atPeakMb: { rss: mb(peak.rss), heapUsed: mb(peak.heapUsed), heapTotal: mb(peak.heapTotal), external: mb(peak.external), arrayBuffers: mb(peak.arrayBuffers) },
      }),
    );
  });
}
