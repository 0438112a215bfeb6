import type { ScoringConfig } from '../../config/scoring.js';
import type { GlossarySection } from './model.js';
import { activityWords, conditionsWords, number, points, signed } from './words.js';

const range = (cap: { min: number; max: number }): string => `${signed(cap.min)} and ${signed(cap.max)} points`;

/** What makes a lead qualified: every fit and engagement rule, the decay, the caps, the threshold and the grades. */
export function qualificationSections(m: ScoringConfig): GlossarySection[] {
  const { halfLifeDays, maxAgeDays } = m.engagement;
  const decayed = (p: number, age: number): string => number(Math.round(p * 0.5 ** (age / halfLifeDays) * 10) / 10);
  const sample = m.engagement.rules.find((r) => r.points > 0)?.points ?? 10;
  return [
    {
      id: 'score',
      title: 'The lead score',
      intro: `Every contact gets a score: fit (who the person is) plus engagement (what the person did). The shared model is version ${m.version}; every Lead Handoff writes carries the version that scored it.`,
      entries: [
        { term: 'Fit', text: `The sum of the fit rules below that hold for the contact, kept between ${range(m.caps.fit)}.` },
        { term: 'Engagement', text: `The sum of the engagement rules below, kept between ${range(m.caps.engagement)}.` },
        {
          term: 'Decay',
          text: `Engagement points halve every ${number(halfLifeDays)} days: an activity worth ${points(sample, false)} today counts ${decayed(sample, halfLifeDays)} after ${number(halfLifeDays)} days and ${decayed(sample, 2 * halfLifeDays)} after ${number(2 * halfLifeDays)} days. Activities older than ${number(maxAgeDays)} days count nothing.`,
        },
        {
          term: 'Marketing-qualified lead (MQL)',
          text: `A contact whose score is ${points(m.mqlThreshold, false)} or more. Handoff hands every MQL to sales: a Lead in Salesforce with one follow-up Task for its owner.`,
        },
        { term: 'Reasons', text: 'Each Lead lists the rules that gave or took its points, largest first; a cut by a cap shows as "caps.fit" or "caps.engagement".' },
      ],
    },
    {
      id: 'fit',
      title: 'Fit rules',
      intro: 'A rule adds its points when all of its conditions hold. Text compares without regard to case; a contact without the value matches no condition except "is known".',
      entries: m.fit.map((r) => ({ term: r.label, text: `${points(r.points)} when ${conditionsWords(r.when)}.`, details: [`rule ${r.id}`] })),
    },
    {
      id: 'engagement',
      title: 'Engagement rules',
      intro: 'Each activity counts under the first rule (in this order) it matches, so no activity counts twice.',
      entries: m.engagement.rules.map((r) => ({
        term: r.label,
        text: `${points(r.points)} for ${activityWords(r)}${r.points === 0 ? ' (listed to say it counts nothing)' : ', decaying as above'}.`,
        details: [
          ...(r.maxCount !== undefined ? [`only the latest ${number(r.maxCount)} count`] : []),
          ...(r.maxPoints !== undefined ? [`at most ${points(r.maxPoints, false)} in all`] : []),
          ...(r.ignoreTitles ? [`not counted when the subject or title matches: ${r.ignoreTitles.join('; ')}`] : []),
          `rule ${r.id}`,
        ],
      })),
    },
    {
      id: 'grades',
      title: 'Grades',
      intro: 'The grade is the band the score falls in, highest first; it picks the service level.',
      entries: m.grades.map((g, i) => {
        const above = m.grades[i - 1]?.min;
        const band = g.min === undefined ? `under ${points(above ?? 0, false)}` : above === undefined ? `${points(g.min, false)} or more` : `${number(g.min)} up to ${points(above, false)} (not included)`;
        return { term: `Grade ${g.grade}`, text: `A score of ${band}: service level "${g.tier}".` };
      }),
    },
  ];
}
