import { EXIT } from '../exit-codes.js';
import type { Logger } from '../../lib/logger.js';
import type { StateStore } from '../../ports/state.js';
import type { Scheduler } from './scheduler.js';
import { DEFAULT_STOP_DEADLINE_MS } from './scheduler.js';

export type StopSignal = 'SIGTERM' | 'SIGINT';

/** Where stop requests come from; `process` in production. */
export interface SignalSource {
  on(event: StopSignal, listener: () => void): unknown;
  off(event: StopSignal, listener: () => void): unknown;
}

export interface RunDaemonOptions {
  scheduler: Scheduler;
  httpServer?: { stop(): Promise<void> };
  store: Pick<StateStore, 'close'>;
  logger: Logger;
  /** How long a running cycle gets to checkpoint after a stop signal. Default 8 s, inside `docker stop`'s 10. */
  deadlineMs?: number;
  /** Run a cycle right away instead of waiting for the first tick. Default true. */
  runAtStart?: boolean;
  signals?: SignalSource;
}

const STOP_SIGNALS: readonly StopSignal[] = ['SIGTERM', 'SIGINT'];

/**
 * Runs the scheduler until SIGTERM or SIGINT, then stops gracefully: the running cycle is
 * aborted and given the deadline to checkpoint, the lease is released, the HTTP server and the
 * store are closed. Resolves with the exit code (0 after a graceful stop) for the caller to exit
 * with. A second signal during the stop gives up waiting and resolves with 1 at once.
 */
export async function runDaemon(opts: RunDaemonOptions): Promise<number> {
  const log = opts.logger.child({ component: 'daemon' });
  const signals = opts.signals ?? process;
  const deadlineMs = opts.deadlineMs ?? DEFAULT_STOP_DEADLINE_MS;

  let onSignal: (signal: StopSignal) => void = () => undefined;
  const requested = new Promise<StopSignal>((resolve) => {
    onSignal = resolve;
  });
  let forced: (code: number) => void = () => undefined;
  const forcedExit = new Promise<number>((resolve) => {
    forced = resolve;
  });
  let stopping = false;
  const listeners = STOP_SIGNALS.map((signal) => {
    const listener = (): void => {
      if (!stopping) {
        stopping = true;
        onSignal(signal);
        return;
      }
      log.warn('second stop signal: exiting without waiting any longer', { signal });
      forced(EXIT.RUN_FAILED);
    };
    signals.on(signal, listener);
    return { signal, listener };
  });

  try {
    await opts.scheduler.start();
    log.info('daemon running', { role: opts.scheduler.lease?.role ?? 'single' });
    // Not awaited: a stop signal must be able to interrupt the first cycle too.
    if (opts.runAtStart ?? true) void opts.scheduler.runNow();
    const signal = await requested;
    log.info('stop requested; stopping gracefully', { signal, deadlineMs });
    return await Promise.race([shutdown(opts, deadlineMs, log), forcedExit]);
  } catch (error) {
    log.error('daemon failed', { error });
    return EXIT.RUN_FAILED;
  } finally {
    for (const { signal, listener } of listeners) signals.off(signal, listener);
  }
}

async function shutdown(opts: RunDaemonOptions, deadlineMs: number, log: Logger): Promise<number> {
  let code: number = EXIT.OK;
  const step = async (what: string, fn: () => Promise<unknown>): Promise<void> => {
    try {
      await fn();
    } catch (error) {
      log.error(`stop: ${what} failed`, { error });
      code = EXIT.RUN_FAILED;
    }
  };
  // The scheduler first: it releases the lease while the store is still open.
  await step('scheduler', () => opts.scheduler.stop(deadlineMs));
  if (opts.httpServer) {
    const http = opts.httpServer;
    await step('http server', () => http.stop());
  }
  await step('state store', () => opts.store.close());
  log.info('daemon stopped', { exitCode: code });
  return code;
}
