import { join } from 'node:path';
import type { z } from 'zod';
import { ConfigError } from '../domain/errors.js';
import { crossCheck } from './cross-check.js';
import { envSchema } from './env.js';
import type { Env } from './env.js';
import { handoffSchema } from './handoff.js';
import type { HandoffConfig } from './handoff.js';
import { mappingSchema } from './mapping.js';
import type { MappingConfig } from './mapping.js';
import { routingSchema } from './routing.js';
import type { RoutingConfig } from './routing.js';
import { scoringSchema } from './scoring.js';
import type { ScoringConfig } from './scoring.js';
import { slaSchema } from './sla.js';
import type { SlaConfig } from './sla.js';
import { lineOf } from './yaml-locate.js';
import { formatPath, validateYamlFile } from './yaml-file.js';
import { configPath, loadScoringFile } from './scoring-file.js';
import type { ParsedYaml } from './yaml-locate.js';

export const CONFIG_FILES = {
  handoff: 'handoff.yaml',
  mapping: 'mapping.yaml',
  scoring: 'scoring.yaml',
  routing: 'routing.yaml',
  sla: 'sla.yaml',
} as const;
type FileKey = keyof typeof CONFIG_FILES;

export type SettingSourceKind = 'env' | 'file' | 'default';
export interface SettingSource {
  key: string;
  value: string;
  source: SettingSourceKind;
  /** The variable or file it came from. */
  from: string;
}

export interface Connections {
  hubspot: { baseUrl: string; accessToken: string | undefined };
  salesforce: {
    loginUrl: string;
    apiVersion: string;
    clientId: string | undefined;
    clientSecret: string | undefined;
    instanceUrl: string | undefined;
    accessToken: string | undefined;
  };
  databaseUrl: string;
}

export interface Config {
  dir: string;
  handoff: HandoffConfig;
  mapping: MappingConfig;
  scoring: ScoringConfig;
  /** The candidate model of `scoring.shadow` in handoff.yaml: scores beside the live one, never acts. */
  shadowScoring: ScoringConfig | null;
  routing: RoutingConfig;
  sla: SlaConfig;
  env: Env;
  connections: Connections;
  /** Where each overridable setting came from, for `config check`. */
  sources: SettingSource[];
  /** One summary line per file, for `config check`. */
  summaries: Record<FileKey, string>;
}

export interface LoadOptions {
  /** Defaults to process.env (after dotenv). */
  env?: Record<string, string | undefined>;
  /** Overrides HANDOFF_CONFIG_DIR. */
  dir?: string;
}

const SCHEMAS: { [K in FileKey]: z.ZodType } = {
  handoff: handoffSchema,
  mapping: mappingSchema,
  scoring: scoringSchema,
  routing: routingSchema,
  sla: slaSchema,
};

/**
 * Reads dotenv-loaded environment and config/*.yaml, validates all of it, and returns a typed Config.
 * Every problem in every file is collected first, then reported together as
 * `file:line path.to.key: message` lines in one ConfigError.
 */
