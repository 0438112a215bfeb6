import type { Episode, EpisodeAtHandoff, EpisodePatch } from '../../src/domain/episode.js';
import type { StateStore } from '../../src/ports/state.js';

const AT_HANDOFF = [
  'hubspotId', 'episode', 'handoffKey', 'handedOffAt', 'salesforceLeadId', 'salesforceContactId', 'salesforceTaskId',
  'firstOwnerId', 'team', 'tier', 'slaDueAt', 'score', 'grade', 'modelVersion', 'source', 'segment',
] as const;

/** Stores episode rows as the sync and the feedback job would: the values at handoff, then a patch with what sales did. */
export async function seedEpisodes(store: StateStore, episodes: readonly Episode[]): Promise<void> {
  const atHandoff: EpisodeAtHandoff[] = episodes.map((e) => Object.fromEntries(AT_HANDOFF.map((k) => [k, e[k]])) as unknown as EpisodeAtHandoff);
  const patches: EpisodePatch[] = episodes.map((e) => {
    const patch: Record<string, unknown> = { hubspotId: e.hubspotId, episode: e.episode };
    for (const [k, v] of Object.entries(e)) if (!(AT_HANDOFF as readonly string[]).includes(k) && k !== 'updatedAt') patch[k] = v;
    return patch as EpisodePatch;
  });
  await store.commitBatch({ episodes: atHandoff });
  await store.updateEpisodes(patches);
}
