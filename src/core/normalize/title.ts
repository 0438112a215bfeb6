import type { JobFunction, Seniority } from '../../domain/types.js';
import { BoundedCache } from '../../lib/bounded-cache.js';
import { fold, hasLetter } from './text.js';
import { hasJapanese, japaneseFunction, japaneseSeniority } from './title-ja.js';

export interface TitleClass {
  seniority: Seniority;
  jobFunction: JobFunction | null;
}

/*
 * Titles are matched after preparation: folded to lower-case ASCII ("Geschäftsführer" →
 * "geschaftsfuhrer", "Directeur Général" → "directeur general") and every punctuation run turned
 * into one space ("Co-Founder" → "co founder", "Sr. VP, Sales" → "sr vp sales"). So the patterns
 * are plain ASCII with `\b` word boundaries: "director" never matches "Directory Services".
 * German compounds ("Vertriebsleiter", "Produktmanager") are matched by suffix or prefix, without the outer `\b`.
 */

// Shared pieces: a product or process owner is not a business owner; a vice president is no president.
const OWNER = String.raw`(?<!\b(?:product|process|account|data|service|system|content|risk|control|budget|project|asset|business process) )\bowner\b`;
const PRESIDENT = String.raw`(?<!\bvice )\b(?:president|presidente|presidenta|prasident|prasidentin)\b`;
const FOUNDER = String.raw`\b(?:co ?)?founders?\b|\bfondat(?:eur|rice)\b|\bfundador(?:a)?\b|\bgr(?:u|ue)nder(?:in)?\b`;
const MANAGING_DIRECTOR = String.raw`\bmanaging (?:director|partner)\b|\bgesch(?:a|ae)ftsf(?:u|ue)hr|\binhaber(?:in)?\b`;
const TOP_EXECUTIVE = String.raw`\bceo\b|\bdiret(?:or|ora) (?:geral|executiv[oa])\b|\balgemeen directeur\b|\beigenaar\b|\bchief executive\b|\bpdg\b|\bdirect(?:eur|rice) general(?:e)?\b|\bdirector(?:a)? general\b|\bgerente general\b|\bconsejero delegado\b|\bamministratore delegato\b|\bvorstand|\bchair(?:man|woman|person)\b|\bpropietari[oa]\b|\bdueno\b`;
// "-leiter/-leitung" is a head of department, except for teams, projects, groups, shifts, branches and sites.
const LEADER_EXCEPTIONS = '(?:team|projekt|gruppen|schicht|filial|bau)';

const SENIORITY_RULES: readonly (readonly [Seniority, RegExp])[] = [
  ['c_level', new RegExp([
    String.raw`\b(?:ceo|cto|cfo|coo|cmo|cio|cro|cpo|cso|cdo|cco|cao|chro|ciso|cxo)\b`,
    String.raw`\bchief\b(?! of staff)`,
    OWNER, PRESIDENT, FOUNDER, MANAGING_DIRECTOR, TOP_EXECUTIVE,
  ].join('|'))],
  ['vp', /\b[sea]?vps?\b|\bvice ?president|\bvizeprasident|\bvice presidente\b/],
  // Decisions: "Head of …" ranks as director, as it usually reports to a VP or the C-level; so does
  // "General Manager", who runs a unit below the C-level (its function is "executive", though).
  // "Gerente General" is different: in Spanish it names the top executive, so it is c_level above.
  ['director', new RegExp(String.raw`\bdirector(?:a)?\b|\bdirect(?:eur|rice)\b|\bdirektor(?:in)?\b|\bdirett(?:ore|rice)\b|\bdiret(?:or|ora)\b|\bdir\b|\bhead\b|\bgeneral manager\b|\bchief of staff\b|(?<!${LEADER_EXCEPTIONS})leit(?:er|erin|ung)\b`)],
  ['manager', new RegExp(String.raw`manager(?:in)?\b|\bmgr\b|\bgerente\b|\bgestor(?:a)?\b|\bresponsab(?:le|ile)\b|\blead(?:er)?\b(?! gen| generation| qualification| nurturing| routing)|\bsupervis(?:or|ora|eur)\b|\bsuperintendent\b|\bchef de\b|\bjef[ea]\b|${LEADER_EXCEPTIONS}leit(?:er|erin|ung)\b`)],
];

