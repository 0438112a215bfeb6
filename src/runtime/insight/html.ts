import { DIMENSIONS, FUNNEL_STEPS, VELOCITY_STAGES } from '../../core/insight/types.js';
import type { Dimension, GroupFigures, InsightReport, Rate } from '../../core/insight/types.js';
import { amounts, DIMENSION_LABELS, groupTableCells, hours, minutes, num, pct, periodText, rateText, reconcileLine, STEP_LABELS, VELOCITY_LABELS } from './format.js';
import { SHADOW_HEADERS, shadowRows, shadowSummary } from './shadow.js';
import { barChart, esc, intervalChart, lineChart, PALETTE, stackedColumns } from './svg.js';

/** The dashboard's filter form; the shared HTML file has none. */
export interface DashboardChrome {
  action: string;
  /** The first and the last day shown (the last one included), as YYYY-MM-DD. */
  since: string;
  until: string;
  by: Dimension;
  filter: { dimension: Dimension; value: string } | null;
  /** Where the shared glossary is served (the dashboard's `/dashboard/glossary`); linked from the header. */
  glossaryHref?: string;
  /** Where the open reviews are served (`/dashboard/reviews`) and how many there are; linked from the header. */
  reviews?: { href: string; open: number };
}

/** The dashboard's stylesheet, shared by its sub-pages. */
export const STYLE = `
:root{color-scheme:light;--ink:#1a1a1a;--muted:#555;--line:#ccc}
*{box-sizing:border-box}body{font:15px/1.45 system-ui,sans-serif;color:var(--ink);margin:0;background:#fafafa}
main{max-width:1120px;margin:0 auto;padding:16px 20px 48px}h1{font-size:1.6rem;margin:.2em 0}h2{font-size:1.25rem;margin:1.6em 0 .4em;border-bottom:2px solid var(--line);padding-bottom:.2em}
h3{font-size:1.05rem;margin:1em 0 .3em}.sub{color:var(--muted);margin:0 0 1em}
.kpis{display:grid;grid-template-columns:repeat(auto-fit,minmax(190px,1fr));gap:10px;margin:.6em 0}
.kpi{background:#fff;border:1px solid var(--line);border-radius:6px;padding:8px 12px}.kpi dt{font-size:.85rem;color:var(--muted)}.kpi dd{margin:0;font-size:1.35rem;font-weight:600}.kpi small{display:block;font-size:.8rem;color:var(--muted);font-weight:400}
.grid2{display:grid;grid-template-columns:repeat(auto-fit,minmax(420px,1fr));gap:16px}
figure svg{display:block;max-width:760px;margin:0 auto}figure{margin:0;background:#fff;border:1px solid var(--line);border-radius:6px;padding:8px}figcaption{font-weight:600;margin-bottom:4px}
table{border-collapse:collapse;width:100%;background:#fff;font-size:.9rem;margin:.4em 0}th,td{border:1px solid var(--line);padding:3px 6px;text-align:right}th:first-child,td:first-child{text-align:left}thead th{background:#eee}
.scroll{overflow-x:auto}dl.defs dt{font-weight:600;margin-top:.5em}dl.defs dd{margin:0 0 0 1em}
form.filters{display:flex;flex-wrap:wrap;gap:10px;align-items:flex-end;background:#fff;border:1px solid var(--line);border-radius:6px;padding:10px}
form.filters label{display:flex;flex-direction:column;font-size:.85rem;gap:2px}form.filters input,form.filters select,form.filters button{font:inherit;padding:4px 6px}
button{background:${PALETTE.blue};color:#fff;border:0;border-radius:4px;padding:6px 14px;cursor:pointer}:focus-visible{outline:3px solid ${PALETTE.orange};outline-offset:2px}
`;

const figure = (name: string, value: number | null, text: string): string =>
  `<span data-figure="${esc(name)}" data-value="${value === null ? '' : esc(value)}">${esc(text)}</span>`;

