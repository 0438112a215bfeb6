import type { Deps } from './deps.js';
import type { Alternative } from '../core/match.js';

const PAGE = 1_000;

/** One handoff whose email matched several Salesforce records. */
export interface ReviewItem {
  /** The ledger line that recorded it. */
  id: number;
  hubspotId: string;
  handoffKey: string | null;
  taskId: string | null;
  picked: Alternative;
  alternatives: Alternative[];
  at: string;
}

/** Every ambiguous match a handoff was written to, oldest first, from the ledger (no API call). */
export async function listReviews(deps: Pick<Deps, 'state'>, options: { since?: string } = {}): Promise<ReviewItem[]> {
  const out: ReviewItem[] = [];
  for (let afterSeq: number | undefined; ; ) {
    const rows = await deps.state.queryLedger({ action: 'match.review', limit: PAGE, ...(options.since ? { since: options.since } : {}), ...(afterSeq !== undefined ? { afterSeq } : {}) });
    for (const r of rows) {
      const d = (r.detail ?? {}) as { handoffKey?: string; picked?: Alternative; alternatives?: Alternative[] };
      if (!r.hubspotId || !d.picked || !d.alternatives) continue;
      out.push({ id: r.seq, hubspotId: r.hubspotId, handoffKey: d.handoffKey ?? null, taskId: r.salesforceIds.taskId ?? null, picked: d.picked, alternatives: d.alternatives, at: r.at });
    }
    if (rows.length < PAGE) return out;
    afterSeq = rows[rows.length - 1]?.seq;
  }
}
