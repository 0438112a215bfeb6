import type { Config } from '../../config/load.js';
import { DECISION_REASONS, DECISION_REASON_CODES } from '../../domain/decision.js';
import { coversEveryone, describeRollout } from '../rollout.js';
import type { Glossary, GlossarySection } from './model.js';
import { afterHandoffSections } from './after-handoff-section.js';
import { routingSection } from './routing-section.js';
import { qualificationSections } from './scoring-section.js';
import { serviceSections } from './service-section.js';

export type GlossaryConfig = Pick<Config, 'scoring' | 'sla' | 'routing' | 'handoff'> & { shadowScoring?: Config['shadowScoring'] };

function handoffSection(cfg: GlossaryConfig): GlossarySection {
  const wb = cfg.handoff.writeback;
  return {
    id: 'handoff',
    title: 'What a handoff is',
    entries: [
      {
        term: 'Handoff',
        text: 'A marketing-qualified contact written to Salesforce as a Lead (or matched to the Lead or Contact already there), with exactly one follow-up Task for its owner carrying the score, the reasons and the routing.',
      },
      {
        term: 'Refresh',
        text: "A contact handed off before whose data changed, or whose score moved by 5 points or more: its Lead is kept current and no new Task is created.",
      },
      ...(cfg.shadowScoring
        ? [{ term: 'Shadow model', text: `Model ${cfg.shadowScoring.version} is being tried in shadow: every contact is scored with it too and both results are recorded, but only model ${cfg.scoring.version} decides who is handed off.` }]
        : []),
      wb.enabled
        ? { term: 'In HubSpot', text: `Handoff writes the status, the Salesforce id, the time, the score and the grade back to the contact, and moves its lifecycle stage forward to "${wb.lifecycleStage}" (never back).` }
        : { term: 'In HubSpot', text: 'Handoff writes nothing back to HubSpot.' },
    ],
  };
}

const capitalize = (s: string): string => s.charAt(0).toUpperCase() + s.slice(1);

function rolloutSection(cfg: GlossaryConfig): GlossarySection {
  const r = cfg.handoff.rollout;
  return {
    id: 'rollout',
    title: 'Rollout in force',
    entries: [
      {
        term: 'Who is handed off',
        text: coversEveryone(r)
          ? 'Every marketing-qualified contact: no pilot limits the handoff.'
          : `Only marketing-qualified contacts in the pilot: ${describeRollout(r)}. The others are scored and recorded as "outside-rollout", not handed off; widening the rollout hands them off at the next cycle, each once.`,
      },
      ...(r.segments.some((s) => s.team) ? [{ term: 'Team (in a pilot segment)', text: "The team the contact's territory picks under routing, before existing or account owners are considered." }] : []),
    ],
  };
}

function decisionSection(): GlossarySection {
  return {
    id: 'decisions',
    title: 'Why a contact was or was not handed off',
    intro: 'Each contact evaluated keeps its latest decision under one of these reasons; reconcile counts by them.',
    entries: DECISION_REASON_CODES.filter((c) => DECISION_REASONS[c].produced).map((c) => ({ term: c, text: `${capitalize(DECISION_REASONS[c].means)}.` })),
  };
}

/** The shared glossary of the running configuration (pure): what every term sales and marketing share means today. */
export function buildGlossary(cfg: GlossaryConfig, now: Date): Glossary {
  return {
    title: 'Handoff glossary: the definitions marketing and sales share',
    subtitle: `Scoring model ${cfg.scoring.version}; rendered from the configuration in force on ${now.toISOString().slice(0, 10)}.`,
    sections: [
      ...qualificationSections(cfg.scoring),
      ...serviceSections(cfg.sla, cfg.scoring, cfg.routing, now),
      routingSection(cfg.routing),
      handoffSection(cfg),
      ...afterHandoffSections(cfg.handoff),
      rolloutSection(cfg),
      decisionSection(),
    ],
  };
}
