/** ASCII folding for building email local parts and domains from names in any of the generated locales. */
const SPECIAL: Record<string, string> = { ß: 'ss', ø: 'o', Ø: 'o', æ: 'ae', Æ: 'ae', œ: 'oe', Œ: 'oe', ł: 'l', Ł: 'l', đ: 'd', Đ: 'd', þ: 'th' };

export function asciiFold(value: string): string {
  return value
    .replace(/[ßøØæÆœŒłŁđĐþ]/g, (ch) => SPECIAL[ch] ?? ch)
    .normalize('NFD')
    .replace(/\p{M}/gu, '');
}

/** Lowercase letters and digits only; empty when the input has no Latin letters (e.g. Japanese names). */
export function slug(value: string): string {
  return asciiFold(value).toLowerCase().replace(/[^a-z0-9]/g, '');
}

export function capitalize(value: string): string {
  return value.charAt(0).toUpperCase() + value.slice(1);
}