function kpi(label: string, name: string, value: number | null, text: string, note = ''): string {
  return `<div class="kpi"><dt>${esc(label)}</dt><dd>${figure(name, value, text)}${note ? `<small>${esc(note)}</small>` : ''}</dd></div>`;
}

/** Axis ticks: minutes below an hour, else hours with one decimal. */
const axisMinutes = (v: number): string => (v < 60 ? `${Math.round(v)} min` : `${(v / 60).toFixed(1)} h`);

const ci = (r: Rate): string => (r.rate === null ? '' : `${r.count} of ${r.of}; 95% CI ${pct(r.low)}–${pct(r.high)}`);

function table(headers: readonly string[], rows: readonly (readonly string[])[], caption: string): string {
  return `<div class="scroll"><table><caption class="sub">${esc(caption)}</caption><thead><tr>${headers.map((h) => `<th scope="col">${esc(h)}</th>`).join('')}</tr></thead><tbody>${rows
    .map((r) => `<tr>${r.map((c, i) => (i === 0 ? `<th scope="row">${esc(c)}</th>` : `<td>${esc(c)}</td>`)).join('')}</tr>`)
    .join('')}</tbody></table></div>`;
}

function groupsTable(dimension: Dimension, groups: readonly GroupFigures[]): string {
  const columns = ['handedOff', 'touched', 'accepted', 'meeting', 'opportunity', 'won', 'leadToOpportunity', 'winRate', 'slaMet', 'breaches', 'medianResponse', 'amountWon'] as const;
  const { headers, rows } = groupTableCells(groups, DIMENSION_LABELS[dimension], columns);
  return table(headers, rows, `Funnel and SLA by ${DIMENSION_LABELS[dimension].toLowerCase()}, values at the handoff`);
}

function filterForm(c: DashboardChrome): string {
  const option = (value: string, label: string, selected: boolean): string => `<option value="${esc(value)}"${selected ? ' selected' : ''}>${esc(label)}</option>`;
  return `<form class="filters" method="get" action="${esc(c.action)}" aria-label="Period and filters">
<label>From (first day)<input type="date" name="since" value="${esc(c.since)}" required></label>
<label>To (last day, included)<input type="date" name="to" value="${esc(c.until)}" required></label>
<label>Break down by<select name="by">${DIMENSIONS.map((d) => option(d, DIMENSION_LABELS[d], d === c.by)).join('')}</select></label>
<label>Only where<select name="where">${option('', 'everything', c.filter === null)}${DIMENSIONS.map((d) => option(d, DIMENSION_LABELS[d], c.filter?.dimension === d)).join('')}</select></label>
<label>is<input type="text" name="value" value="${esc(c.filter?.value ?? '')}" placeholder="e.g. PAID_SEARCH"></label>
<button type="submit">Apply</button></form>`;
}

/**
 * The report as one self-contained HTML page: inline CSS, server-rendered SVG charts, no script and
 * no external resource, so the file opens offline and the dashboard serves the same markup.
 */
