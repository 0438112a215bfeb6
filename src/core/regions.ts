import type { Region } from '../config/routing.js';

// Sales regions by ISO 3166-1 alpha-2 code. Mexico counts as LATAM and Central Asia with EMEA, as
// most sales orgs split them; a territory can still list countries explicitly to override this.
const REGION_COUNTRIES: Record<Region, string> = {
  NA: 'US CA PR VI UM BM PM',
  LATAM:
    'MX GT BZ SV HN NI CR PA CU DO HT JM TT BS BB AG DM GD KN LC VC AW CW SX BQ KY TC VG AI MS GP MQ BL MF ' +
    'AR BO BR CL CO EC GY PY PE SR UY VE GF FK GS',
  EMEA:
    'AD AL AT AX BA BE BG BY CH CY CZ DE DK EE ES FI FO FR GB GG GI GL GR HR HU IE IM IS IT JE LI LT LU LV MC MD ME MK ' +
    'MT NL NO PL PT RO RS RU SE SI SJ SK SM UA VA XK AE BH IL IQ IR JO KW LB OM PS QA SA SY TR YE AM AZ GE KZ KG TJ TM UZ ' +
    'DZ AO BJ BW BF BI CM CV CF TD KM CD CG CI DJ EG GQ ER SZ ET GA GM GH GN GW KE LS LR LY MG MW ML MR MU YT MA MZ NA ' +
    'NE NG RE RW SH ST SN SC SL SO ZA SS SD TZ TG TN UG EH ZM ZW BV TF IO',
  APAC:
    'AU NZ JP CN HK MO TW KR KP MN SG MY TH VN ID PH IN PK AF BD LK NP BT MV MM KH LA BN TL PG FJ SB VU NC PF WS TO KI ' +
    'TV NR FM MH PW GU MP AS CK NU NF CX CC PN TK WF HM AQ',
};
const REGION_OF = new Map<string, Region>(
  (Object.entries(REGION_COUNTRIES) as [Region, string][]).flatMap(([r, codes]) => codes.split(' ').map((c) => [c, r] as const)),
);

/** The sales region of an ISO country code; null when the country is unknown. */
export function regionOf(country: string | null): Region | null {
  return country === null ? null : (REGION_OF.get(country.toUpperCase()) ?? null);
}
