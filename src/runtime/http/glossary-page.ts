import type { Clock } from '../../ports/clock.js';
import { buildGlossary } from '../../core/glossary/build.js';
import type { GlossaryConfig } from '../../core/glossary/build.js';
import { renderHtml } from '../../core/glossary/render.js';

/** The dashboard's `/dashboard/glossary`: the page `handoff glossary --html` writes, rendered from the configuration in force at each request. */
export function glossaryPage(config: GlossaryConfig, clock: Pick<Clock, 'now'>): () => string {
  return () => renderHtml(buildGlossary(config, new Date(clock.now())));
}
