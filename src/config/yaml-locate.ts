import { isMap, isSeq, LineCounter, parseDocument, visit } from 'yaml';
import type { Document, YAMLError } from 'yaml';

export interface ParsedYaml {
  doc: Document.Parsed;
  lines: LineCounter;
}

export function parseYaml(text: string): ParsedYaml {
  const lines = new LineCounter();
  const doc = parseDocument(text, { lineCounter: lines, prettyErrors: false, uniqueKeys: true });
  return { doc, lines };
}

/**
 * Line (1-based) of the node at `path`, or of its closest existing ancestor when the key is missing,
 * so "required" errors point at the object that lacks the key.
 */
export function lineOf(parsed: ParsedYaml, path: readonly PropertyKey[]): number {
  let node: unknown = parsed.doc.contents;
  const at = (n: unknown): number | undefined => {
    const range = (n as { range?: [number, number, number] } | null)?.range;
    return range ? parsed.lines.linePos(range[0]).line : undefined;
  };
  let line = at(node) ?? 1;
  for (const key of path) {
    if (isMap(node)) {
      const pair = node.items.find((p) => String((p.key as { value?: unknown } | null)?.value ?? p.key) === String(key));
      if (!pair) break;
      line = at(pair.key) ?? line;
      node = pair.value;
    } else if (isSeq(node) && typeof key === 'number') {
      const item = node.items[key];
      if (item === undefined) break;
      line = at(item) ?? line;
      node = item;
    } else {
      break;
    }
  }
  return line;
}

/**
 * Line (1-based) of a syntax error. The parser places an unclosed quote's error where the scalar
 * ends (often the next line or the end of the file); the quote the user has to fix is where it starts.
 */
export function errorLine(parsed: ParsedYaml, error: YAMLError): number {
  let offset = error.pos[0];
  if (error.code === 'MISSING_CHAR') {
    visit(parsed.doc, {
      Scalar(_key, node) {
        const range = node.range;
        if (range && (node.type === 'QUOTE_DOUBLE' || node.type === 'QUOTE_SINGLE') && range[0] <= error.pos[0] && error.pos[0] <= range[2]) {
          offset = Math.min(offset, range[0]);
        }
      },
    });
  }
  return parsed.lines.linePos(offset).line;
}
