import { describe, expect, it } from 'vitest';
import { HandoffError } from '../../../src/domain/errors.js';
import { reportRequest } from '../../../src/runtime/cli/commands/report.js';
import { dataRequest } from '../../../src/runtime/http/dashboard.js';

describe('report arguments', () => {
  it('reads --by and --where', () => {
    expect(reportRequest({ since: '2026-11-02', by: 'team', where: 'source=PAID_SEARCH' })).toEqual({
      since: '2026-11-02',
      until: undefined,
      by: 'team',
      filter: { dimension: 'source', value: 'PAID_SEARCH' },
    });
  });
  it.each([
    [{ by: 'colour' }, '--by takes one of'],
    [{ where: 'team' }, '--where takes dimension=value'],
    [{ where: 'colour=red' }, '--where takes one of'],
    [{ json: true, html: 'x.html' }, '--json and --html are alternatives'],
  ])('refuses %j as a usage error (exit 2)', (opts, message) => {
    try {
      reportRequest(opts);
      expect.unreachable();
    } catch (err) {
      expect(err).toBeInstanceOf(HandoffError);
      expect((err as HandoffError).code).toBe('USAGE');
      expect((err as Error).message).toContain(message);
    }
  });
  it('the dashboard data endpoint takes the same parameters', () => {
    expect(dataRequest(new URLSearchParams('since=2026-11-02&until=2026-11-16&by=grade&where=team%3Demea'))).toEqual({
      since: '2026-11-02',
      until: '2026-11-16',
      by: 'grade',
      filter: { dimension: 'team', value: 'emea' },
    });
  });
});
