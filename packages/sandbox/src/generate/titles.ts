import type { LocaleKey } from './locales.js';
import type { Rng, Weighted } from './random.js';

/**
 * Job titles by seniority, weighted towards the practitioners who fill in forms. Scoring models key on
 * seniority words (chief, VP, head, director, manager, student), so every band is represented.
 */
const ENGLISH: Weighted<string> = [
  ['CEO', 3], ['Founder', 2], ['Co-Founder & CEO', 1], ['CTO', 2], ['CFO', 1], ['COO', 1], ['CMO', 1], ['Owner', 2], ['President', 1],
  ['VP Marketing', 2], ['VP of Sales', 2], ['Vice President, Engineering', 1], ['SVP Revenue Operations', 1],
  ['Head of Growth', 2], ['Head of Marketing', 2], ['Head of RevOps', 1], ['Director of IT', 2], ['IT Director', 1],
  ['Marketing Director', 2], ['Director, Demand Generation', 1], ['Sales Director', 1],
  ['Marketing Manager', 6], ['Sales Manager', 4], ['Product Manager', 4], ['IT Manager', 3], ['Operations Manager', 3],
  ['Sr. Mgr, Demand Gen', 1], ['Account Executive', 4], ['SDR', 2], ['Business Development Representative', 2],
  ['Software Engineer', 6], ['Senior Software Engineer', 3], ['Data Analyst', 3], ['Marketing Specialist', 3],
  ['Consultant', 3], ['Office Manager', 2], ['Procurement Specialist', 1], ['Executive Assistant', 1],
  ['Intern', 2], ['Student', 3], ['Retired', 1], ['Other', 1],
];

const LOCAL: Partial<Record<LocaleKey, Weighted<string>>> = {
  de: [
    ['Geschäftsführer', 4], ['Geschäftsführerin', 2], ['Vertriebsleiter', 3], ['Leiter IT', 2], ['Marketingleiterin', 2],
    ['Prokurist', 1], ['Teamleiter Marketing', 2], ['Softwareentwickler', 4], ['Einkäufer', 2], ['Werkstudent', 2], ['Sachbearbeiterin', 2],
  ],
  fr: [
    ['PDG', 2], ['Directeur Commercial', 3], ['Directrice Marketing', 2], ['DSI', 2], ['Responsable Marketing', 3],
    ['Chef de projet', 3], ['Ingénieur logiciel', 3], ['Chargée de communication', 2], ['Stagiaire', 2], ['Étudiant', 1],
  ],
  es: [
    ['Director General', 3], ['Gerente de Ventas', 3], ['Jefe de Marketing', 3], ['Directora de TI', 2],
    ['Ingeniero de Software', 3], ['Consultor', 2], ['Estudiante', 2], ['Responsable de Compras', 1],
  ],
  pt_BR: [
    ['Diretor Comercial', 3], ['Sócio-Diretor', 2], ['Gerente de Marketing', 3], ['Coordenadora de TI', 2],
    ['Analista de TI', 3], ['Desenvolvedor', 3], ['Estagiário', 2], ['Analista de Marketing', 2],
  ],
  ja: [
    ['代表取締役社長', 3], ['営業部長', 3], ['マーケティング部 マネージャー', 3], ['情報システム部 課長', 2], ['エンジニア', 4], ['営業', 2], ['学生', 1],
  ],
  nl: [
    ['Directeur', 3], ['Algemeen Directeur', 2], ['Marketingmanager', 3], ['Accountmanager', 3], ['Ontwikkelaar', 3], ['Stagiair', 2],
  ],
  it: [
    ['Amministratore Delegato', 3], ['Direttore Commerciale', 3], ['Responsabile Marketing', 3], ['Sviluppatore', 3], ['Studente', 2], ['Impiegata', 2],
  ],
  sv: [
    ['VD', 3], ['Försäljningschef', 3], ['Marknadschef', 3], ['IT-chef', 2], ['Systemutvecklare', 3], ['Student', 2],
  ],
};

/** Local-language titles for a share of non-English contacts; international teams often use English ones. */
export function pickTitle(rng: Rng, locale: LocaleKey): string | null {
  if (rng.chance(0.08)) return rng.chance(0.7) ? null : '';
  const local = LOCAL[locale];
  const title = local && rng.chance(0.55) ? rng.weighted(local) : rng.weighted(ENGLISH);
  const r = rng.next();
  if (r < 0.05) return title.toLowerCase();
  if (r < 0.07) return title.toUpperCase();
  if (r < 0.09) return `${title} `;
  return title;
}
