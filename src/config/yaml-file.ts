import { readFileSync } from 'node:fs';
import type { z } from 'zod';
import { errorLine, lineOf, parseYaml } from './yaml-locate.js';
import type { ParsedYaml } from './yaml-locate.js';

/** `a.b[0].c`, or `(root)`. */
export function formatPath(path: readonly PropertyKey[]): string {
  if (path.length === 0) return '(root)';
  return path.map((p, i) => (typeof p === 'number' ? `[${p}]` : `${i === 0 ? '' : '.'}${String(p)}`)).join('');
}

export interface ValidatedFile<T> {
  /** Null when the file could not be read or parsed. */
  parsed: ParsedYaml | null;
  /** Undefined when anything is wrong. */
  value: T | undefined;
  /** Every problem as `file:line path.to.key: message`. */
  problems: string[];
}

/** Reads one YAML file and validates it against its schema, every problem with its line and key path. */
export function validateYamlFile<T>(file: string, schema: z.ZodType<T>): ValidatedFile<T> {
  const problems: string[] = [];
  let text: string;
  try {
    text = readFileSync(file, 'utf8');
  } catch (err) {
    const reason = (err as NodeJS.ErrnoException).code === 'ENOENT' ? 'file not found' : String(err);
    return { parsed: null, value: undefined, problems: [`${file}:1 (root): ${reason}`] };
  }
  const parsed = parseYaml(text);
  if (parsed.doc.errors.length > 0) {
    for (const e of parsed.doc.errors) problems.push(`${file}:${errorLine(parsed, e)} (root): YAML syntax error: ${e.message.split('\n')[0] ?? e.code}`);
    return { parsed: null, value: undefined, problems };
  }
  const result = schema.safeParse(parsed.doc.toJS() ?? {});
  if (result.success) return { parsed, value: result.data, problems };
  for (const issue of result.error.issues) {
    if (issue.code === 'unrecognized_keys') {
      // One line per key, at the key itself rather than at the object that holds it.
      for (const key of issue.keys) {
        const path = [...issue.path, key];
        problems.push(`${file}:${lineOf(parsed, path)} ${formatPath(path)}: unknown key`);
      }
      continue;
    }
    problems.push(`${file}:${lineOf(parsed, issue.path)} ${formatPath(issue.path)}: ${issue.message}`);
  }
  return { parsed, value: undefined, problems };
}
