import { spawn } from 'node:child_process';
import { cpSync, mkdtempSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';

const ROOT = resolve(import.meta.dirname, '..', '..');
const DEPCRUISE = join(ROOT, 'node_modules', 'dependency-cruiser', 'bin', 'dependency-cruiser.mjs');

interface Checked {
  code: number | null;
  output: string;
}

/** What `npm run lint:deps` runs, in a directory: its tsconfig.json and the project's rules over `roots`. */
function checkLayers(cwd: string, roots: readonly string[] = ['src']): Promise<Checked> {
  return new Promise((done, fail) => {
    const proc = spawn(process.execPath, [DEPCRUISE, ...roots, '--config', '.dependency-cruiser.cjs', '--output-type', 'err'], { cwd, stdio: ['ignore', 'pipe', 'pipe'] });
    let output = '';
    proc.stdout.on('data', (d: Buffer) => (output += d.toString()));
    proc.stderr.on('data', (d: Buffer) => (output += d.toString()));
    proc.once('error', fail);
    proc.once('exit', (code) => done({ code, output }));
  });
}

const copies: string[] = [];
/** A copy of the tree to break on purpose, with the project's dependencies. */
function copyOfTree(): string {
  const dir = mkdtempSync(join(tmpdir(), 'handoff-layers-'));
  copies.push(dir);
  cpSync(join(ROOT, 'src'), join(dir, 'src'), { recursive: true });
  for (const f of ['tsconfig.json', 'tsconfig.base.json', '.dependency-cruiser.cjs', 'package.json']) cpSync(join(ROOT, f), join(dir, f));
  symlinkSync(join(ROOT, 'node_modules'), join(dir, 'node_modules'), 'dir');
  return dir;
}

afterAll(() => {
  for (const dir of copies) rmSync(dir, { recursive: true, force: true });
});

describe('layering check (npm run lint:deps)', () => {
  it('passes on the tree as it is', { timeout: 60_000 }, async () => {
    const { code, output } = await checkLayers(ROOT, ['src', 'packages/sandbox/src']);
    expect(output).toMatch(/no dependency violations found/);
    expect(code).toBe(0);
  });

  it('fails when a pure stage imports an adapter', { timeout: 60_000 }, async () => {
    const dir = copyOfTree();
    writeFileSync(join(dir, 'src', 'core', 'layering-probe.ts'), "import { soqlIn } from '../adapters/salesforce/soql.js';\n\nexport const probe = soqlIn(['a']);\n");
    const { code, output } = await checkLayers(dir);
    expect(code).not.toBe(0);
    expect(output).toMatch(/core-is-pure: src\/core\/layering-probe\.ts → src\/adapters\/salesforce\/soql\.ts/);
  });

  it('fails on a cycle made only of type imports', { timeout: 60_000 }, async () => {
    const dir = copyOfTree();
    writeFileSync(join(dir, 'src', 'lib', 'probe-a.ts'), "import type { B } from './probe-b.js';\n\nexport interface A {\n  b?: B;\n}\n");
    writeFileSync(join(dir, 'src', 'lib', 'probe-b.ts'), "import type { A } from './probe-a.js';\n\nexport interface B {\n  a?: A;\n}\n");
    const { code, output } = await checkLayers(dir);
    expect(code).not.toBe(0);
    expect(output).toMatch(/no-circular: src\/lib\/probe-a\.ts/);
  });

  it('fails when code outside the sandbox loader imports the sandbox package', { timeout: 60_000 }, async () => {
    const dir = copyOfTree();
    writeFileSync(join(dir, 'src', 'runtime', 'layering-probe.ts'), "export const load = () => import('@handoff/sandbox');\n");
    const { code, output } = await checkLayers(dir);
    expect(code).not.toBe(0);
    expect(output).toMatch(/sandbox-only-through-its-loader: src\/runtime\/layering-probe\.ts/);
  });
});
