/** The shared glossary as data: sections of terms and their definitions, rendered as text, Markdown or HTML (render.ts). */
export interface GlossaryEntry {
  term: string;
  text: string;
  /** Sub-points: a rule's caps, a calendar's closed days. */
  details?: string[];
}

export interface GlossarySection {
  id: string;
  title: string;
  intro?: string;
  entries: GlossaryEntry[];
}

export interface Glossary {
  title: string;
  /** Which model and when it was rendered. */
  subtitle: string;
  sections: GlossarySection[];
}
