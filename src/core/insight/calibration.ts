import { NONE, orderKeys, scoreBandOf } from './dimensions.js';
import type { EpisodeFacts } from './facts.js';
import type { Tally} from './tally.js';
import { KEEP_SCORECARD, tallyIn } from './tally.js';
import type { Calibration, CalibrationModel, CalibrationRow } from './types.js';

/** Bands with fewer episodes than this don't take part in the "does a higher score convert better" check. */
export const MIN_BAND_EPISODES = 20;

function monotonic(rows: readonly CalibrationRow[]): boolean | null {
  const rates = rows.filter((r) => r.key !== NONE && r.episodes >= MIN_BAND_EPISODES).map((r) => r.opportunity.rate ?? 0);
  if (rates.length < 2) return null;
  return rates.every((r, i) => i === 0 || r >= (rates[i - 1] as number));
}

interface ModelTallies {
  episodes: number;
  byScoreBand: Map<string, Tally>;
  byGrade: Map<string, Tally>;
}

const rowsOf = (map: Map<string, Tally>, order: string[]): CalibrationRow[] => order.map((k) => (map.get(k) as Tally).calibrationRow(k));
const sizes = (map: Map<string, Tally>): Map<string, number> => new Map([...map].map(([k, t]) => [k, t.episodes]));

/** Conversion by score band and by grade for each model version, filled one episode at a time. */
export class CalibrationTally {
  private readonly models = new Map<string, ModelTallies>();

  constructor(private readonly labels: readonly string[]) {}

  /** `band` is the episode's score band (scoreBandOf), which the report works out once per episode. */
  add(f: EpisodeFacts, band: string): void {
    const version = f.row.modelVersion ?? NONE;
    let model = this.models.get(version);
    if (model === undefined) {
      model = { episodes: 0, byScoreBand: new Map(), byGrade: new Map() };
      this.models.set(version, model);
    }
    model.episodes++;
    tallyIn(model.byScoreBand, band, KEEP_SCORECARD).add(f);
    tallyIn(model.byGrade, f.row.grade ?? NONE, KEEP_SCORECARD).add(f);
  }

  result(): Calibration {
    const models: CalibrationModel[] = [...this.models.keys()]
      .sort((a, b) => (a === NONE ? 1 : 0) - (b === NONE ? 1 : 0) || b.localeCompare(a))
      .map((modelVersion) => {
        const m = this.models.get(modelVersion) as ModelTallies;
        const byScoreBand = rowsOf(m.byScoreBand, orderKeys('scoreBand', sizes(m.byScoreBand), this.labels));
        const byGrade = rowsOf(m.byGrade, orderKeys('grade', sizes(m.byGrade), this.labels));
        return { modelVersion, episodes: m.episodes, byScoreBand, byGrade, higherScoreConvertsBetter: monotonic(byScoreBand) };
      });
    return { minBandEpisodes: MIN_BAND_EPISODES, models };
  }
}

/** Conversion by score band and by grade, for each model version the episodes were scored with. */
export function calibrationOf(facts: readonly EpisodeFacts[], edges: readonly number[], labels: readonly string[]): Calibration {
  const tally = new CalibrationTally(labels);
  for (const f of facts) tally.add(f, scoreBandOf(f.row.score, edges, labels));
  return tally.result();
}
