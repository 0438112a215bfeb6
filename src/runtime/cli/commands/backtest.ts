import { resolve } from 'node:path';
import type { Command } from 'commander';
import { App, clockFromConfig } from '../../app.js';
import { loadScoringFile } from '../../../config/scoring-file.js';
import { ConfigError } from '../../../domain/errors.js';
import type { BacktestResult, ModelFigures } from '../../../core/backtest/backtest.js';
import { runBacktest } from '../../../jobs/backtest.js';
import { parseSince } from '../../../jobs/reconcile/since.js';
import { cliLogger, loadCliConfig, printJson } from '../runtime.js';
import { formatTable } from './dlq.js';
import { printText } from '../terminal.js';

const pct = (x: number | null): string => (x === null ? '-' : `${(x * 100).toFixed(1)}%`);

export function backtestText(r: BacktestResult): string {
  const side = (m: ModelFigures) => `model ${m.version} (MQL at ${m.threshold}): precision ${pct(m.precisionAtThreshold.precision)} (${m.precisionAtThreshold.opportunities} of ${m.precisionAtThreshold.qualifiedEpisodes}), AUC ${m.auc === null ? '-' : m.auc.toFixed(3)}`;
  const c = r.labelCoverage;
  return [
    `Backtest ${r.since} – ${r.until}, over ${c.contacts} contacts in the decision table; no API call`,
    `  live       ${side(r.live)}`,
    `  candidate  ${side(r.candidate)}`,
    '',
    'MQLs per week (new / above the threshold at the week\'s end):',
    formatTable(
      ['  week', 'live', 'candidate'],
      r.live.mqlPerWeek.map((w, i) => {
        const cw = r.candidate.mqlPerWeek[i];
        return [`  ${w.week}`, `${w.newMqls} / ${w.qualifiedAtEnd}`, cw ? `${cw.newMqls} / ${cw.qualifiedAtEnd}` : '-'];
      }),
    ).trimEnd(),
    '',
    'Conversion by score band at the handoff (episodes → opportunity, won):',
    formatTable(
      ['  band', 'live', 'candidate'],
      r.live.conversionByBand.map((b, i) => {
        const cb = r.candidate.conversionByBand[i];
        const cell = (x: typeof b | undefined) => (x ? `${x.episodes} → ${pct(x.opportunityRate)}, ${pct(x.wonRate)}` : '-');
        return [`  ${b.band}`, cell(b), cell(cb)];
      }),
    ).trimEnd(),
    '',
    `Changed decisions now: ${r.changed.count} (${r.changed.newMqls} new MQLs, ${r.changed.dropped} dropped)${r.changed.sample.length > 0 ? `; e.g. ${r.changed.sample.map((x) => `${x.hubspotId} (${x.live.score} → ${x.candidate.score})`).join(', ')}` : ''}`,
    `Label coverage: ${c.labelledEpisodes} episodes with outcomes; live MQLs ${c.liveMqlsLabelled} of ${c.liveMqls} labelled, candidate MQLs ${c.candidateMqlsLabelled} of ${c.candidateMqls} (${pct(c.candidateCoverage)}); ${c.candidateNewMqlsUnlabelled.length} new candidate MQLs unlabelled`,
    '',
  ].join('\n');
}

/** `handoff backtest --model FILE`: the live and a candidate model side by side, from the state alone. */
export function registerBacktest(program: Command): void {
  program
    .command('backtest')
    .description('Replay the stored decisions and activity through the live and a candidate scoring model, with the outcomes sales recorded; no API call')
    .requiredOption('--model <file>', 'the candidate model: a file shaped like scoring.yaml')
    .option('--since <date>', 'start of the period: 2026-03-01, an ISO date-time, or an age like 12w (default: 12 weeks)')
    .option('--json', 'print the result as one JSON object')
    .action(async (opts: { model: string; since?: string; json?: boolean }) => {
      const config = loadCliConfig();
      const file = resolve(opts.model);
      const loaded = loadScoringFile(file, config.sla);
      if (!loaded.scoring) throw new ConfigError(loaded.problems);
      const app = new App({ config, logger: cliLogger(config), clock: await clockFromConfig(config) });
      try {
        const now = app.clock.now();
        const since = parseSince(opts.since ?? '12w', now);
        const result = await runBacktest(await app.deps(), { candidate: loaded.scoring, since, until: new Date(now).toISOString() });
        if (opts.json) printJson(result);
        else printText(backtestText(result));
      } finally {
        await app.close();
      }
    });
}
