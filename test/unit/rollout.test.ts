import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { loadConfig } from '../../src/config/load.js';
import { rolloutSchema } from '../../src/config/rollout.js';
import type { RolloutConfig } from '../../src/config/rollout.js';
import { buildDecision } from '../../src/core/decision.js';
import { describeRollout, holdOutsideRollout, inRollout, rolloutLists, rolloutProperties, rolloutSignature, samplePoint, subjectOfContact, subjectOfDecision } from '../../src/core/rollout.js';
import { evaluate } from '../../src/core/triage.js';
import { compileModel } from '../../src/core/score.js';
import { ConfigError } from '../../src/domain/errors.js';
import { contact } from '../helpers/contact.js';
import { copyShippedConfig, editFile } from '../helpers/config-dir.js';

const shipped = loadConfig({ env: {}, dir: join(import.meta.dirname, '..', '..', 'config') });
const routing = shipped.routing;
const rollout = (raw: unknown): RolloutConfig => rolloutSchema.parse(raw);
const ids = Array.from({ length: 20_000 }, (_, i) => String(1000 + i * 7));

describe('rollout: which qualified contacts a pilot hands off', () => {
  it('samples by a stable hash of the contact id: the same point everywhere, spread evenly, and widening keeps everyone already inside', () => {
    expect(samplePoint('1001')).toBe(samplePoint('1001'));
    expect(samplePoint('1001')).not.toBe(samplePoint('1002'));
    const at = (share: number) => new Set(ids.filter((id) => inRollout(subjectOfContact(contact({ hubspotId: id }), routing), rollout({ share })) === true));
    const ten = at(0.1);
    const twenty = at(0.2);
    // 20,000 draws: 10% within 3σ (3 × √(20000 × 0.1 × 0.9) ≈ 127).
    expect(Math.abs(ten.size - 2000)).toBeLessThan(127);
    expect([...ten].every((id) => twenty.has(id))).toBe(true);
    expect(at(1).size).toBe(ids.length);
    expect(at(0).size).toBe(0);
  });

  it('a list segment puts a list\'s members inside; a decision row is decided when the members were read, else left undecided', () => {
    const r = rollout({ segments: [{ list: 42, country: ['US'] }] });
    expect(r.segments[0]?.list).toBe('42');
    const lists = new Map([['42', new Set(['1', '2'])]]);
    const us = (id: string) => contact({ hubspotId: id, country: 'US' });
    expect(inRollout(subjectOfContact(us('1'), routing, lists), r)).toBe(true);
    expect(inRollout(subjectOfContact(us('3'), routing, lists), r)).toBe(false);
    expect(inRollout(subjectOfContact(contact({ hubspotId: '2', country: 'DE' }), routing, lists), r)).toBe(false);
    expect(inRollout(subjectOfContact(us('1'), routing), r)).toBeUndefined();
    expect(holdOutsideRollout([], r, routing, lists)).toEqual({ inside: [], outside: [] });
    expect(rolloutLists(r)).toEqual(['42']);
    expect(describeRollout(r)).toBe('every contact inside at least one pilot segment: country US and member of HubSpot list 42');
  });

  it('a contact is inside when every criterion of at least one segment holds', () => {
    const r = rollout({ segments: [{ country: ['de'], source: ['ORGANIC_SEARCH'] }, { team: ['emea'] }, { lifecycleStage: ['lead'], property: { name: 'pilot', values: ['Yes'] } }] });
    const inside = (over: Parameters<typeof contact>[0]) => inRollout(subjectOfContact(contact(over), routing), r);
    // Segment 1 needs both the country and the source.
    expect(inside({ hubspotId: '1', country: 'DE', state: null, employees: 50, leadSource: 'organic_search', lifecycleStage: 'subscriber' })).toBe(true);
    expect(inside({ hubspotId: '2', country: 'DE', state: null, employees: 50, leadSource: 'PAID_SEARCH', lifecycleStage: 'subscriber' })).toBe(true); // DE is EMEA: team emea
    expect(inside({ hubspotId: '3', country: 'DE', state: null, employees: 5000, leadSource: 'PAID_SEARCH', lifecycleStage: 'subscriber' })).toBe(false); // enterprise DE: team dach-enterprise
    // The team is the one routing's territories pick: US enterprise is na-enterprise.
    expect(inside({ hubspotId: '4', country: 'US', employees: 5000, lifecycleStage: 'subscriber' })).toBe(false);
    expect(inside({ hubspotId: '5', country: 'US', lifecycleStage: 'lead', properties: { pilot: 'yes' } })).toBe(true);
    expect(inside({ hubspotId: '6', country: 'US', lifecycleStage: 'lead', properties: { pilot: null } })).toBe(false);
    expect(rolloutProperties(r)).toEqual(['pilot']);
  });

  it('from a decision row, a segment on a HubSpot property is unknown (the sweep re-reads to decide); the rest is decided', () => {
    const r = rollout({ segments: [{ property: { name: 'pilot', values: ['yes'] } }, { country: ['FR'] }] });
    const row = (c: ReturnType<typeof contact>) => buildDecision({ kind: 'scored', contact: c, score: compileModel(shipped.scoring)(c, [], new Date()), skip: null }, { runId: 'r', now: new Date(), scoring: shipped.scoring, routing });
    expect(inRollout(subjectOfDecision(row(contact({ hubspotId: '7', country: 'FR' })), routing), r)).toBe(true);
    expect(inRollout(subjectOfDecision(row(contact({ hubspotId: '8', country: 'US' })), routing), r)).toBeUndefined();
    expect(inRollout(subjectOfDecision(row(contact({ hubspotId: '9', country: 'US' })), routing), rollout({ segments: [{ country: ['FR'] }] }))).toBe(false);
  });

  it('holds back new handoffs outside, with a reason naming the rollout; everyone inside by default', () => {
    const score = { total: 90, fit: 40, engagement: 50, grade: 'A', qualified: true, modelVersion: 'm', reasons: [] };
    const items = ['11', '12'].map((id) => evaluate({ contact: contact({ hubspotId: id, country: id === '11' ? 'FR' : 'US' }), score, prior: null, activities: [], mapping: shipped.mapping }));
    expect(holdOutsideRollout(items, rollout({}), routing).inside).toHaveLength(2);
    const held = holdOutsideRollout(items, rollout({ segments: [{ country: ['FR'] }] }), routing);
    expect(held.inside.map((e) => e.contact.hubspotId)).toEqual(['11']);
    expect(held.outside).toEqual([{ hubspotId: '12', kind: 'outside-rollout', reason: 'outside the rollout (every contact inside at least one pilot segment: country FR)' }]);
    expect(describeRollout(rollout({ share: 0.1 }))).toBe('10% of contacts (by a stable hash of the contact id)');
    expect(rolloutSignature(rollout({ share: 0.1 }))).not.toBe(rolloutSignature(rollout({ share: 0.2 })));
    expect(shipped.handoff.rollout).toEqual({ share: 1, segments: [] });
  });

  it('handoff.yaml rollout is validated with file, line and key path', () => {
    const dir = copyShippedConfig();
    editFile(dir, 'handoff.yaml', (t) => `${t}\nrollout:\n  share: 1.5\n  segments:\n    - { team: [pilots] }\n    - {}\n    - { property: { name: Pilot Flag, values: [] } }\n`);
    let problems: string[] = [];
    try {
      loadConfig({ env: {}, dir });
    } catch (err) {
      problems = (err as ConfigError).problems;
    }
    const file = join(dir, 'handoff.yaml');
    expect(problems).toEqual(
      expect.arrayContaining([
        expect.stringMatching(new RegExp(`^${file}:\\d+ rollout\\.share: between 0 and 1$`)),
        expect.stringMatching(new RegExp(`^${file}:\\d+ rollout\\.segments\\[1\\]: a segment needs at least one of`)),
        expect.stringMatching(new RegExp(`^${file}:\\d+ rollout\\.segments\\[2\\]\\.property\\.name: a HubSpot property internal name`)),
        expect.stringMatching(new RegExp(`^${file}:\\d+ rollout\\.segments\\[2\\]\\.property\\.values: `)),
      ]),
    );
    const teamOnly = copyShippedConfig();
    editFile(teamOnly, 'handoff.yaml', (t) => `${t}\nrollout:\n  segments:\n    - { team: [pilots] }\n`);
    expect(() => loadConfig({ env: {}, dir: teamOnly })).toThrow(ConfigError);
    try {
      loadConfig({ env: {}, dir: teamOnly });
    } catch (err) {
      expect((err as ConfigError).problems).toEqual([expect.stringMatching(/handoff\.yaml:\d+ rollout\.segments\[0\]\.team\[0\]: no team "pilots" in routing\.yaml/)]);
    }
  });
});
