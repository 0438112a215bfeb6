import type { Deps } from '../deps.js';
import type { Episode } from '../../domain/episode.js';
import { feedbackProperties, lifecycleMove, lifecycleTarget, propertiesHash } from '../../core/feedback/properties.js';
import type { HubSpotSource, RefusedUpdate } from '../../ports/hubspot.js';
import { chunk } from '../../lib/chunk.js';

/** The episodes whose HubSpot properties differ from what Handoff last wrote, with those properties. */
export function withChangedProperties(
  deps: Pick<Deps, 'config'>,
  episodes: readonly Episode[],
): { e: Episode; properties: Record<string, string>; target: string | null; hash: string }[] {
  const feedback = deps.config.handoff.feedback;
  return episodes
    .map((e) => {
      const properties = feedbackProperties(e, feedback);
      const target = lifecycleTarget(e, feedback);
      return { e, properties, target, hash: propertiesHash(properties, target) };
    })
    .filter((x) => x.hash !== (x.e.hubspotHash ?? null));
}

// Once per HubSpot source (once per App): the properties exist from then on.
const ensured = new WeakSet<HubSpotSource>();

/**
 * Writes the feedback properties of the episodes whose values changed since Handoff last wrote them
 * (by hash): batch updates of 100, nothing at all when nothing changed. The lifecycle stage moves
 * forward only, in the portal's own stage order, and only where feedback.lifecycle maps a step.
 * Returns the new hash per written episode (`<hubspotId>:<episode>`), committed with the pass, and
 * the contacts HubSpot refused (deleted or merged away, or a value it does not accept) with the
 * properties Handoff tried: their hash is returned too, so they are tried again when their values
 * change, not on every pass.
 */
export async function writeFeedback(
  deps: Deps,
  episodes: readonly Episode[],
  opts: { dryRun: boolean; report: { hubspotUpdates: number } },
): Promise<{ written: Map<string, string>; refused: (RefusedUpdate & { properties: Record<string, string> })[] }> {
  const cfg = deps.config.handoff;
  const written = new Map<string, string>();
  const none = { written, refused: [] };
  if (!cfg.writeback.enabled) return none;
  const changed = withChangedProperties(deps, episodes);
  if (changed.length === 0) return none;
  if (opts.dryRun) {
    opts.report.hubspotUpdates += changed.length;
    return none;
  }

  const hubspot = deps.hubspot;
  if (!ensured.has(hubspot)) {
    await hubspot.ensureWritebackProperties(cfg.writeback.propertyGroup);
    ensured.add(hubspot);
  }
  const moving = changed.filter((x) => x.target !== null);
  if (moving.length > 0) {
    const order = await hubspot.lifecycleStages();
    const current = new Map<string, string | null>();
    for (const ids of chunk([...new Set(moving.map((x) => x.e.hubspotId))], 100)) {
      const read = await hubspot.readContacts(ids, ['lifecyclestage']);
      for (const c of read.contacts) current.set(c.id, c.properties.lifecyclestage ?? null);
    }
    for (const x of moving) {
      const to = lifecycleMove(current.get(x.e.hubspotId) ?? null, x.target, order);
      if (to !== null) x.properties.lifecyclestage = to;
    }
  }
  const refusals = await hubspot.updateContacts(changed.map((x) => ({ hubspotId: x.e.hubspotId, properties: x.properties })));
  const refusedIds = new Map(refusals.map((r) => [r.hubspotId, r]));
  const refused: (RefusedUpdate & { properties: Record<string, string> })[] = [];
  for (const x of changed) {
    written.set(`${x.e.hubspotId}:${x.e.episode}`, x.hash);
    const r = refusedIds.get(x.e.hubspotId);
    if (r) refused.push({ ...r, properties: x.properties });
    else opts.report.hubspotUpdates += 1;
  }
  return { written, refused };
}
