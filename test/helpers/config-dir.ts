import { cpSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { loadConfig } from '../../src/config/load.js';
import { ConfigError } from '../../src/domain/errors.js';

/** A throwaway copy of the shipped config/ that a test may edit. */
export function copyShippedConfig(): string {
  const dir = mkdtempSync(join(tmpdir(), 'handoff-config-'));
  cpSync(join(import.meta.dirname, '..', '..', 'config'), dir, { recursive: true });
  return dir;
}

export function editFile(dir: string, file: string, edit: (text: string) => string): void {
  const path = join(dir, file);
  const before = readFileSync(path, 'utf8');
  const after = edit(before);
  if (after === before) throw new Error(`edit of ${file} changed nothing`);
  writeFileSync(path, after);
}

/** The problems loading the config in `dir` reports (it must fail with a ConfigError). */
export function configProblems(dir: string): string[] {
  try {
    loadConfig({ env: {}, dir });
  } catch (err) {
    if (err instanceof ConfigError) return err.problems;
    throw err;
  }
  throw new Error('expected a ConfigError');
}
