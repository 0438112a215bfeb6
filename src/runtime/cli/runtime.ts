import dotenv from 'dotenv';
import { loadConfig } from '../../config/load.js';
import type { Config } from '../../config/load.js';
import { createLogger } from '../../lib/logger.js';
import type { Logger } from '../../lib/logger.js';
import { terminalJson } from './terminal.js';

let envLoaded = false;

/** dotenv loads .env once; variables already set in the environment win over the file. */
export function loadDotenv(): void {
  if (envLoaded) return;
  envLoaded = true;
  dotenv.config({ quiet: true });
}

export function loadCliConfig(): Config {
  loadDotenv();
  return loadConfig({ env: process.env });
}

/** LOG_FORMAT wins; otherwise readable on a terminal and JSON lines elsewhere. */
export function cliLogger(config?: Config): Logger {
  loadDotenv();
  const format =
    config?.env.LOG_FORMAT ??
    (process.env.LOG_FORMAT === 'json' || process.env.LOG_FORMAT === 'pretty'
      ? process.env.LOG_FORMAT
      : process.stderr.isTTY
        ? 'pretty'
        : 'json');
  const level = config?.env.LOG_LEVEL ?? 'info';
  return createLogger({ level, format });
}

/** Prints a value as one JSON line on stdout: the machine-readable face of every reporting command. */
export function printJson(value: unknown): void {
  process.stdout.write(`${terminalJson(value)}\n`);
}
