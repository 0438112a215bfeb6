import type { RoutingConfig } from '../../config/routing.js';
import type { ScoringConfig } from '../../config/scoring.js';
import type { SlaConfig } from '../../config/sla.js';
import { closedDays } from './holidays.js';
import type { GlossarySection } from './model.js';
import { businessHours, number, weekdaysWords } from './words.js';

/** Service levels (tiers and their response times) and the business calendars that count them. */
export function serviceSections(sla: SlaConfig, scoring: ScoringConfig, routing: RoutingConfig, now: Date): GlossarySection[] {
  const gradesOf = (tier: string): string[] => scoring.grades.filter((g) => g.tier === tier).map((g) => g.grade);
  const teamsOf = (calendar: string): string[] => routing.teams.filter((t) => t.calendar === calendar).map((t) => `${t.name} (${t.timeZone})`);
  return [
    {
      id: 'service-levels',
      title: 'Service levels',
      intro:
        'Each handoff creates one follow-up Task for the owner, due when the response time runs out. Response times count business hours only: the opening hours of the owner team\'s calendar on working days that are not holidays. A lead that qualifies after closing time starts counting at the next opening.',
      entries: sla.tiers.map((t) => {
        const grades = gradesOf(t.name);
        return {
          term: t.name,
          text: `Follow up within ${businessHours(t.responseBusinessHours)}. Task priority ${t.priority}; its reminder fires ${number(t.reminderBeforeMinutes)} minutes before the time runs out.`,
          details: [grades.length > 0 ? `for grade${grades.length === 1 ? '' : 's'} ${grades.join(', ')}` : 'no grade selects this level'],
        };
      }),
    },
    {
      id: 'calendars',
      title: 'Business calendars and holidays',
      intro: 'Opening hours are read in the owner team\'s time zone (the calendar\'s own zone otherwise). Owners outside any team use the "default" calendar.',
      entries: Object.entries(sla.calendars).map(([name, c]) => {
        const { country, state, except, extra } = c.holidays;
        const holidays =
          country === undefined
            ? 'No public holidays'
            : `Closed on the public holidays of ${country}${state ? `-${state}` : ''}${except.length > 0 ? `, except ${except.join(', ')} (worked)` : ''}`;
        const closed = closedDays(c, now);
        const teams = teamsOf(name);
        return {
          term: name,
          text: `Open ${weekdaysWords(c.workingDays)}, ${c.hours.start}–${c.hours.end} (${c.timeZone}). ${holidays}${extra.length > 0 ? `; also closed on ${extra.join(', ')}` : ''}.`,
          details: [
            ...(teams.length > 0 ? [`used by ${teams.join(', ')}`] : []),
            closed.length > 0 ? `closed in the next 12 months: ${closed.map((d) => `${d.date} ${d.name}`).join('; ')}` : 'no closed days in the next 12 months',
          ],
        };
      }),
    },
  ];
}