// Checked in this order; the first match wins. Executive first so "CEO & Founder" is executive,
// then the customer-facing functions so "Sales Engineer" is sales and "Product Marketing" marketing.
const FUNCTION_RULES: readonly (readonly [JobFunction, RegExp])[] = [
  ['executive', new RegExp([String.raw`\bgeneral manager\b`, OWNER, PRESIDENT, FOUNDER, MANAGING_DIRECTOR, TOP_EXECUTIVE].join('|'))],
  ['marketing', /\bmarketing|\blead gen|\bcmo\b|\bbrand(?:ing)?\b|\bdemand gen|\bgrowth\b|\bcontent\b|\bcommunications?\b|\bcomms\b|\bpublic relations\b|\bpr\b|\bseo\b|\bsem\b|\bppc\b|\bsocial media\b|\bcampaigns?\b|\bevents?\b|\bmercade(?:o|otecnia)\b/],
  ['sales', /\bsales\b|\bcro\b|\bchief revenue\b|\brevenue\b|\brevops\b|\baccount ?(?:executive|manager|director)|\bkey account|\bae\b|\b[sb]dr\b|\bbusiness development\b|\bbiz ?dev\b|\bcustomer success\b|\bpartnerships?\b|\bchannel\b|\bcommercial\b|\bcomercial\b|\bcommerciale\b|\bventas?\b|\bvendas\b|\bventes?\b|\bvendite\b|\bverkoop\b|\bvertrieb|\bverkauf|\baussendienst|\binnendienst/],
  ['product', /\bproducts?\b|\bprodukt(?!ion)|\bproducto\b|\bproduit\b|\bcpo\b|\bux\b|\buser (?:experience|research)\b/],
  ['hr', /\bhr\b|\bhrbp\b|\bchro\b|\bhuman resources?\b|\bpeople\b|\btalent\b|\brecruit|\bpersonnel\b|\bpersonal(?:leit|abteil|wesen|referent|chef|entwickl|manag|sachbearbeit)|\bressources humaines\b|\brh\b|\bdrh\b|\brrhh\b|\brecursos humanos\b|\brisorse umane\b|\bpersoneelszaken\b|\blearning and development\b|\bcompensation\b/],
  ['finance', /\bfinanc|\bcfo\b|\baccounting\b|\baccountant\b|\baccounts (?:payable|receivable)\b|\bcontroll(?:er|ing)\b|\bcomptroller\b|\btreasur|\baudit|\btax\b|\bfp ?a\b|\bbookkeep|\bpayroll\b|\bfinanz|\bbuchhalt|\bcomptab|\bcontab|\bcontador|\btesorer/],
  ['it', /\bit\b|\bcio\b|\bciso\b|\bchief information\b|\binformation (?:technology|security)\b|\binfosec\b|\bcyber ?security\b|\bsys ?admin|\bsystems? administrat|\bnetwork\b|\bhelp ?desk\b|\bservice desk\b|\btech(?:nical)? support\b|\binfrastructure\b|\binformati[kq]|\binformatica\b|\bedv\b|\bsistemas\b|\bti\b/],
  ['engineering', /\bengineer|\bdevelop(?:er|ment)\b|\bdev\b|\bdevops\b|\bsre\b|\bsoftware\b|\barchitect|\bcto\b|\bchief technology\b|\btechnology\b|\btechnical\b|\bprogrammer\b|\bqa\b|\bquality assurance\b|\brn?d\b|\br and d\b|\bresearch and development\b|\bdata scien|\bmachine learning\b|entwickl|ingenieur|\binge(?:niero|niera|gnere)\b|\bdesarrollador|\bdeveloppeur|\bdesenvolvedor|\bsviluppat|\bontwikkel|\bprogrammier|\bingegner|\bengenheir|\bfirmware\b|\bhardware\b|\bembedded\b/],
  ['operations', /\boperations?\b|\bops\b|\bcoo\b|\bchief operating\b|\bsupply chain\b|\blogisti|\bprocurement\b|\bpurchasing\b|\bbuyer\b|\beinkauf|\bachats?\b|\bcompras\b|\bfacilit(?:y|ies)\b|\boffice manager\b|\boperaciones\b|\bbetrieb|\bprodu(?:ktion|ction)|\bmanufacturing\b|\bplant\b|\bquality\b|\bfertigung|\blager/],
];

const ACRONYM_DOTS = /\b(?:[a-z]\.){2,}/g;
const DOT = /\./g;
const AMPERSAND_PAIR = /([a-z])&([a-z])/g;
const PUNCTUATION_RUN = /[^a-z0-9]+/g;
// "Assistant to the CEO": the words after "to the" describe someone else's role.
const SOMEONE_ELSES_ROLE = / (?:to|for) the .*$/;

/** Lower-case ASCII words separated by single spaces. */
function prepare(title: string): string {
  return fold(title)
    .replace(ACRONYM_DOTS, (m) => m.replace(DOT, '')) // "C.E.O." → "ceo"
    .replace(AMPERSAND_PAIR, '$1$2') // "R&D" → "rd", "FP&A" → "fpa"
    .replace(PUNCTUATION_RUN, ' ')
    .trim()
    .replace(SOMEONE_ELSES_ROLE, '');
}

function classify(title: string): TitleClass {
  const t = prepare(title);
  let seniority = SENIORITY_RULES.find(([, re]) => re.test(t))?.[0];
  let jobFunction = FUNCTION_RULES.find(([, re]) => re.test(t))?.[0];
  // Preparation keeps only ASCII words, so Japanese words ("営業部長") are looked up separately.
  if (hasJapanese(title)) {
    seniority ??= japaneseSeniority(title);
    jobFunction ??= japaneseFunction(title);
  }
  // Frozen: results are shared through the cache.
  return Object.freeze({ seniority: seniority ?? 'individual', jobFunction: jobFunction ?? 'other' });
}

const UNKNOWN: TitleClass = Object.freeze({ seniority: 'unknown', jobFunction: null });
/** Titles repeat heavily across contacts ("Marketing Manager"), but vary more than other fields: a larger bound. */
const cache = new BoundedCache<string, TitleClass>(20_000);
const classifyRaw = (raw: string): TitleClass => (hasLetter(raw) ? classify(raw) : UNKNOWN);

/**
 * Seniority and job function from a free-text job title, in English plus common German, French,
 * Spanish, Italian, Portuguese, Dutch and Japanese words. Empty (or letterless, like "-") → unknown with no function; any other
 * title is at least "individual" with function "other".
 */
export function classifyTitle(raw: string | null | undefined): TitleClass {
  if (raw == null) return UNKNOWN;
  return cache.getOrCompute(raw, classifyRaw);
}
