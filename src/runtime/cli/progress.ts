import cliProgress from 'cli-progress';
import type { Logger } from '../../lib/logger.js';
import type { BackfillProgress } from '../../jobs/backfill/backfill.js';

export interface ProgressReporter {
  update(progress: BackfillProgress): void;
  /** Draws (or logs) the final counts and releases the terminal line. */
  stop(): void;
}

export interface ProgressOptions {
  /** Where the bar goes; stderr, so stdout stays for the summary or the JSON report. */
  stream?: NodeJS.WriteStream;
  /** Used when the stream is not a terminal: one log line per interval. */
  logger: Logger;
  intervalMs?: number;
  now?: () => number;
}

/** Contacts listed per second in this run: HubSpot's list has no total, so a rate is all there is. */
function rate(p: BackfillProgress): string {
  const seconds = p.elapsedMs / 1000;
  return seconds > 0 ? (p.scannedThisRun / seconds).toFixed(0) : '0';
}

function payload(p: BackfillProgress): Record<string, string | number> {
  return { processed: p.processed, scanned: p.scanned, pages: p.pages, rate: rate(p), leads: p.leadsCreated, tasks: p.tasksCreated };
}

/** Counts only: contacts are never named here. */
function counts(p: BackfillProgress): Record<string, number> {
  return {
    pages: p.pages,
    scanned: p.scanned,
    processed: p.processed,
    leadsCreated: p.leadsCreated,
    tasksCreated: p.tasksCreated,
    perSecond: Number(rate(p)),
  };
}

/**
 * A live line on a terminal (cli-progress); elsewhere (CI, cron, a log collector) periodic log
 * lines with the same counts. There is no total to draw a bar against, so both show counts and a rate.
 */
export function createProgress(options: ProgressOptions): ProgressReporter {
  const stream = options.stream ?? process.stderr;
  if (stream.isTTY) {
    const bar = new cliProgress.SingleBar({
      stream,
      format: 'Backfill  {processed} contacts in window | {scanned} listed ({pages} pages) | {rate} listed/s | {leads} Leads, {tasks} Tasks | {duration_formatted}',
      hideCursor: true,
      fps: 5,
    });
    let started = false;
    return {
      update(p) {
        if (!started) {
          bar.start(0, 0, payload(p));
          started = true;
        } else bar.update(payload(p));
      },
      stop() {
        if (started) bar.stop();
        started = false;
      },
    };
  }
  const now = options.now ?? Date.now;
  const interval = options.intervalMs ?? 10_000;
  let lastLog = now();
  let pending: BackfillProgress | null = null;
  return {
    update(p) {
      pending = p;
      if (now() - lastLog < interval) return;
      options.logger.info('backfill progress', counts(p));
      lastLog = now();
      pending = null;
    },
    stop() {
      if (pending) options.logger.info('backfill progress', counts(pending));
      pending = null;
    },
  };
}
