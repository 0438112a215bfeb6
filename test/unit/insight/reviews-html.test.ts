import { describe, expect, it } from 'vitest';
import type { ReviewItem } from '../../../src/jobs/review.js';
import { salesforceRecordBase } from '../../../src/runtime/http/reviews-page.js';
import { openReviews, renderReviewsHtml } from '../../../src/runtime/insight/reviews-html.js';

const sf = (loginUrl: string, instanceUrl?: string) => ({ connections: { salesforce: { loginUrl, instanceUrl, apiVersion: '64.0', clientId: undefined, clientSecret: undefined, accessToken: undefined } } }) as unknown as Parameters<typeof salesforceRecordBase>[0];

const item = (id: number, over: Partial<ReviewItem> = {}): ReviewItem => ({
  id,
  hubspotId: `h${id}`,
  handoffKey: `h${id}:1`,
  taskId: `T${id}`,
  picked: { id: `L${id}a`, object: 'Lead' },
  alternatives: [{ id: `L${id}b`, object: 'Lead' }],
  at: '2026-11-30T09:00:30.000Z',
  held: false,
  resolved: null,
  ...over,
});

const page = (items: ReviewItem[], base: string | null = null) => renderReviewsHtml(items, { salesforceUrl: base, dashboardHref: '/dashboard', dataHref: '/dashboard/reviews/data', generatedAt: '2026-12-01T00:00:00.000Z' });

describe('the reviews page', () => {
  it('links records from the instance URL, else a My Domain login URL, never the generic login hosts', () => {
    expect(salesforceRecordBase(sf('https://login.salesforce.com', 'https://acme.my.salesforce.com'))).toBe('https://acme.my.salesforce.com');
    expect(salesforceRecordBase(sf('https://acme.my.salesforce.com'))).toBe('https://acme.my.salesforce.com');
    expect(salesforceRecordBase(sf('https://login.salesforce.com'))).toBeNull();
    expect(salesforceRecordBase(sf('https://TEST.salesforce.com'))).toBeNull();
  });

  it('an open review is one no resolve moved; each offers its pick too: a held one hands off to it, a handed-off one accepts it', () => {
    const resolved = item(3, { resolved: { to: { id: 'L3b', object: 'Lead' }, at: '2026-12-01T00:00:00.000Z' } });
    expect(openReviews([item(1), resolved]).map((i) => i.id)).toEqual([1]);
    const html = page([item(1), item(2, { held: true, handoffKey: null, taskId: null }), resolved]);
    expect(html).toContain('<code>handoff review resolve 1 --pick L1b</code>');
    // A handoff already on its pick: naming the pick accepts it and closes the review.
    expect(html).toContain('<code>handoff review resolve 1 --pick L1a</code> (keeps the pick and closes the review)');
    expect(html).not.toContain('--pick L2a</code> (keeps');
    expect(html).toContain('<code>handoff review resolve 2 --pick L2a</code>');
    expect(html).toContain('<code>handoff review resolve 2 --pick L2b</code>');
    expect(html).not.toContain('L3a');
    expect(html).toContain('2026-11-30 09:00 UTC');
  });

  it('escapes what it shows', () => {
    const html = page([item(1, { hubspotId: '<b>x</b>', alternatives: [{ id: '"><script>', object: 'Lead' }] })], 'https://acme.my.salesforce.com');
    expect(html).not.toContain('<script>');
    expect(html).not.toContain('<b>x</b>');
    expect(html).toContain('href="https://acme.my.salesforce.com/%22%3E%3Cscript%3E"');
  });
});
