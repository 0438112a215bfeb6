import { spawn } from 'node:child_process';
import { once } from 'node:events';
import { describe, expect, it } from 'vitest';
import { isProcessAlive } from '../../../src/lib/process-alive.js';

describe('isProcessAlive', () => {
  it('sees this process', () => {
    expect(isProcessAlive(process.pid)).toBe(true);
  });

  it('no longer sees a process once it has exited', async () => {
    const child = spawn(process.execPath, ['-e', '']);
    const pid = child.pid;
    await once(child, 'exit');
    expect(pid).toBeTypeOf('number');
    expect(isProcessAlive(pid as number)).toBe(false);
  });
});
