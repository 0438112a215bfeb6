import { compileCondition } from '../config/conditions.js';
import type { ScoringConfig } from '../config/scoring.js';
import type { Activity, Contact, Reason, Score } from '../domain/types.js';

const DAY_MS = 86_400_000;
const round1 = (n: number): number => Math.round(n * 10) / 10;

export type Scorer = (contact: Contact, activities: readonly Activity[], now: Date) => Score;

/**
 * Compiles the shared model once into a scoring function. Pure: the same contact, activities and
 * `now` always give the same total, grade and reasons (sorted by |points|, then rule id).
 */
export function compileModel(model: ScoringConfig): Scorer {
  const fit = model.fit.map((r) => {
    const preds = r.when.map(compileCondition);
    return { rule: r, test: (c: Contact) => preds.every((p) => p(c)) };
  });
  const engagement = model.engagement.rules.map((r) => ({
    rule: r,
    outcomes: r.outcomes ? new Set(r.outcomes.map((o) => o.toUpperCase())) : null,
  }));
  const halfLifeMs = model.engagement.halfLifeDays * DAY_MS;
  const maxAgeMs = model.engagement.maxAgeDays * DAY_MS;
  const grades = [...model.grades].sort((a, b) => b.min - a.min);

  return (contact, activities, now) => {
    const reasons: Reason[] = [];
    let fitTotal = 0;
    for (const f of fit) {
      if (!f.test(contact)) continue;
      fitTotal += f.rule.points;
      reasons.push({ rule: f.rule.id, label: f.rule.label, points: f.rule.points });
    }
    fitTotal = Math.min(model.caps.fit.max, Math.max(model.caps.fit.min, fitTotal));

    let engagementTotal = 0;
    const nowMs = now.getTime();
    for (const e of engagement) {
      let points = 0;
      let count = 0;
      for (const a of activities) {
        if (a.type !== e.rule.type) continue;
        if (e.outcomes && !e.outcomes.has((a.outcome ?? '').toUpperCase())) continue;
        const age = nowMs - Date.parse(a.occurredAt);
        if (!(age >= 0) || age > maxAgeMs) continue; // future-dated or too old activity counts nothing
        if (e.rule.maxCount !== undefined && count >= e.rule.maxCount) break;
        count += 1;
        points += e.rule.points * 0.5 ** (age / halfLifeMs);
      }
      if (count === 0) continue;
      const p = round1(points);
      engagementTotal += points;
      reasons.push({ rule: e.rule.id, label: `${e.rule.label} ×${count}`, points: p });
    }
    engagementTotal = round1(Math.min(model.caps.engagement.max, engagementTotal));
    const total = round1(fitTotal + engagementTotal);
    const band = grades.find((g) => total >= g.min) ?? grades[grades.length - 1];
    reasons.sort((a, b) => Math.abs(b.points) - Math.abs(a.points) || (a.rule < b.rule ? -1 : a.rule > b.rule ? 1 : 0));
    return {
      total,
      fit: round1(fitTotal),
      engagement: engagementTotal,
      grade: band?.grade ?? '',
      qualified: total >= model.mqlThreshold,
      modelVersion: model.version,
      reasons,
    };
  };
}

/** The SLA tier a grade selects. */
export function tierForGrade(model: ScoringConfig, grade: string): string | null {
  return model.grades.find((g) => g.grade === grade)?.tier ?? null;
}
