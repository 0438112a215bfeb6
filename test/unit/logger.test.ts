import { Writable } from 'node:stream';
import { describe, expect, it } from 'vitest';
import { createLogger } from '../../src/lib/logger.js';
import { REDACTED, redactString, redactValue } from '../../src/lib/redact.js';

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

describe('redactString', () => {
  it.each([
    ['IDN email', 'reply from josé@bücher.de today', 'josé@bücher.de'],
    ['quoted local part', 'bounce for "john doe"@example.com', '"john doe"@example.com'],
    ['national phone with spaces', 'call 030 1234567 back', '030 1234567'],
    ['national phone with parens', 'call (030) 123-4567 back', '(030) 123-4567'],
    ['national phone with slash', 'Tel. 0221/4711123', '0221/4711123'],
  ])('redacts a %s', (_label, text, secret) => {
    const out = redactString(text);
    expect(out).not.toContain(secret);
    expect(out).toContain(REDACTED);
  });

  it.each([
    'cycle finished at 2025-03-03T09:00:00.000Z in 1234 ms',
    'next run 2025-03-03 09:05:00 (PT5M, 00:05:00)',
    'created Lead 00Q5g000001abcD for contact 12345678901',
    'retrying in 0.250 s, attempt 2 of 3',
    'batch 0 200 records',
  ])('leaves %s alone', (text) => {
    expect(redactString(text)).toBe(text);
  });

  it('keeps numeric ids in id fields', () => {
    expect(redactValue({ hubspotId: '30123456789', leadId: '00Q5g000001abcD', at: '2025-03-03T09:00:00Z' })).toEqual({
      hubspotId: '30123456789',
      leadId: '00Q5g000001abcD',
      at: '2025-03-03T09:00:00Z',
    });
  });
});