export function loadConfig(options: LoadOptions = {}): Config {
  const rawEnv = options.env ?? process.env;
  const problems: string[] = [];

  const envResult = envSchema.safeParse(rawEnv);
  if (!envResult.success) {
    for (const issue of envResult.error.issues) {
      problems.push(`environment ${formatPath(issue.path)}: ${issue.message}`);
    }
  }
  // A bad value elsewhere in the environment must not send validation to ./config instead of the chosen dir.
  const dirResult = envSchema.shape.HANDOFF_CONFIG_DIR.safeParse(rawEnv.HANDOFF_CONFIG_DIR);
  const dir = options.dir ?? (dirResult.success ? dirResult.data : './config');

  const parsedFiles: Partial<Record<FileKey, ParsedYaml>> = {};
  const values: Partial<Record<FileKey, unknown>> = {};
  for (const key of Object.keys(CONFIG_FILES) as FileKey[]) {
    const checked = validateYamlFile(join(dir, CONFIG_FILES[key]), SCHEMAS[key]);
    problems.push(...checked.problems);
    if (checked.parsed) parsedFiles[key] = checked.parsed;
    if (checked.value !== undefined) values[key] = checked.value;
  }

  const { handoff, mapping, scoring, routing, sla } = values;
  if (scoring && routing && sla) {
    for (const p of crossCheck(scoring as ScoringConfig, routing as RoutingConfig, sla as SlaConfig, handoff as HandoffConfig | undefined)) {
      const key = (Object.keys(CONFIG_FILES) as FileKey[]).find((k) => CONFIG_FILES[k] === p.file);
      const parsed = key ? parsedFiles[key] : undefined;
      const line = parsed ? lineOf(parsed, p.path) : 1;
      problems.push(`${join(dir, key ? CONFIG_FILES[key] : p.file)}:${line} ${formatPath(p.path)}: ${p.message}`);
    }
  }

  let shadowScoring: ScoringConfig | null = null;
  const shadowFile = (handoff as HandoffConfig | undefined)?.scoring.shadow;
  if (shadowFile) {
    const loaded = loadScoringFile(configPath(dir, shadowFile), sla as SlaConfig | undefined);
    problems.push(...loaded.problems);
    shadowScoring = loaded.scoring ?? null;
    if (shadowScoring && scoring && shadowScoring.version === (scoring as ScoringConfig).version) {
      const line = parsedFiles.handoff ? lineOf(parsedFiles.handoff, ['scoring', 'shadow']) : 1;
      problems.push(`${join(dir, CONFIG_FILES.handoff)}:${line} scoring.shadow: the shadow model has the live model's version "${shadowScoring.version}"; give it a version of its own`);
    }
  }

  if (problems.length > 0 || !envResult.success || !handoff || !mapping || !scoring || !routing || !sla) {
    throw new ConfigError(problems);
  }
  const env = envResult.data;
  const h = handoff as HandoffConfig;
  const handoffDoc = parsedFiles.handoff;

  const sources: SettingSource[] = [];
  const pick = (key: string, envName: keyof Env, filePath: string[], fileValue: string): string => {
    const fromEnv = env[envName];
    if (typeof fromEnv === 'string') {
      sources.push({ key, value: fromEnv, source: 'env', from: envName });
      return fromEnv;
    }
    const inFile = handoffDoc !== undefined && handoffDoc.doc.hasIn(filePath);
    sources.push({
      key,
      value: fileValue,
      source: inFile ? 'file' : 'default',
      from: inFile ? join(dir, CONFIG_FILES.handoff) : 'built-in default',
    });
    return fileValue;
  };

  const connections: Connections = {
    hubspot: {
      baseUrl: stripSlash(pick('hubspot.baseUrl', 'HUBSPOT_BASE_URL', ['hubspot', 'baseUrl'], h.hubspot.baseUrl)),
      accessToken: env.HUBSPOT_ACCESS_TOKEN,
    },
    salesforce: {
      loginUrl: stripSlash(
        pick('salesforce.loginUrl', 'SALESFORCE_LOGIN_URL', ['salesforce', 'loginUrl'], h.salesforce.loginUrl),
      ),
      apiVersion: pick('salesforce.apiVersion', 'SALESFORCE_API_VERSION', ['salesforce', 'apiVersion'], h.salesforce.apiVersion),
      clientId: env.SALESFORCE_CLIENT_ID,
      clientSecret: env.SALESFORCE_CLIENT_SECRET,
      instanceUrl: env.SALESFORCE_INSTANCE_URL ? stripSlash(env.SALESFORCE_INSTANCE_URL) : undefined,
      accessToken: env.SALESFORCE_ACCESS_TOKEN,
    },
    databaseUrl: env.HANDOFF_DATABASE_URL,
  };
  sources.push({
    key: 'database',
    value: maskDatabaseUrl(connections.databaseUrl),
    source: rawEnv.HANDOFF_DATABASE_URL ? 'env' : 'default',
    from: rawEnv.HANDOFF_DATABASE_URL ? 'HANDOFF_DATABASE_URL' : 'built-in default',
  });

  const cfg: Config = {
    dir,
    handoff: h,
    mapping: mapping as MappingConfig,
    scoring: scoring as ScoringConfig,
    shadowScoring,
    routing: routing as RoutingConfig,
    sla: sla as SlaConfig,
    env,
    connections,
    sources,
    summaries: summarize(h, mapping as MappingConfig, scoring as ScoringConfig, routing as RoutingConfig, sla as SlaConfig),
  };
  return deepFreeze(cfg);
}

