import { describe, expect, it } from 'vitest';
import { toActivity } from '../../src/adapters/hubspot/reader.js';
import { parsePage, toRawContact } from '../../src/adapters/hubspot/schemas.js';

// eslint-disable-next-line no-control-regex -- the test looks for control characters
const CONTROL = /[\u0000-\u0008\u000B-\u001F\u007F\u202A-\u202E\u2066-\u2069]|[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/;

function item(id: string, properties: Record<string, string | null>): unknown {
  return { id, properties, createdAt: new Date('2026-01-01T00:00:00Z'), updatedAt: new Date('2026-01-02T00:00:00Z'), archived: false };
}

describe('HubSpot edge: hostile text', () => {
  it('sanitizes every property value before a record reaches state or Salesforce, keeping line breaks', () => {
    const { ok, rejected } = parsePage([
      item('1', { firstname: 'An\u0000n', company: '\u001b[31mAcme', notes: 'line one\nline\ttwo\u0000', lastname: 'Lee\uD800', blank: null }),
    ]);
    expect(rejected).toEqual([]);
    const c = toRawContact(ok[0]!);
    expect(c.properties).toEqual({ firstname: 'Ann', company: '[31mAcme', notes: 'line one\nline\ttwo', lastname: 'Lee\uFFFD', blank: null });
  });

  it('sanitizes a rejected record (its id, reason and payload go to the dead-letter queue)', () => {
    const { rejected } = parsePage([{ id: '12\u0000', properties: { 'first\u0000name': 'An\u0000n' }, createdAt: '', updatedAt: '' }]);
    expect(rejected).toHaveLength(1);
    const r = rejected[0]!;
    expect(r.id).toBe('12');
    expect(JSON.stringify(r)).not.toMatch(/\\u00(0|1)[0-9a-f]|\\ud[89a-f]/i);
    expect(r.payload).toMatchObject({ id: '12', properties: { firstname: 'Ann' } });
  });

  it('gives activities one-line titles and outcomes without controls', () => {
    const { ok } = parsePage([item('77', { hs_timestamp: '1767225600000', hs_meeting_title: 'Demo\u0000call\nnext\u202E', hs_meeting_outcome: 'COMPLETED\u0007' })]);
    const a = toActivity('meetings', ok[0]!, '5');
    expect(a.title).toBe('Democall next');
    expect(a.outcome).toBe('COMPLETED');
    expect(`${a.title}${a.outcome}`).not.toMatch(CONTROL);
  });

  it('never hands the store a timestamp it cannot read', () => {
    const { ok, rejected } = parsePage([item('78', { hs_timestamp: 'yesterday\u0000' }), { ...(item('79', {}) as object), createdAt: 'soon' }]);
    expect(rejected.map((r) => r.id)).toEqual(['79']);
    expect(toActivity('calls', ok[0]!, '5').occurredAt).toBe('2026-01-01T00:00:00.000Z');
  });
});
