import type { GroupFigures, InsightReport } from '../../core/insight/types.js';
import { DIMENSIONS, FUNNEL_STEPS, VELOCITY_STAGES } from '../../core/insight/types.js';
import { amounts, DIMENSION_LABELS, groupTableCells, hours, minutes, num, pct, periodText, rateText, reconcileLine, STEP_LABELS, VELOCITY_LABELS } from '../insight/format.js';
import { formatTable } from './commands/dlq.js';
import { SHADOW_HEADERS, shadowRows, shadowSummary } from '../insight/shadow.js';

const indent = (text: string): string =>
  text
    .split('\n')
    .map((l) => (l === '' ? l : `  ${l}`))
    .join('\n');

function groupTable(groups: readonly GroupFigures[]): string {
  const { headers, rows } = groupTableCells(groups, 'group', ['handedOff', 'touched', 'meeting', 'opportunity', 'won', 'leadToOpportunity', 'winRate', 'slaMet', 'medianResponse']);
  return formatTable(headers, rows);
}

/** The terminal summary of `handoff report`: headline figures, one breakdown, trends, health, definitions. */
export function reportText(r: InsightReport): string {
  const f = r.funnel;
  const s = r.sla;
  const h = r.health;
  const out: string[] = [];
  out.push(`Handoff report, ${periodText(r.period)}${r.filter ? `, only ${DIMENSION_LABELS[r.filter.dimension]} = ${r.filter.value}` : ''}`);
  out.push('');
  out.push('Funnel (cohort handed off in the period, followed to now)');
  out.push(
    indent(
      formatTable(
        ['step', 'count', 'from the step before'],
        FUNNEL_STEPS.map((step, i) => [STEP_LABELS[step], num(f[step]), i === 0 ? '' : rateText(f.steps[i]?.conversion ?? { count: 0, of: 0, rate: null, low: null, high: null })]),
      ),
    ),
  );
  out.push(`  Lead to opportunity     ${rateText(f.leadToOpportunity)}`);
  out.push(`  Meeting to opportunity  ${rateText(f.meetingToOpportunity)}`);
  out.push(`  Win rate                ${rateText(f.winRate)}`);
  out.push(`  Amount won              ${amounts(f.amountWon)}`);
  out.push('');
  out.push('SLA (first touch within the first owner\'s SLA)');
  out.push(`  Compliance              ${s.compliance === null ? '– (no SLA ran out in the period)' : rateText(s.complianceRate)}`);
  out.push(`  Breaches                ${s.breaches}   not yet due ${s.notYetDue}   without SLA ${s.withoutSla}`);
  out.push(`  Response (business)     median ${minutes(s.medianResponseBusinessMinutes)}, p90 ${minutes(s.p90ResponseBusinessMinutes)} over ${s.responses} touched`);
  out.push(`  Reminders ${s.reminders}, escalations ${s.escalations}, reassignments ${s.reassignments}`);
  out.push('');
  out.push('Velocity (median calendar time)');
  out.push(indent(formatTable(['stage', 'median', 'episodes'], VELOCITY_STAGES.map((v) => [VELOCITY_LABELS[v], hours(r.velocity[v].medianHours), num(r.velocity[v].count)]))));
  out.push('');
  for (const model of r.calibration.models) {
    const verdict = model.higherScoreConvertsBetter === null ? 'too few episodes to say' : model.higherScoreConvertsBetter ? 'yes' : 'NO';
    out.push(`Calibration, model ${model.modelVersion} (${model.episodes} episodes; higher score converts better: ${verdict})`);
    out.push(
      indent(
        formatTable(
          ['score band', 'episodes', 'meeting', 'opportunity', 'won', 'quality'],
          [...model.byScoreBand, ...model.byGrade.map((g) => ({ ...g, key: `grade ${g.key}` }))].map((row) => [
            row.key,
            num(row.episodes),
            pct(row.meeting.rate),
            `${pct(row.opportunity.rate)} (${pct(row.opportunity.low, 0)}–${pct(row.opportunity.high, 0)})`,
            pct(row.won.rate),
            row.meanQuality === null ? '–' : `${num(row.meanQuality, 1)} (${row.rated})`,
          ]),
        ),
      ),
    );
  }
  if (r.shadow) {
    out.push('Shadow against live (scoring.shadow)');
    out.push(`  ${shadowSummary(r.shadow)}`);
    out.push(indent(formatTable([...SHADOW_HEADERS], shadowRows(r.shadow))));
  }
  const shown = DIMENSIONS.find((d) => r.by[d] !== undefined && Object.keys(r.by).length === 1) ?? 'source';
  const groups = r.by[shown];
  if (groups !== undefined) {
    out.push(`By ${DIMENSION_LABELS[shown].toLowerCase()}`);
    out.push(indent(groupTable(groups)));
  }
  out.push('Trends by ISO week');
  out.push(
    indent(
      formatTable(
        ['week', 'handed off', 'touched', 'opp.', 'won', 'SLA met', 'median resp.', 'p90 resp.', 'cycles', 'failed'],
        r.trends.map((w) => [
          w.week,
          num(w.handedOff),
          num(w.touched),
          num(w.opportunity),
          num(w.won),
          `${pct(w.slaCompliance)} (${w.slaDue - w.breaches}/${w.slaDue})`,
          minutes(w.medianResponseBusinessMinutes),
          minutes(w.p90ResponseBusinessMinutes),
          num(w.cycles),
          num(w.failedCycles),
        ]),
      ),
    ),
  );
  out.push('Sync health');
  out.push(`  Cycles ${h.cycles}: ${h.succeeded} succeeded, ${h.partial} partial, ${h.failed} failed; API calls HubSpot ${num(h.hubspotCalls)}, Salesforce ${num(h.salesforceCalls)}`);
  out.push(`  Salesforce budget       ${h.salesforceBudget === null ? '–' : `${num(h.salesforceBudget.used)} of ${num(h.salesforceBudget.limit)} (${pct(h.salesforceBudget.share)}) at ${h.salesforceBudget.at}`}`);
  out.push(`  Dead letters open       ${h.deadLetters.open}${h.deadLetters.byCode.length ? ` (${h.deadLetters.byCode.map((c) => `${c.code} ${c.count}`).join(', ')})` : ''}, ${h.deadLetters.firstSeenInPeriod} first seen in the period`);
  out.push(`  Cursor lag              ${h.cursor.lagMinutes === null ? 'no sync yet' : `${num(h.cursor.lagMinutes, 1)} min`}`);
  out.push(`  Last reconcile          ${reconcileLine(h.lastReconcile)}`);
  out.push('');
  out.push('Definitions');
  for (const [term, text] of Object.entries({ ...r.definitions, ...(r.shadow?.definitions ?? {}) })) out.push(`  ${term}: ${text}`);
  return `${out.join('\n')}\n`;
}
