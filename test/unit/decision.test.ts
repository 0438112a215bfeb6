import { describe, expect, it } from 'vitest';
import { loadConfig } from '../../src/config/load.js';
import { CONDITION_FIELDS } from '../../src/domain/condition-fields.js';
import { buildDecision, buildDecisions } from '../../src/core/decision.js';
import type { DecisionContext } from '../../src/core/decision.js';
import { score } from '../../src/core/score.js';
import { evaluate } from '../../src/core/triage.js';
import type { Score } from '../../src/domain/types.js';
import { contact } from '../helpers/contact.js';

const config = loadConfig({ env: {}, dir: 'config' });
const NOW = new Date('2026-11-20T10:00:00.000Z');
const ctx: DecisionContext = { runId: 'run-1', now: NOW, scoring: config.scoring, routing: config.routing };
const THRESHOLD = config.scoring.mqlThreshold;

const scored = (total: number, reasons: Score['reasons'] = []): Score => ({
  total,
  fit: total - 10,
  engagement: 10,
  grade: total >= THRESHOLD ? 'A' : 'C',
  qualified: total >= THRESHOLD,
  modelVersion: config.scoring.version,
  reasons,
});

describe('buildDecision', () => {
  it('a qualified contact: the model result, the strongest gain as its rule, the routing segment', () => {
    const c = contact({ hubspotId: '7', country: 'DE', state: null, employees: 1500, leadSource: 'PAID_SEARCH' });
    const s = scored(THRESHOLD + 5, [
      { rule: 'fit.seniority.vp', label: 'VP', points: 20 },
      { rule: 'fit.country', label: 'Country', points: 5 },
      { rule: 'fit.freemail', label: 'Free mail', points: -3 },
    ]);
    expect(buildDecision({ kind: 'scored', contact: c, score: s, skip: null }, ctx)).toMatchObject({
      hubspotId: '7',
      evaluatedAt: NOW.toISOString(),
      runId: 'run-1',
      reason: 'qualified',
      qualified: true,
      rule: 'fit.seniority.vp',
      score: THRESHOLD + 5,
      fit: THRESHOLD - 5,
      engagement: 10,
      grade: 'A',
      threshold: THRESHOLD,
      modelVersion: config.scoring.version,
      duplicateOf: null,
      source: 'PAID_SEARCH',
      lifecycleStage: 'lead',
      country: 'DE',
      region: 'EMEA',
      state: null,
      segment: 'enterprise',
      employees: 1500,
    });
  });

  it('keeps the employee count only when both stores can hold it as a whole number', () => {
    const row = (employees: number) => buildDecision({ kind: 'scored', contact: contact({ hubspotId: '9', employees }), score: scored(1, []), skip: null }, ctx);
    expect(row(2_147_483_648).employees).toBe(2_147_483_648);
    expect(row(1e20).employees).toBeNull();
    expect(row(1e100).employees).toBeNull();
  });

  it('below the threshold: not-qualified with its strongest loss, or none when nothing took points away', () => {
    const c = contact({ hubspotId: '8' });
    const low = scored(THRESHOLD - 1, [
      { rule: 'fit.seniority.vp', label: 'VP', points: 20 },
      { rule: 'fit.student', label: 'Student', points: -15 },
      { rule: 'fit.freemail', label: 'Free mail', points: -3 },
    ]);
    expect(buildDecision({ kind: 'scored', contact: c, score: low, skip: null }, ctx)).toMatchObject({ reason: 'not-qualified', qualified: false, rule: 'fit.student', threshold: THRESHOLD });
    expect(buildDecision({ kind: 'scored', contact: c, score: scored(1, [{ rule: 'x', label: 'x', points: 1 }]), skip: null }, ctx).rule).toBeNull();
  });

  it('a customer or evangelist below the threshold is a customer; one who qualifies is qualified', () => {
    for (const stage of ['customer', 'evangelist']) {
      const c = contact({ hubspotId: '9', lifecycleStage: stage });
      expect(buildDecision({ kind: 'scored', contact: c, score: scored(THRESHOLD - 20), skip: null }, ctx).reason).toBe('customer');
      expect(buildDecision({ kind: 'scored', contact: c, score: scored(THRESHOLD), skip: null }, ctx).reason).toBe('qualified');
    }
  });

  it('a qualified contact skipped for a Salesforce conflict is a conflict, one held back by the rollout is outside-rollout; other skips leave it qualified', () => {
    const c = contact({ hubspotId: '10' });
    const s = scored(THRESHOLD + 1);
    expect(buildDecision({ kind: 'scored', contact: c, score: s, skip: { hubspotId: '10', kind: 'conflict', reason: 'keyed to 11' } }, ctx).reason).toBe('conflict');
    expect(buildDecision({ kind: 'scored', contact: c, score: s, skip: { hubspotId: '10', kind: 'outside-rollout', reason: 'outside' } }, ctx)).toMatchObject({ reason: 'outside-rollout', qualified: true });
    expect(buildDecision({ kind: 'scored', contact: c, score: s, skip: { hubspotId: '10', kind: 'unchanged', reason: 'same' } }, ctx).reason).toBe('qualified');
  });

  it('a duplicate names the contact kept and carries no score', () => {
    expect(buildDecision({ kind: 'duplicate', contact: contact({ hubspotId: '12' }), of: '3' }, ctx)).toMatchObject({
      reason: 'duplicate',
      qualified: false,
      duplicateOf: '3',
      score: null,
      fit: null,
      engagement: null,
      grade: null,
      threshold: null,
      modelVersion: null,
      rule: null,
    });
  });

  it('keeps every condition field but no name, email address or phone number', () => {
    const c = contact({
      hubspotId: '13',
      firstName: 'Dana',
      lastName: 'Scully',
      phone: { original: '+1 (202) 555-0143', e164: '+12025550143' },
      conversions: { count: 2, lastAt: '2026-11-01T00:00:00.000Z', lastName: 'Demo request' },
    });
    const row = buildDecision({ kind: 'scored', contact: c, score: scored(10), skip: null }, ctx);
    const expected = [...CONDITION_FIELDS.filter((f) => f !== 'phone.e164'), 'phone.present', 'phone.valid', 'conversions.lastAt', 'conversions.lastName'].sort();
    expect(Object.keys(row.fields).sort()).toEqual(expected);
    expect(row.fields).toMatchObject({ seniority: 'vp', 'email.domain': 'acme.com', 'email.valid': true, 'conversions.count': 2, 'conversions.lastAt': '2026-11-01T00:00:00.000Z', 'conversions.lastName': 'Demo request', 'phone.present': true, 'phone.valid': true });
    const text = JSON.stringify(row);
    for (const secret of ['Dana', 'Scully', 'p13@acme.com', '555', '+1202']) expect(text).not.toContain(secret);
    const unparsed = buildDecision({ kind: 'scored', contact: { ...c, phone: { original: 'call me', e164: null } }, score: scored(10), skip: null }, ctx);
    expect(unparsed.fields).toMatchObject({ 'phone.present': true, 'phone.valid': false });
  });
});

describe('buildDecisions', () => {
  it('one row per scored contact and per duplicate, each with its own skip', () => {
    const a = contact({ hubspotId: '1' });
    const b = contact({ hubspotId: '2', seniority: 'individual', title: 'Student', lifecycleStage: 'customer' });
    const dup = contact({ hubspotId: '3' });
    const evaluated = [a, b].map((c) => evaluate({ contact: c, score: score(c, [], config.scoring, NOW), prior: null, activities: [], mapping: config.mapping }));
    const rows = buildDecisions(
      { contacts: [a, b, dup], duplicates: [{ hubspotId: '3', keptId: '1', reason: 'same email' }], evaluated, skips: [{ hubspotId: '1', kind: 'conflict', reason: 'x' }] },
      ctx,
    );
    expect(rows.map((r) => r.hubspotId)).toEqual(['1', '2', '3']);
    expect(rows[2]).toMatchObject({ reason: 'duplicate', duplicateOf: '1' });
    // Each scored row carries the model's own result.
    for (const [i, e] of evaluated.entries()) expect(rows[i]).toMatchObject({ score: e.score.total, qualified: e.score.qualified });
    expect(rows[1]?.reason).toBe(evaluated[1]?.score.qualified ? 'qualified' : 'customer');
  });
});