const MASK = '***';

/**
 * A database URL fit for display: the password and every query parameter value blanked (a
 * `?password=` or `sslpassword=` is as secret as the userinfo). An unencoded `@` in the password is
 * tolerated by taking the last `@` before the host; a URL that cannot be parsed is not shown at all.
 */
export function maskDatabaseUrl(url: string): string {
  const scheme = /^(postgres|postgresql):\/\//.exec(url)?.[0];
  if (scheme === undefined) return url;
  const rest = url.slice(scheme.length);
  const queryAt = rest.search(/[?#]/);
  const base = queryAt === -1 ? rest : rest.slice(0, queryAt);
  const at = base.lastIndexOf('@');
  const userinfo = at === -1 ? undefined : base.slice(0, at);
  let parsed: URL;
  try {
    parsed = new URL(`${scheme}${base.slice(at + 1)}${queryAt === -1 ? '' : rest.slice(queryAt)}`);
  } catch {
    return `${scheme}${MASK}`;
  }
  for (const key of new Set(parsed.searchParams.keys())) parsed.searchParams.set(key, MASK);
  parsed.hash = '';
  const display = parsed.toString().replace(/%2A/gi, '*');
  if (userinfo === undefined) return display;
  const colon = userinfo.indexOf(':');
  const user = colon === -1 ? userinfo : userinfo.slice(0, colon);
  return `${scheme}${user}${colon === -1 ? '' : `:${MASK}`}@${display.slice(scheme.length)}`;
}

/**
 * The environment variables still needed to reach HubSpot and Salesforce, empty when complete.
 * Salesforce takes either client credentials or an instance URL with an access token.
 */
export function missingCredentials(connections: Connections): string[] {
  const missing: string[] = [];
  if (connections.hubspot.accessToken === undefined) missing.push('HUBSPOT_ACCESS_TOKEN');
  const sf = connections.salesforce;
  if (sf.accessToken !== undefined || sf.instanceUrl !== undefined) {
    if (sf.instanceUrl === undefined) missing.push('SALESFORCE_INSTANCE_URL');
    if (sf.accessToken === undefined) missing.push('SALESFORCE_ACCESS_TOKEN');
  } else if (sf.clientId !== undefined || sf.clientSecret !== undefined) {
    if (sf.clientId === undefined) missing.push('SALESFORCE_CLIENT_ID');
    if (sf.clientSecret === undefined) missing.push('SALESFORCE_CLIENT_SECRET');
  } else {
    missing.push('SALESFORCE_CLIENT_ID and SALESFORCE_CLIENT_SECRET (or SALESFORCE_INSTANCE_URL and SALESFORCE_ACCESS_TOKEN)');
  }
  return missing;
}

function stripSlash(url: string): string {
  return url.replace(/\/+$/, '');
}

function summarize(
  h: HandoffConfig,
  m: MappingConfig,
  s: ScoringConfig,
  r: RoutingConfig,
  sla: SlaConfig,
): Record<FileKey, string> {
  return {
    handoff: `schedule "${h.schedule.cron}" (${h.schedule.timeZone}), ${h.alerts.channels.length} alert channel(s), writeback ${h.writeback.enabled ? 'on' : 'off'}`,
    mapping: `${m.lead.length} Lead field mappings (${m.lead.filter((f) => !f.update).length} create-only)`,
    scoring: `model ${s.version}: ${s.fit.length} fit rules, ${s.engagement.rules.length} engagement rules, MQL at ${s.mqlThreshold}`,
    routing: `${r.teams.length} teams, ${r.territories.length} territories, assignment by ${r.assignment.mode}`,
    sla: `${sla.tiers.length} tiers (${sla.tiers.map((t) => t.name).join(', ')}), ${Object.keys(sla.calendars).length} calendar(s)`,
  };
}

function deepFreeze<T>(value: T): T {
  if (value && typeof value === 'object' && !Object.isFrozen(value)) {
    Object.freeze(value);
    for (const v of Object.values(value)) deepFreeze(v);
  }
  return value;
}
