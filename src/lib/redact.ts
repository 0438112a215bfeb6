/**
 * Scrubs secrets and personal data from anything headed for the logs. Records are identified in
 * logs by their ids; names, emails, phones and tokens never reach a log line, even by mistake.
 */
const SENSITIVE_KEY =
  /(token|secret|password|passwd|authorization|api[-_]?key|cookie|signature|email|phone|mobile|firstname|lastname|first_name|last_name|fullname|full_name|^name$|address)/i;

// Letters of any script (josé@bücher.de), and quoted local parts ("john doe"@example.com).
const EMAIL = /(?:"[^"\r\n]{1,64}"|[\p{L}\p{N}._%+-]+)@[\p{L}\p{N}.-]+\.\p{L}{2,}/gu;
const BEARER = /\b(Bearer|OAuth)\s+[A-Za-z0-9._~+/=!-]+/gi;
// HubSpot private app tokens (pat-na1-…), Salesforce session ids (00D…!…), JWT-like strings.
const TOKEN_SHAPES = /\b(pat-[a-z0-9]+-[A-Za-z0-9-]{8,}|00D[A-Za-z0-9]{12,15}![A-Za-z0-9._-]{10,}|eyJ[A-Za-z0-9_-]{10,}\.[A-Za-z0-9_-]+\.[A-Za-z0-9_-]*)/g;
// International or long national phone numbers: + and 7+ digits, allowing spaces, dots, dashes, parens.
const PHONE = /(?:\+|\b00)\d[\d\s().-]{6,}\d\b|\(\d{3}\)\s?\d{3}[\s.-]\d{4}\b/g;
// National numbers: a trunk 0 and area code, set off by a space, slash, dash or parentheses, then the
// subscriber number: 030 1234567, (030) 123-4567, 0221/4711123. Seven digits at least, and not
// inside a longer token, so timestamps (09:05:00), decimals and record ids are left alone.
const NATIONAL_PHONE = /(?<![\w.:/-])(?:\(0\d{1,4}\)\s?|0\d{1,4}[ /-])\d{2,8}(?:[ -]\d{2,6}){0,3}(?![\w.:/-])/g;
const MIN_PHONE_DIGITS = 7;

export const REDACTED = '[redacted]';

export function redactString(value: string): string {
  return value
    .replace(BEARER, `$1 ${REDACTED}`)
    .replace(TOKEN_SHAPES, REDACTED)
    .replace(EMAIL, REDACTED)
    .replace(PHONE, REDACTED)
    .replace(NATIONAL_PHONE, (m) => (m.replace(/\D/g, '').length >= MIN_PHONE_DIGITS ? REDACTED : m));
}

export function redactValue(value: unknown, depth = 0): unknown {
  if (depth > 8) return REDACTED;
  if (typeof value === 'string') return redactString(value);
  if (Array.isArray(value)) return value.map((v) => redactValue(v, depth + 1));
  if (value instanceof Error) {
    const out: Record<string, unknown> = { name: value.name, message: redactString(value.message) };
    const code = (value as { code?: unknown }).code;
    if (code !== undefined) out.code = code;
    return out;
  }
  if (value !== null && typeof value === 'object') {
    const out: Record<string, unknown> = {};
    for (const [key, v] of Object.entries(value)) {
      out[key] = SENSITIVE_KEY.test(key) && v !== null && v !== undefined ? REDACTED : redactValue(v, depth + 1);
    }
    return out;
  }
  return value;
}
