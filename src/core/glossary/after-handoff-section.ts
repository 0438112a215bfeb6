import type { HandoffConfig } from '../../config/handoff.js';
import { definitionsOf } from '../insight/definitions.js';
import { scoreBandLabels } from '../insight/dimensions.js';
import type { GlossaryEntry, GlossarySection } from './model.js';
import { number } from './words.js';

/** "slaCompliance" → "SLA compliance". */
const termOf = (key: string): string => {
  const words = key.replace(/([A-Z])/g, ' $1').toLowerCase().replace(/\bsla\b/g, 'SLA');
  return words.charAt(0).toUpperCase() + words.slice(1);
};

const quoted = (values: readonly string[]): string => (values.length === 0 ? '(none configured)' : values.map((v) => `"${v}"`).join(', '));

/** What happens after the handoff: the SLA watch, what sales did read back, recycling, and the report's funnel and SLA definitions. */
export function afterHandoffSections(h: HandoffConfig): GlossarySection[] {
  const { leadStatus, recycle } = h.feedback;
  const watch = h.sla;
  const reassign: GlossaryEntry =
    watch.reassign.policy === 'none'
      ? { term: 'Reassignment', text: 'None: an untouched Task stays with its owner.' }
      : {
          term: 'Reassignment',
          text: `${number(watch.reassign.afterBusinessMinutes)} business minutes after the due time, still untouched, the Task goes ${watch.reassign.policy === 'round-robin' ? "to the next member of the owner's team" : `to ${watch.reassign.user ?? 'the configured user'}`}, once.`,
        };
  const definitions = definitionsOf(
    { timeZone: h.report.timeZone, acceptedStatuses: leadStatus.accepted, workingStatuses: leadStatus.working },
    { since: '', until: '', timeZone: h.report.timeZone },
    scoreBandLabels(h.report.scoreBands),
  );
  const { period: _period, ...shared } = definitions;
  return [
    {
      id: 'sla-watch',
      title: 'When the response time runs out',
      entries: [
        { term: 'Reminder', text: 'An untouched handoff Task past its due time gets one reminder to its owner.' },
        { term: 'Escalation', text: `${number(watch.escalateAfterBusinessMinutes)} business minutes after the due time, still untouched, it is escalated once to the owner's manager.` },
        reassign,
      ],
    },
    {
      id: 'feedback',
      title: 'What sales did, and recycling',
      entries: [
        { term: 'Accepted', text: `The Lead Status reached ${quoted(leadStatus.accepted)}, or a working status (${quoted(leadStatus.working)}), or the Lead was converted.` },
        { term: 'Disqualified', text: `The Lead Status reached ${quoted(leadStatus.disqualified)}.` },
        {
          term: 'Recycled',
          text: `A disqualified lead whose status${h.feedback.reasonField ? ` or ${h.feedback.reasonField}` : ''} is recyclable (${quoted(leadStatus.recyclable)}) goes back to marketing nurture${recycle.hubspotLeadStatus ? ` (HubSpot lead status ${recycle.hubspotLeadStatus})` : ''}. If it qualifies again after ${number(recycle.coolOffDays)} days, it is handed off again as a new episode, its Lead reopened to "${leadStatus.reopenTo}".`,
        },
      ],
    },
    {
      id: 'report',
      title: 'Funnel and SLA, as the report counts them',
      entries: Object.entries(shared).map(([key, text]) => ({ term: termOf(key), text })),
    },
  ];
}
