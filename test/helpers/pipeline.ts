import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { App } from '../../src/runtime/app.js';
import type { Deps } from '../../src/jobs/deps.js';
import { loadConfig } from '../../src/config/load.js';
import type { Config } from '../../src/config/load.js';
import { noopLogger } from '../../src/lib/logger.js';
import { routingUsers } from '../../src/runtime/cli/routing-users.js';
import { startSandbox } from '@handoff/sandbox';
import type { Dataset, RunningSandbox, SandboxOptions } from '@handoff/sandbox';

export const CONFIG_DIR = join(import.meta.dirname, '..', '..', 'config');

export interface Harness {
  sandbox: RunningSandbox;
  config: Config;
  dbUrl: string;
  newApp(): App;
  /** The ports of a new App, for running jobs. */
  newDeps(): Promise<Deps>;
  stop(): Promise<void>;
}

/** A sandbox with the dataset (plus the users routing.yaml names), the shipped config pointed at it, and a fresh SQLite state. */
export async function startHarness(dataset: Dataset, opts: SandboxOptions & { dir?: string; env?: Record<string, string> } = {}): Promise<Harness> {
  const base = loadConfig({ env: {}, dir: opts.dir ?? CONFIG_DIR });
  const sandbox = await startSandbox({ ...opts, dataset, users: routingUsers(base.routing) });
  const dbUrl = `sqlite:${join(mkdtempSync(join(tmpdir(), 'handoff-state-')), 'handoff.db')}`;
  const config = loadConfig({ env: { ...sandbox.env, HANDOFF_DATABASE_URL: dbUrl, ...opts.env }, dir: opts.dir ?? CONFIG_DIR });
  const apps: App[] = [];
  const newApp = (): App => {
    const app = new App({ config, logger: noopLogger, retry: { retries: 4, baseDelayMs: 5, maxDelayMs: 20 } });
    apps.push(app);
    return app;
  };
  return {
    sandbox,
    config,
    dbUrl,
    newApp,
    newDeps: () => newApp().deps(),
    async stop() {
      for (const a of apps) await a.close();
      await sandbox.stop();
    },
  };
}

/** Salesforce records as the emulator holds them (no API allocation used). */
export function sfQuery(h: Harness, soql: string): Record<string, unknown>[] {
  return h.sandbox.control.salesforce.query(soql);
}
