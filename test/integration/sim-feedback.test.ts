import { describe, expect, it } from 'vitest';
import * as sandbox from '@handoff/sandbox';
import { businessMinutesBetween } from '../../src/core/feedback/business-minutes.js';
import { calendarFor } from '../../src/core/sla-clock.js';
import type { Episode } from '../../src/domain/episode.js';
import { feedbackJob } from '../../src/runtime/sim/feedback-job.js';
import { runSimulation, syncJob } from '../../src/runtime/sim/run-sim.js';
import { CONFIG_DIR } from '../helpers/pipeline.js';

/** npm run sim runs 30 days; npm test runs HANDOFF_SIM_DAYS (default 3). */
const DAYS = Number(process.env.HANDOFF_SIM_DAYS ?? 3);
const HOUR = 3_600_000;
const PROPS = ['handoff_sales_status', 'handoff_first_touch_at', 'handoff_response_business_minutes', 'handoff_sales_outcome', 'handoff_lead_quality', 'handoff_opportunity_amount', 'handoff_episode'];
const blank = (v: string | null | undefined): string | null => (v === undefined || v === null || v === '' ? null : v);

describe('feedback over days of the simulated sales floor', () => {
  it('reflects every rep action of the truth in the state and on the HubSpot contact within one pass; no duplicate Lead or Task', async () => {
    let checked = 0;
    await runSimulation({
      sandbox,
      days: DAYS,
      seed: 7,
      contacts: 400,
      configDir: CONFIG_DIR,
      jobs: [syncJob, feedbackJob],
      onEnd: async ({ deps, sandbox: sb, truth }) => {
        // Everything the floor did before the last full hour has been through at least one feedback pass.
        const cutoff = Date.parse(truth.asOf) - HOUR;
        const seen = (at: string | null | undefined): at is string => typeof at === 'string' && Date.parse(at) <= cutoff;
        const episodes = new Map<string, Episode>((await deps.state.listEpisodes()).map((e) => [e.handoffKey, e]));
        const ids = [...new Set([...episodes.values()].map((e) => e.hubspotId))];
        const contacts = new Map<string, Record<string, string | null>>();
        for (let i = 0; i < ids.length; i += 100) {
          for (const c of (await deps.hubspot.readContacts(ids.slice(i, i + 100), PROPS)).contacts) contacts.set(c.id, c.properties);
        }
        expect(truth.handoffs.length).toBeGreaterThan(5);
        for (const h of truth.handoffs) {
          const e = episodes.get(h.key);
          expect(e, h.key).toBeDefined();
          if (!e) continue;
          // The episode keeps the cycle's instant; the Task was created a moment later in the same cycle.
          expect(Math.abs(Date.parse(e.handedOffAt) - Date.parse(h.handedOffAt))).toBeLessThan(60_000);
          if (seen(h.firstTouch?.at)) {
            expect(e.firstTouchAt, h.key).toBe(h.firstTouch?.at);
            const cal = calendarFor(deps.config.sla, e.calendar ?? 'default');
            expect(e.responseBusinessMinutes).toBe(businessMinutesBetween(new Date(e.handedOffAt), new Date(h.firstTouch?.at ?? ''), cal, e.timeZone ?? cal.timeZone));
            checked += 1;
          } else if (h.firstTouch === null) {
            expect(e.firstTouchAt, h.key).toBeNull();
          }
          if (h.scorecard && seen(h.taskCompletedAt)) expect([e.outcome, e.leadQuality], h.key).toEqual([h.scorecard.outcome, h.scorecard.quality]);
          if (h.conversion && seen(h.conversion.at)) expect(e.salesforceContactId, h.key).toBe(h.conversion.contactId);
          if (h.disqualified && seen(h.disqualified.at)) expect(e.disqualifiedAt, h.key).not.toBeNull();
          const o = h.opportunity;
          if (o && seen(o.stages.at(-1)?.at ?? o.createdAt)) {
            expect([e.opportunityId, e.opportunityStage, e.opportunityAmount, e.currencyIsoCode], h.key).toEqual([o.id, o.stage, o.amount, o.currency]);
            if (o.isClosed) expect(e.won, h.key).toBe(o.isWon);
          }
          // What the state says is what the HubSpot contact says.
          const p = contacts.get(e.hubspotId) ?? {};
          expect(blank(p.handoff_sales_status), h.key).toBe(e.salesStatus === 'handed_off' ? null : e.salesStatus);
          expect(blank(p.handoff_first_touch_at) === null ? null : Date.parse(p.handoff_first_touch_at ?? ''), h.key).toBe(e.firstTouchAt === null ? null : Date.parse(e.firstTouchAt));
          expect(blank(p.handoff_sales_outcome), h.key).toBe(e.outcome);
          expect(blank(p.handoff_episode), h.key).toBe(String(e.episode));
        }
        // Exactly one Lead per contact and one Task per episode.
        const leads = sb.control.salesforce.query('SELECT HubSpot_Contact_Id__c FROM Lead WHERE HubSpot_Contact_Id__c != null').map((r) => String(r.HubSpot_Contact_Id__c));
        expect(new Set(leads).size).toBe(leads.length);
        const keys = sb.control.salesforce.query('SELECT Handoff_Key__c FROM Task WHERE Handoff_Key__c != null').map((r) => String(r.Handoff_Key__c));
        expect(new Set(keys).size).toBe(keys.length);
        expect(keys.length).toBe(episodes.size);
      },
    });
    expect(checked).toBeGreaterThan(3);
  }, 120_000 + DAYS * 60_000);
});
