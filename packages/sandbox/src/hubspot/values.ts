import { invalidPropertyValues } from './errors.js';
import type { PropertyRegistry } from './properties.js';
import type { StoredType } from './object-types.js';

const EMAIL_RE = /^[^\s@]+@[^\s@]+\.[^\s@]{2,}$/;

/** Epoch ms from an epoch-ms string/number or an ISO date(-time); NaN when neither. */
export function toEpochMs(value: unknown): number {
  if (typeof value === 'number') return value;
  if (typeof value !== 'string' || value === '') return Number.NaN;
  if (/^-?\d+$/.test(value)) return Number(value);
  return Date.parse(value);
}

/**
 * Validates and normalises property values written through the API. HubSpot answers unknown properties and
 * bad values with one 400 listing every problem (api-facts §1.7). Datetimes arrive as epoch ms or ISO and
 * are read back as ISO `…Z` strings; `""` clears a value.
 */
export function normalizeWrite(
  registry: PropertyRegistry,
  type: StoredType,
  input: Record<string, unknown>,
  validate: boolean,
): Record<string, string | null> {
  const out: Record<string, string | null> = {};
  const problems: { message: string; error: string; name: string }[] = [];
  for (const [name, raw] of Object.entries(input)) {
    if (name === '__proto__' || registry.isReadOnly(name)) continue;
    const def = registry.get(type, name);
    if (!def && validate) {
      problems.push({ message: `Property "${name}" does not exist`, error: 'PROPERTY_DOESNT_EXIST', name });
      continue;
    }
    if (raw === null || raw === undefined || raw === '') {
      out[name] = null;
      continue;
    }
    let value = typeof raw === 'string' ? raw : typeof raw === 'object' ? JSON.stringify(raw) : String(raw);
    const ptype = def?.type ?? 'string';
    if (ptype === 'datetime' || ptype === 'date') {
      const ms = toEpochMs(value);
      if (Number.isNaN(ms)) {
        problems.push({ message: `${value} is not a valid date`, error: 'INVALID_DATE', name });
        continue;
      }
      value = ptype === 'date' ? new Date(ms).toISOString().slice(0, 10) : new Date(ms).toISOString();
    } else if (ptype === 'number' && validate && Number.isNaN(Number(value))) {
      problems.push({ message: `${value} is not a valid number`, error: 'INVALID_LONG', name });
      continue;
    } else if (ptype === 'enumeration' && validate && def && def.options.length > 0) {
      const allowed = new Set(def.options.map((o) => o.value));
      const bad = value.split(';').find((v) => !allowed.has(v));
      if (bad !== undefined) {
        problems.push({ message: `${bad} was not one of the allowed options: [${[...allowed].join(', ')}]`, error: 'INVALID_OPTION', name });
        continue;
      }
    }
    if (type === 'contacts' && name === 'email' && validate && !EMAIL_RE.test(value)) {
      problems.push({ message: `Email address ${value} is invalid`, error: 'INVALID_EMAIL', name });
      continue;
    }
    out[name] = value;
  }
  if (problems.length > 0) throw invalidPropertyValues(problems);
  return out;
}
