import { mkdir, readFile, writeFile } from 'node:fs/promises';
import { dirname } from 'node:path';
import { datasetSchema } from '../shared/dataset.js';
import type { Dataset } from '../shared/dataset.js';

export class DatasetFileError extends Error {
  constructor(
    message: string,
    readonly file: string,
    readonly issues: readonly string[] = [],
    options?: ErrorOptions,
  ) {
    super(message, options);
    this.name = 'DatasetFileError';
  }
}

const MAX_LISTED_ISSUES = 20;

function describeIssues(file: string, value: unknown): Dataset {
  const result = datasetSchema.safeParse(value);
  if (result.success) return result.data;
  const issues = result.error.issues.map((i) => `${i.path.length > 0 ? i.path.join('.') : '(root)'}: ${i.message}`);
  const listed = issues.slice(0, MAX_LISTED_ISSUES).map((line) => `  - ${line}`);
  if (issues.length > MAX_LISTED_ISSUES) listed.push(`  … and ${issues.length - MAX_LISTED_ISSUES} more`);
  return fail(file, `${file} is not a valid dataset (${issues.length} issue${issues.length === 1 ? '' : 's'}):\n${listed.join('\n')}`, issues);
}

function fail(file: string, message: string, issues: readonly string[] = [], cause?: unknown): never {
  throw new DatasetFileError(message, file, issues, cause === undefined ? undefined : { cause });
}

/** Validates, then writes pretty-printed JSON (creating the directory); an invalid dataset is never written. */
export async function writeDataset(ds: Dataset, file: string): Promise<void> {
  const valid = describeIssues(file, ds);
  await mkdir(dirname(file), { recursive: true });
  await writeFile(file, `${JSON.stringify(valid, null, 2)}\n`, 'utf8');
}

/** Reads and validates a dataset file; the error lists every schema issue with its path. */
export async function readDataset(file: string): Promise<Dataset> {
  let text: string;
  try {
    text = await readFile(file, 'utf8');
  } catch (err) {
    return fail(file, `cannot read dataset ${file}: ${(err as Error).message}`, [], err);
  }
  let json: unknown;
  try {
    json = JSON.parse(text);
  } catch (err) {
    return fail(file, `${file} is not JSON: ${(err as Error).message}`, [], err);
  }
  return describeIssues(file, json);
}
