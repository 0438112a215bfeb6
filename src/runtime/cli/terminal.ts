/**
 * Text for the operator's terminal. Records come from HubSpot and Salesforce, so what a command
 * prints is data someone else typed: an ESC sequence in a name could recolour the screen, move the
 * cursor or set the window title, and bidi controls can make a line read differently from what it
 * says. Every printer goes through this module, so a non-printable shows as a visible escape
 * ("\x1b[31m", "\u202e") instead of acting.
 */

/* eslint-disable no-control-regex -- finding control characters is this module's purpose */
// C0 and C1 controls and DEL; zero-width characters and directional marks; line and paragraph
// separators; bidi embeddings, overrides and isolates; invisible operators; BOM; annotation marks;
// and UTF-16 surrogates that are not part of a pair.
const NON_PRINTABLE =
  /[\u0000-\u001F\u007F-\u009F\u200B-\u200F\u2028-\u202E\u2060-\u2069\uFEFF\uFFF9-\uFFFB]|[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/g;
// The same, but line feeds pass: the printer's own line structure.
const NON_PRINTABLE_BUT_NEWLINE =
  /[\u0000-\u0009\u000B-\u001F\u007F-\u009F\u200B-\u200F\u2028-\u202E\u2060-\u2069\uFEFF\uFFF9-\uFFFB]|[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/g;
// What JSON.stringify leaves raw but a terminal would act on (it already escapes C0 and lone surrogates).
const JSON_UNSAFE = /[\u007F-\u009F\u200B-\u200F\u2028-\u202E\u2060-\u2069\uFEFF\uFFF9-\uFFFB]/g;
/* eslint-enable no-control-regex */

const NAMED: Readonly<Record<string, string>> = { '\n': '\\n', '\r': '\\r', '\t': '\\t' };

function escape(ch: string): string {
  const named = NAMED[ch];
  if (named !== undefined) return named;
  const code = ch.charCodeAt(0);
  return code < 0x100 ? `\\x${code.toString(16).padStart(2, '0')}` : `\\u${code.toString(16).padStart(4, '0')}`;
}

/** One value (a table cell, a name, a message) as one printable line: every non-printable escaped, newlines included. */
export function printable(value: unknown): string {
  return String(value).replace(NON_PRINTABLE, escape);
}

/** A whole printout: non-printables escaped, its own line breaks kept. */
export function printableText(text: string): string {
  return text.replace(NON_PRINTABLE_BUT_NEWLINE, escape);
}

/** Writes a printout for the operator on stdout (record data belongs there, never in the log). */
export function printText(text: string): void {
  process.stdout.write(printableText(text));
}

/** JSON for stdout: the same value, with what a terminal would act on written as \u escapes. */
export function terminalJson(value: unknown): string {
  return JSON.stringify(value).replace(JSON_UNSAFE, (ch) => `\\u${ch.charCodeAt(0).toString(16).padStart(4, '0')}`);
}
