import { Writable } from 'node:stream';
import { describe, expect, it } from 'vitest';
import { createLogger } from '../../src/lib/logger.js';

function capture(): { stream: Writable; lines: () => string[] } {
  const chunks: string[] = [];
  const stream = new Writable({
    write(chunk: Buffer, _enc, cb) {
      chunks.push(chunk.toString());
      cb();
    },
  });
  return { stream, lines: () => chunks.join('').split('\n').filter(Boolean) };
}

describe('logger redaction', () => {
  const token = 'pat-na1-0f5c2a7e-1b2c-4d5e-9f00-123456789abc';
  const email = 'Jane.Doe@Example.com';

  it('removes tokens and emails from messages and metadata, keeping record ids', () => {
    const out = capture();
    const log = createLogger({ format: 'json', stream: out.stream });
    log.info(`calling with Authorization: Bearer ${token} for ${email}`, {
      hubspotId: '1234',
      headers: { Authorization: `Bearer ${token}` },
      contact: { email, phone: '+1 415 555 2671', firstname: 'Jane' },
      note: `reply from ${email}`,
    });
    const text = out.lines().join('\n');
    expect(text).not.toContain(token);
    expect(text).not.toContain(email);
    expect(text).not.toContain('415 555 2671');
    expect(text).not.toContain('Jane');
    const line = JSON.parse(out.lines()[0] ?? '{}') as Record<string, unknown>;
    expect(line.hubspotId).toBe('1234');
    expect(line.level).toBe('info');
    expect(String(line.message)).toContain('[redacted]');
  });

  it('redacts fields bound by child loggers and error messages', () => {
    const out = capture();
    const log = createLogger({ format: 'pretty', stream: out.stream }).child({ accessToken: token, runId: 'r1' });
    log.error('write failed', { err: new Error(`DUPLICATES_DETECTED for ${email}`) });
    const text = out.lines().join('\n');
    expect(text).toContain('r1');
    expect(text).not.toContain(token);
    expect(text).not.toContain(email);
    expect(text).toContain('DUPLICATES_DETECTED');
  });

  it('honours the level', () => {
    const out = capture();
    const log = createLogger({ format: 'json', level: 'warn', stream: out.stream });
    log.info('hidden');
    log.warn('shown');
    expect(out.lines()).toHaveLength(1);
  });
});
