import { readFileSync } from 'node:fs';

// Resolved from this file so it works from src/ (tsx) and dist/ (built) alike.
const raw = JSON.parse(readFileSync(new URL('../../../package.json', import.meta.url), 'utf8')) as {
  version: string;
  name: string;
};
export const packageInfo = { name: raw.name, version: raw.version };
