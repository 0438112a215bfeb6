/** Sales regions by ISO country code; anything unlisted counts as EMEA or APAC by continent below. */
const NA = ['US', 'CA'];
const LATAM = ['MX', 'BR', 'AR', 'CL', 'CO', 'PE', 'UY', 'EC', 'VE', 'CR', 'PA', 'GT', 'DO', 'BO', 'PY'];
const APAC = ['AU', 'NZ', 'JP', 'CN', 'HK', 'TW', 'KR', 'SG', 'MY', 'TH', 'VN', 'ID', 'PH', 'IN', 'PK', 'BD', 'LK'];

const REGION = new Map<string, string>([
  ...NA.map((c) => [c, 'NA'] as const),
  ...LATAM.map((c) => [c, 'LATAM'] as const),
  ...APAC.map((c) => [c, 'APAC'] as const),
]);

/** NA, LATAM, APAC, or EMEA for everything else (Europe, the Middle East and Africa). */
export function regionOf(country: string | null): string | null {
  if (!country) return null;
  return REGION.get(country) ?? 'EMEA';
}
