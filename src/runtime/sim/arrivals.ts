import { DateTime } from 'luxon';
import type { Dataset, RunningSandbox } from '@handoff/sandbox';
import type { SandboxPackage } from '../cli/sandbox-package.js';

type HubSpot = RunningSandbox['control']['hubspot'];

const DAY = 86_400_000;
/** Marketing's working day, when fresh interest shows: 09:00–17:00 New York, Monday to Friday. */
const ZONE = 'America/New_York';

/**
 * Marketing's side of the month: during business hours contacts show fresh interest in HubSpot (a demo
 * request form, a booked meeting, a reply), about `perDay` of them a working day, so qualified leads keep
 * arriving through the simulation rather than all on its first cycle. Which contacts, and when, is drawn
 * from the seed and the instant alone.
 */
export class Arrivals {
  private readonly ids: string[];

  constructor(
    private readonly pkg: SandboxPackage,
    private readonly hubspot: HubSpot,
    dataset: Dataset,
    private readonly seed: number,
    private readonly perDay: number,
  ) {
    this.ids = dataset.hubspot.contacts.map((c) => String(c.id)).sort();
  }

  /** The arrivals of one step of `stepMs` ending at `at`; returns how many contacts showed interest. */
  step(at: number, stepMs: number): number {
    const local = DateTime.fromMillis(at, { zone: ZONE });
    if (this.perDay <= 0 || this.ids.length === 0 || local.weekday > 5 || local.hour < 9 || local.hour >= 17) return 0;
    const rng = this.pkg.Rng.derive(this.seed, `arrivals:${at}`);
    const n = rng.poisson((this.perDay * stepMs) / (8 * 3_600_000));
    let shown = 0;
    for (let i = 0; i < n; i += 1) {
      const id = rng.pick(this.ids);
      try {
        this.hubspot.submitForm(id, 'Demo request');
        this.hubspot.logEngagement(id, 'meetings', {
          hs_meeting_title: 'Intro call',
          hs_meeting_outcome: 'SCHEDULED',
          hs_meeting_start_time: new Date(at + 2 * DAY).toISOString(),
        });
        this.hubspot.logEngagement(id, 'emails', { hs_email_direction: 'INCOMING_EMAIL', hs_email_subject: 'Re: pricing', hs_email_status: null });
        shown += 1;
      } catch {
        // A contact merged away or archived since the dataset was made: nobody to show interest.
      }
    }
    return shown;
  }
}
