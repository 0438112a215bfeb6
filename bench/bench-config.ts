import { copyFileSync, mkdirSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { parseDocument } from 'yaml';
import { loadConfig } from '../src/config/load.js';
import type { Dataset } from '@handoff/sandbox';
import { ROOT } from './processes.js';
import { ENGAGEMENT_OBJECTS } from './sync-bench.js';
import type { EngagementCounter } from './sync-bench.js';

const SHIPPED_CONFIG = join(ROOT, 'config');

/** The shipped configuration with only the given sync settings changed (comments and all else kept). */
export function configWithSync(dir: string, sync: { initialLookbackDays: number; overlapSeconds?: number; chunkSize?: number }): string {
  mkdirSync(dir, { recursive: true });
  for (const f of readdirSync(SHIPPED_CONFIG)) if (f.endsWith('.yaml')) copyFileSync(join(SHIPPED_CONFIG, f), join(dir, f));
  const file = join(dir, 'handoff.yaml');
  const doc = parseDocument(readFileSync(file, 'utf8'));
  for (const [key, value] of Object.entries(sync)) doc.setIn(['sync', key], value);
  writeFileSync(file, doc.toString());
  const check = loadConfig({ env: {}, dir }).handoff.sync;
  for (const [key, value] of Object.entries(sync)) {
    if (check[key as keyof typeof check] !== value) throw new Error(`copied configuration reads sync.${key} ${String(check[key as keyof typeof check])}, expected ${String(value)}`);
  }
  return dir;
}

export function engagementCounter(dataset: Dataset): EngagementCounter {
  const stamps = new Map<string, number[]>();
  for (const kind of ENGAGEMENT_OBJECTS) {
    const objects = dataset.hubspot[kind as 'emails' | 'calls' | 'meetings' | 'notes'];
    stamps.set(
      kind,
      objects.filter((o) => !o.archived).map((o) => Date.parse(o.properties['hs_lastmodifieddate'] ?? o.updatedAt)),
    );
  }
  return (since, until) => Object.fromEntries(ENGAGEMENT_OBJECTS.map((k) => [k, (stamps.get(k) ?? []).filter((t) => t >= since && t <= until).length]));
}

