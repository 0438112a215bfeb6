import type { App } from '../app.js';
import { HandoffError } from '../domain/errors.js';
import type { Fence } from '../state/store.js';

export const WRITER_LOCK = 'writer';

/**
 * One writer at a time: sync, backfill, replay and the daemon take the same lease. A second one
 * is told who holds it and stops (exit 2). The lease is renewed while the work runs.
 */
export async function withWriterLock<T>(app: App, command: string, fn: (fence: Fence) => Promise<T>, ttlMs = 120_000): Promise<T> {
  const store = await app.store();
  const holder = app.holder(command);
  const got = await store.acquireLock(WRITER_LOCK, holder, ttlMs);
  if (!got.ok) {
    throw new HandoffError(
      'LOCKED',
      `another Handoff process is writing: ${got.heldBy.command} (pid ${got.heldBy.pid} on ${got.heldBy.host}, since ${got.acquiredAt}, lease until ${got.expiresAt}). Try again when it has finished.`,
    );
  }
  const fence: Fence = { name: WRITER_LOCK, token: got.token };
  const timer = setInterval(() => {
    void store.renewLock(WRITER_LOCK, fence.token, ttlMs).catch(() => undefined);
  }, Math.max(1_000, Math.floor(ttlMs / 3)));
  timer.unref();
  try {
    return await fn(fence);
  } finally {
    clearInterval(timer);
    await store.releaseLock(WRITER_LOCK, fence.token).catch(() => false);
  }
}
