import type { Seniority } from '../../domain/types.js';

const SENIORITY: [Seniority, RegExp][] = [
  ['c_level', /\b(c[eotfmi]o|chief|founder|co-?founder|owner|president|managing director|geschäftsführer|gesch[aä]ftsf[uü]hrer|gérant|pdg|directeur général|director general|ceo)\b/i],
  ['vp', /\b(vp|svp|evp|avp|vice[ -]president|vizepr[aä]sident)\b/i],
  ['director', /\b(director|directeur|directora?|head of|leiter|leiterin|direktor)\b/i],
  ['manager', /\b(manager|managerin|gerente|responsable|team ?lead|lead|supervisor|gestionnaire)\b/i],
];

const FUNCTIONS: [string, RegExp][] = [
  ['marketing', /\b(marketing|brand|demand gen|growth|content|communications?|pr|seo|mercadotecnia)\b/i],
  ['sales', /\b(sales|account executive|ae|sdr|bdr|business development|vertrieb|commercial|ventas|revenue)\b/i],
  ['engineering', /\b(engineer(ing)?|developer|software|devops|architect|cto|programmer|entwickler|ingénieur)\b/i],
  ['it', /\b(it|information technology|cio|systems|infrastructure|security|network)\b/i],
  ['finance', /\b(finance|financial|cfo|accounting|controller|treasury|finanz)\b/i],
  ['operations', /\b(operations|ops|coo|supply chain|logistics|revops)\b/i],
  ['hr', /\b(hr|human resources|people|talent|recruit(ing|er)|personal)\b/i],
  ['product', /\b(product|ux|design)\b/i],
  ['executive', /\b(ceo|founder|owner|president|managing director|geschäftsführer|general manager)\b/i],
];

/** Seniority and job function from a free-text title, in English and a few common languages. */
export function classifyTitle(raw: string | null | undefined): { seniority: Seniority; jobFunction: string | null } {
  const title = raw?.trim();
  if (!title) return { seniority: 'unknown', jobFunction: null };
  const seniority = SENIORITY.find(([, re]) => re.test(title))?.[0] ?? 'individual';
  const jobFunction = FUNCTIONS.find(([, re]) => re.test(title))?.[0] ?? 'other';
  return { seniority, jobFunction };
}
