import type { RoutingConfig, Territory } from '../../config/routing.js';
import type { GlossarySection } from './model.js';
import { number } from './words.js';

function territoryWords(w: Territory['when']): string {
  const parts: string[] = [];
  if (w.country) parts.push(`country ${w.country.join(', ')}`);
  if (w.region) parts.push(`region ${w.region.join(', ')}`);
  if (w.state) parts.push(`state or province ${w.state.join(', ')}`);
  if (w.segment) parts.push(`segment ${w.segment.join(', ')}`);
  if (w.employeesMin !== undefined) parts.push(`at least ${number(w.employeesMin)} employees`);
  if (w.employeesMax !== undefined) parts.push(`at most ${number(w.employeesMax)} employees`);
  return parts.length === 0 ? 'everyone' : parts.join('; ');
}

/** Who counts as away, and what that does. */
function awayWords(a: RoutingConfig['availability']): string {
  const ranges = a.away.length === 0 ? null : `today is in one of the ${number(a.away.length)} date range${a.away.length === 1 ? '' : 's'} routing.yaml lists for them (in their zone)`;
  const field = a.userField === null ? null : `their Salesforce User field ${a.userField} is ticked`;
  return `A rep is away when ${[field, ranges].filter(Boolean).join(', or when ')}. A rep who is away gets no new lead and no reassigned one: every rule above passes over them as over an inactive user, and round robin gives their turn to the next member without counting it, so the others stay even.`;
}

/** Who gets a lead: ownership rules, segments, territories in order, teams and the fallback. */
export function routingSection(r: RoutingConfig): GlossarySection {
  const { enterprise, midmarket, smb } = r.segments;
  return {
    id: 'routing',
    title: 'Routing: who gets the lead',
    intro:
      r.assignment.mode === 'handoff'
        ? 'Handoff picks the owner by the rules below, in this order.'
        : "Salesforce's Lead assignment rules pick the owner of new Leads; the Task goes to whoever they picked.",
    entries: [
      ...(r.keepExistingOwner ? [{ term: 'Existing owner', text: 'A lead that matches a Lead or Contact already in Salesforce keeps its owner while that owner is active and not away.' }] : []),
      ...(r.useAccountOwner ? [{ term: 'Account owner', text: "Otherwise the active owner of the Account with the contact's company domain gets it, unless they are away." }] : []),
      {
        term: 'Segment',
        text: `Enterprise from ${number(enterprise.minEmployees)} employees, mid-market from ${number(midmarket.minEmployees)}, SMB from ${number(smb.minEmployees)}. A company of unknown size has no segment.`,
      },
      ...r.territories.map((t, i) => ({ term: `Territory ${i + 1}: ${t.label}`, text: `For ${territoryWords(t.when)}: team ${t.team}.`, details: [`territory ${t.id}`] })),
      ...r.teams.map((t) => ({
        term: `Team ${t.name}`,
        text: `Round robin through ${t.members.length} member${t.members.length === 1 ? '' : 's'}, skipping inactive users and those away; time zone ${t.timeZone}, calendar "${t.calendar}".`,
        details: [`members: ${t.members.join(', ')}`],
      })),
      ...(r.availability.away.length > 0 || r.availability.userField !== null ? [{ term: 'Away', text: awayWords(r.availability) }] : []),
      {
        term: 'Fallback',
        text: [
          'When no territory matches or its team has nobody active:',
          r.fallback.user ? `the user ${r.fallback.user}` : null,
          r.fallback.queue ? `${r.fallback.user ? 'then ' : ''}the Lead queue ${r.fallback.queue} (due times in ${r.fallback.timeZone})` : null,
        ]
          .filter(Boolean)
          .join(' ')
          .concat('.'),
      },
    ],
  };
}