export function renderInsightHtml(r: InsightReport, chrome?: DashboardChrome): string {
  const f = r.funnel;
  const s = r.sla;
  const h = r.health;
  const weeks = r.trends.map((w) => w.week);
  const parts: string[] = [];
  parts.push(`<header><h1>Handoff insight</h1><p class="sub">${esc(periodText(r.period))}${r.filter ? ` · only ${esc(DIMENSION_LABELS[r.filter.dimension])} = ${esc(r.filter.value)}` : ''} · generated ${esc(r.generatedAt)}</p></header>`);
  const links: string[] = [];
  if (chrome?.glossaryHref) links.push(`<li><a href="${esc(chrome.glossaryHref)}">The shared glossary: what each term means, from the configuration in force</a></li>`);
  if (chrome?.reviews) links.push(`<li><a href="${esc(chrome.reviews.href)}">Ambiguous matches awaiting review: <span data-open-reviews="${esc(chrome.reviews.open)}">${esc(num(chrome.reviews.open))}</span> open</a></li>`);
  if (links.length > 0) parts.push(`<nav aria-label="Definitions and reviews"><ul>${links.join('')}</ul></nav>`);
  if (chrome) parts.push(filterForm(chrome));

  parts.push('<section aria-labelledby="funnel"><h2 id="funnel">Funnel</h2><p class="sub">The cohort handed off in the period, followed to now; each step counts episodes that reached it or a later one.</p><dl class="kpis">');
  for (const step of FUNNEL_STEPS) parts.push(kpi(STEP_LABELS[step], `funnel.${step}`, f[step], num(f[step])));
  parts.push(kpi('Lead → opportunity', 'funnel.leadToOpportunity.rate', f.leadToOpportunity.rate, pct(f.leadToOpportunity.rate), ci(f.leadToOpportunity)));
  parts.push(kpi('Meeting → opportunity', 'funnel.meetingToOpportunity.rate', f.meetingToOpportunity.rate, pct(f.meetingToOpportunity.rate), ci(f.meetingToOpportunity)));
  parts.push(kpi('Win rate', 'funnel.winRate.rate', f.winRate.rate, pct(f.winRate.rate), ci(f.winRate)));
  parts.push(`<div class="kpi"><dt>Amount won</dt><dd>${esc(amounts(f.amountWon))}</dd></div></dl>`);
  parts.push(
    `<figure><figcaption>Funnel, episodes per step</figcaption>${barChart(
      FUNNEL_STEPS.map((step, i) => ({ label: STEP_LABELS[step], value: f[step], ...(i === 0 ? {} : { note: `${pct(f.steps[i]?.conversion?.rate ?? null)} of the step before` }) })),
      { title: 'Funnel', desc: `Episodes per funnel step: ${FUNNEL_STEPS.map((st) => `${STEP_LABELS[st]} ${f[st]}`).join(', ')}.` },
    )}</figure>`,
  );
  parts.push(table(['Step', 'Episodes', 'From the step before'], FUNNEL_STEPS.map((step, i) => [STEP_LABELS[step], num(f[step]), i === 0 ? '' : rateText(f.steps[i]?.conversion ?? { count: 0, of: 0, rate: null, low: null, high: null })]), 'Funnel steps with conversion and 95% interval'));
  parts.push('</section>');

  parts.push('<section aria-labelledby="sla"><h2 id="sla">SLA and response time</h2><dl class="kpis">');
  parts.push(kpi('SLA compliance', 'sla.compliance', s.compliance, s.compliance === null ? 'no SLA ran out' : pct(s.compliance), ci(s.complianceRate)));
  parts.push(kpi('Breaches', 'sla.breaches', s.breaches, num(s.breaches), `${s.notYetDue} not yet due, ${s.withoutSla} without SLA`));
  parts.push(kpi('Median response (business)', 'sla.medianResponseBusinessMinutes', s.medianResponseBusinessMinutes, minutes(s.medianResponseBusinessMinutes), `${s.responses} touched`));
  parts.push(kpi('90th percentile response', 'sla.p90ResponseBusinessMinutes', s.p90ResponseBusinessMinutes, minutes(s.p90ResponseBusinessMinutes)));
  parts.push(kpi('Reminders / escalations / reassignments', 'sla.escalations', s.escalations, `${s.reminders} / ${s.escalations} / ${s.reassignments}`));
  parts.push('</dl><div class="grid2">');
  parts.push(
    `<figure><figcaption>SLA compliance by week</figcaption>${lineChart(weeks, [{ name: 'Compliance', values: r.trends.map((w) => w.slaCompliance), colour: PALETTE.blue, dash: '', marker: 'circle' }], {
      title: 'SLA compliance by week',
      desc: r.trends.map((w) => `${w.week}: ${pct(w.slaCompliance)} of ${w.slaDue}`).join('; '),
      max: 1,
      format: (v) => pct(v, 0),
    })}</figure>`,
  );
  parts.push(
    `<figure><figcaption>Response time by week (business minutes)</figcaption>${lineChart(
      weeks,
      [
        { name: 'Median', values: r.trends.map((w) => w.medianResponseBusinessMinutes), colour: PALETTE.blue, dash: '', marker: 'circle' },
        { name: '90th percentile', values: r.trends.map((w) => w.p90ResponseBusinessMinutes), colour: PALETTE.orange, dash: '6 4', marker: 'square' },
      ],
      { title: 'Response time by week', desc: r.trends.map((w) => `${w.week}: median ${minutes(w.medianResponseBusinessMinutes)}, p90 ${minutes(w.p90ResponseBusinessMinutes)}`).join('; '), format: axisMinutes },
    )}</figure></div>`,
  );
  parts.push(table(['Stage', 'Median', 'Episodes'], VELOCITY_STAGES.map((v) => [VELOCITY_LABELS[v], hours(r.velocity[v].medianHours), num(r.velocity[v].count)]), 'Velocity: median calendar time between steps'));
  parts.push('</section>');

  parts.push('<section aria-labelledby="calibration"><h2 id="calibration">Calibration</h2><p class="sub">Does a higher score mean a better lead? Opportunity rate by score band at the handoff, with 95% intervals.</p>');
  for (const m of r.calibration.models) {
    const verdict = m.higherScoreConvertsBetter === null ? 'too few episodes per band to say' : m.higherScoreConvertsBetter ? 'yes' : 'no';
    parts.push(`<h3>Model ${esc(m.modelVersion)}: ${num(m.episodes)} episodes; higher score converts better: <span data-figure="calibration.${esc(m.modelVersion)}.verdict">${esc(verdict)}</span></h3>`);
    parts.push(
      `<figure><figcaption>Opportunity rate by score band, model ${esc(m.modelVersion)}</figcaption>${intervalChart(
        m.byScoreBand.map((b) => ({ label: b.key, rate: b.opportunity.rate, low: b.opportunity.low, high: b.opportunity.high, note: `${pct(b.opportunity.rate)} (${b.opportunity.count}/${b.opportunity.of})` })),
        { title: `Calibration, model ${m.modelVersion}`, desc: m.byScoreBand.map((b) => `${b.key}: ${rateText(b.opportunity)}`).join('; ') },
      )}</figure>`,
    );
    parts.push(
      table(
        ['Band or grade', 'Episodes', 'Meeting', 'Opportunity', 'Won', 'Mean quality', 'Scorecard outcomes'],
        [...m.byScoreBand, ...m.byGrade.map((g) => ({ ...g, key: `Grade ${g.key}` }))].map((b) => [
          b.key,
          num(b.episodes),
          pct(b.meeting.rate),
          rateText(b.opportunity),
          rateText(b.won),
          b.meanQuality === null ? '–' : `${num(b.meanQuality, 1)} (${b.rated})`,
          Object.entries(b.outcomes).map(([o, n]) => `${o} ${n}`).join(', ') || '–',
        ]),
        `Calibration table, model ${m.modelVersion}`,
      ),
    );
  }
  parts.push('</section>');

  if (r.shadow) {
    parts.push(`<section aria-labelledby="shadow"><h2 id="shadow">Shadow against live</h2><p class="sub">${esc(shadowSummary(r.shadow))}</p><dl class="kpis">`);
    parts.push(kpi('Live MQLs', 'shadow.live.mqls', r.shadow.live.mqls, num(r.shadow.live.mqls)));
    parts.push(kpi('Shadow MQLs', 'shadow.shadow.mqls', r.shadow.shadow.mqls, num(r.shadow.shadow.mqls), `${num(r.shadow.shadowOnly)} the live model does not qualify`));
    parts.push(`</dl>${table(SHADOW_HEADERS, shadowRows(r.shadow), 'Conversion by score band of the handed-off contacts, under each model')}</section>`);
  }
  parts.push('<section aria-labelledby="groups"><h2 id="groups">Breakdown</h2>');
  for (const d of DIMENSIONS) {
    const groups = r.by[d];
    if (groups !== undefined) parts.push(`<h3>By ${esc(DIMENSION_LABELS[d].toLowerCase())}</h3>${groupsTable(d, groups)}`);
  }
  parts.push('</section>');

  parts.push('<section aria-labelledby="health"><h2 id="health">Sync health</h2><dl class="kpis">');
  parts.push(kpi('Cycles', 'health.cycles', h.cycles, num(h.cycles), `${h.succeeded} succeeded, ${h.partial} partial`));
  parts.push(kpi('Failed cycles', 'health.failed', h.failed, num(h.failed)));
  parts.push(kpi('Dead letters open', 'health.deadLetters.open', h.deadLetters.open, num(h.deadLetters.open), h.deadLetters.byCode.map((c) => `${c.code} ${c.count}`).join(', ')));
  parts.push(kpi('API calls', 'health.hubspotCalls', h.hubspotCalls, `${num(h.hubspotCalls)} HubSpot`, `${num(h.salesforceCalls)} Salesforce`));
  parts.push(kpi('Salesforce budget used', 'health.salesforceBudget.share', h.salesforceBudget?.share ?? null, pct(h.salesforceBudget?.share ?? null), h.salesforceBudget ? `${num(h.salesforceBudget.used)} of ${num(h.salesforceBudget.limit)}` : 'no reading'));
  parts.push(kpi('Cursor lag', 'health.cursor.lagMinutes', h.cursor.lagMinutes, h.cursor.lagMinutes === null ? 'no sync yet' : `${num(h.cursor.lagMinutes, 1)} min`));
  const rec = h.lastReconcile;
  parts.push(
    `<div class="kpi"><dt>Last reconcile</dt><dd>${figure('health.lastReconcile.gaps', rec?.gaps ?? null, rec === null ? 'none stored' : `${rec.gaps ?? '?'} gaps`)}<small>${esc(reconcileLine(rec))}</small></dd></div></dl>`,
  );
  parts.push(
    `<figure><figcaption>Sync cycles by week</figcaption>${stackedColumns(weeks, r.trends.map((w) => w.cycles - w.failedCycles), r.trends.map((w) => w.failedCycles), {
      title: 'Sync cycles by week',
      desc: r.trends.map((w) => `${w.week}: ${w.cycles} cycles, ${w.failedCycles} failed`).join('; '),
      names: ['Cycles that finished', 'Failed cycles'],
    })}</figure></section>`,
  );

  parts.push('<section aria-labelledby="trends"><h2 id="trends">Trends by ISO week</h2>');
  parts.push(
    table(
      ['Week', 'Handed off', 'Touched', 'Accepted', 'Meeting', 'Opportunity', 'Won', 'Lead→opp.', 'SLA due', 'Breaches', 'Compliance', 'Median resp.', 'p90 resp.', 'Cycles', 'Failed'],
      r.trends.map((w) => [w.week, num(w.handedOff), num(w.touched), num(w.accepted), num(w.meeting), num(w.opportunity), num(w.won), pct(w.leadToOpportunity), num(w.slaDue), num(w.breaches), pct(w.slaCompliance), minutes(w.medianResponseBusinessMinutes), minutes(w.p90ResponseBusinessMinutes), num(w.cycles), num(w.failedCycles)]),
      'Every measure by week',
    ),
  );
  parts.push('</section>');
  parts.push(`<section aria-labelledby="definitions"><h2 id="definitions">Definitions</h2><dl class="defs">${Object.entries({ ...r.definitions, ...(r.shadow?.definitions ?? {}) }).map(([k, v]) => `<dt>${esc(k)}</dt><dd>${esc(v)}</dd>`).join('')}</dl></section>`);
  return `<!doctype html>\n<html lang="en"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width, initial-scale=1"><title>Handoff insight, ${esc(periodText(r.period))}</title><style>${STYLE}</style></head><body><main>${parts.join('\n')}</main></body></html>\n`;
}
