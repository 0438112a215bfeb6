import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { parse } from 'yaml';
import type { z } from 'zod';
import { crossCheck } from '../../src/config/cross-check.js';
import { handoffSchema } from '../../src/config/handoff.js';
import { loadConfig } from '../../src/config/load.js';
import { routingSchema } from '../../src/config/routing.js';
import { scoringSchema } from '../../src/config/scoring.js';
import { slaSchema } from '../../src/config/sla.js';
import { ConfigError } from '../../src/domain/errors.js';
import { copyShippedConfig, editFile } from '../helpers/config-dir.js';

const CONFIG = join(import.meta.dirname, '..', '..', 'config');
type Doc = Record<string, unknown> & Record<string, any>; // eslint-disable-line @typescript-eslint/no-explicit-any
const shipped = (file: string): Doc => parse(readFileSync(join(CONFIG, file), 'utf8')) as Doc;

function issuesOf(schema: z.ZodType, doc: unknown): { path: string; message: string }[] {
  const r = schema.safeParse(doc);
  return r.success ? [] : r.error.issues.map((i) => ({ path: i.path.map(String).join('.'), message: i.message }));
}

describe('shipped configuration', () => {
  it.each([
    ['scoring.yaml', scoringSchema],
    ['routing.yaml', routingSchema],
    ['sla.yaml', slaSchema],
  ] as const)('%s parses with no issues', (file, schema) => {
    expect(issuesOf(schema, shipped(file))).toEqual([]);
  });

  it('passes the cross-file checks', () => {
    const problems = crossCheck(scoringSchema.parse(shipped('scoring.yaml')), routingSchema.parse(shipped('routing.yaml')), slaSchema.parse(shipped('sla.yaml')));
    expect(problems).toEqual([]);
  });

  it('fills defaults', () => {
    const routing = routingSchema.parse({ teams: [{ name: 't', timeZone: 'UTC', members: ['a@x.example'] }], fallback: { user: 'a@x.example' } });
    expect(routing).toMatchObject({
      assignment: { mode: 'handoff' },
      keepExistingOwner: true,
      useAccountOwner: true,
      users: {},
      segments: { enterprise: { minEmployees: 1000 }, midmarket: { minEmployees: 200 }, smb: { minEmployees: 0 } },
      territories: [],
      fallback: { timeZone: 'UTC' },
    });
    expect(routing.teams[0]?.calendar).toBe('default');
  });
});

/** A shipped file, changed by `edit`, must report an issue at `path` whose message matches. */
interface Case {
  name: string;
  edit: (d: Doc) => void;
  path: string;
  message: RegExp;
}

function runCases(file: string, schema: z.ZodType, cases: Case[]): void {
  it.each(cases)('$name → $path', ({ edit, path, message }) => {
    const doc = structuredClone(shipped(file));
    edit(doc);
    const issues = issuesOf(schema, doc);
    expect(issues).toContainEqual({ path, message: expect.stringMatching(message) });
  });
}

describe('scoring.yaml problems', () => {
  runCases('scoring.yaml', scoringSchema, [
    { name: 'unknown top-level key', edit: (d) => (d.threshold = 50), path: '', message: /Unrecognized key.*threshold/ },
    { name: 'unknown key in a rule', edit: (d) => (d.fit[0].weight = 3), path: 'fit.0', message: /Unrecognized key.*weight/ },
    { name: 'version read as a number', edit: (d) => (d.version = 2026.11), path: 'version', message: /quote it/ },
    { name: 'when is not a list', edit: (d) => (d.fit[0].when = { field: 'seniority', op: 'eq', value: 'vp' }), path: 'fit.0.when', message: /list of conditions/ },
    { name: 'unknown field', edit: (d) => (d.fit[0].when[0].field = 'salary'), path: 'fit.0.when.0.field', message: /Invalid option/ },
    { name: 'op that does not fit the field', edit: (d) => (d.fit[0].when = [{ field: 'country', op: 'gte', value: 5 }]), path: 'fit.0.when.0.op', message: /does not apply to country/ },
    { name: 'in without a list', edit: (d) => (d.fit[0].when = [{ field: 'country', op: 'in', value: 'US' }]), path: 'fit.0.when.0.value', message: /non-empty list/ },
    { name: 'between upside down', edit: (d) => (d.fit[0].when = [{ field: 'employees', op: 'between', value: [999, 200] }]), path: 'fit.0.when.0.value', message: /low is above high/ },
    { name: 'gte on a number with text', edit: (d) => (d.fit[0].when = [{ field: 'employees', op: 'gte', value: 'many' }]), path: 'fit.0.when.0.value', message: /needs one number/ },
    { name: 'exists with a value', edit: (d) => (d.fit[0].when = [{ field: 'phone.e164', op: 'exists', value: true }]), path: 'fit.0.when.0.value', message: /takes no value/ },
    { name: 'unknown seniority', edit: (d) => (d.fit[0].when[0].value = 'VP'), path: 'fit.0.when.0.value', message: /seniority is one of .*not VP/ },
    { name: 'duplicate rule id', edit: (d) => (d.fit[1].id = d.fit[0].id), path: 'fit.1.id', message: /used twice/ },
    { name: 'reserved rule id', edit: (d) => (d.fit[0].id = 'caps.fit'), path: 'fit.0.id', message: /reserved/ },
    { name: 'unknown activity type', edit: (d) => (d.engagement.rules[0].type = 'sms'), path: 'engagement.rules.0.type', message: /Invalid option/ },
    { name: 'bad title pattern', edit: (d) => (d.engagement.rules[0].ignoreTitles = ['(unclosed']), path: 'engagement.rules.0.ignoreTitles.0', message: /not a valid regular expression/ },
    { name: 'half-life of zero', edit: (d) => (d.engagement.halfLifeDays = 0), path: 'engagement.halfLifeDays', message: /expected number to be >0/ },
    { name: 'cap min above max', edit: (d) => (d.caps.fit = { min: 10, max: 5 }), path: 'caps.fit.max', message: /min must be below max/ },
    { name: 'overlapping bands', edit: (d) => (d.grades[1].min = 80), path: 'grades.1.min', message: /without overlap; 80 is not below 80/ },
    { name: 'bands out of order', edit: (d) => (d.grades[0].min = 60), path: 'grades.1.min', message: /highest first/ },
    { name: 'a middle band without min', edit: (d) => delete d.grades[1].min, path: 'grades.1', message: /only the last/ },
    { name: 'a gap below the last band', edit: (d) => (d.grades[3].min = 0), path: 'grades.3.min', message: /scores from -60 up to 0 fall in no band/ },
    { name: 'an unreachable band', edit: (d) => (d.grades[0].min = 150), path: 'grades.0.min', message: /can never be reached: the highest possible score is 120/ },
    { name: 'an unreachable threshold', edit: (d) => (d.mqlThreshold = 121), path: 'mqlThreshold', message: /no lead can qualify/ },
    { name: 'a grade too long for Salesforce', edit: (d) => (d.grades[0].grade = 'AAA+++'), path: 'grades.0.grade', message: /at most 5/ },
  ]);
});

describe('routing.yaml problems', () => {
  runCases('routing.yaml', routingSchema, [
    { name: 'unknown key', edit: (d) => (d.roundRobin = true), path: '', message: /Unrecognized key.*roundRobin/ },
    { name: 'a member that is neither address nor alias', edit: (d) => (d.teams[0].members[1] = 'marcus'), path: 'teams.0.members.1', message: /users defines no alias "marcus"/ },
    { name: 'an alias that resolves', edit: (d) => ((d.users = { marcus: 'marcus.reid@acme-sales.example' }), (d.teams[0].members[1] = 'marcus'), (d.teams[1].name = 'Bad Name')), path: 'teams.1.name', message: /lower-case/ },
    { name: 'an alias to something that is not an address', edit: (d) => (d.users = { marcus: 'marcus' }), path: 'users.marcus', message: /not a username or email/ },
    { name: 'a member listed twice', edit: (d) => (d.teams[0].members[1] = 'Olivia.Bennett@acme-sales.example'), path: 'teams.0.members.1', message: /listed twice/ },
    { name: 'an unknown time zone', edit: (d) => (d.teams[0].timeZone = 'Eastern'), path: 'teams.0.timeZone', message: /not an IANA time zone/ },
    { name: 'a team defined twice', edit: (d) => (d.teams[1].name = d.teams[0].name), path: 'teams.1.name', message: /defined twice/ },
    { name: 'a territory naming no team', edit: (d) => (d.territories[0].team = 'apac'), path: 'territories.0.team', message: /no team named "apac"/ },
    { name: 'an unknown region', edit: (d) => (d.territories[0].when.region = ['EU']), path: 'territories.0.when.region.0', message: /Invalid option/ },
    { name: 'a segment as text instead of a list', edit: (d) => (d.territories[0].when.segment = 'enterprise'), path: 'territories.0.when.segment', message: /a list, e.g. \[enterprise\]/ },
    { name: 'an unknown criterion', edit: (d) => (d.territories[0].when.city = ['Boston']), path: 'territories.0.when', message: /Unrecognized key.*city/ },
    { name: 'employee range upside down', edit: (d) => (d.territories[0].when = { employeesMin: 500, employeesMax: 100 }), path: 'territories.0.when.employeesMax', message: /below employeesMin/ },
    { name: 'a bad country code', edit: (d) => (d.territories[3].when.country = ['Germany']), path: 'territories.3.when.country.0', message: /alpha-2/ },
    { name: 'segments out of order', edit: (d) => (d.segments.midmarket.minEmployees = 5000), path: 'segments.midmarket.minEmployees', message: /below segments.enterprise/ },
    { name: 'no fallback user or queue', edit: (d) => (d.fallback = { timeZone: 'UTC' }), path: 'fallback', message: /fallback user or queue/ },
    { name: 'a fallback that is neither address nor alias', edit: (d) => (d.fallback.user = 'olivia'), path: 'fallback.user', message: /no alias "olivia"/ },
    { name: 'a queue task owner that is neither address nor alias', edit: (d) => (d.queueTaskOwner = 'olivia'), path: 'queueTaskOwner', message: /no alias "olivia"/ },
    { name: 'an unknown assignment mode', edit: (d) => (d.assignment.mode = 'rules'), path: 'assignment.mode', message: /Invalid option/ },
  ]);
});

describe('sla.yaml problems', () => {
  runCases('sla.yaml', slaSchema, [
    { name: 'unknown key', edit: (d) => (d.defaultTier = 'hot'), path: '', message: /Unrecognized key.*defaultTier/ },
    { name: 'a tier defined twice', edit: (d) => (d.tiers[1].name = 'hot'), path: 'tiers.1.name', message: /defined twice/ },
    { name: 'a tier name too long for Salesforce', edit: (d) => (d.tiers[0].name = 'very-very-hot-indeed-yes'), path: 'tiers.0.name', message: /at most 20/ },
    { name: 'an unknown priority', edit: (d) => (d.tiers[0].priority = 'Urgent'), path: 'tiers.0.priority', message: /Invalid option/ },
    { name: 'no response time', edit: (d) => (d.tiers[0].responseBusinessHours = 0), path: 'tiers.0.responseBusinessHours', message: /more than 0/ },
    { name: 'no default calendar', edit: (d) => ((d.calendars.main = d.calendars.default), delete d.calendars.default), path: 'calendars', message: /"default" is required/ },
    { name: 'closing before opening', edit: (d) => (d.calendars.default.hours = { start: '17:00', end: '09:00' }), path: 'calendars.default.hours.end', message: /after hours.start/ },
    { name: 'a time not as HH:MM', edit: (d) => (d.calendars.default.hours.start = '9am'), path: 'calendars.default.hours.start', message: /HH:MM/ },
    { name: 'a weekday out of range', edit: (d) => (d.calendars.default.workingDays = [0, 1]), path: 'calendars.default.workingDays.0', message: /ISO weekday/ },
    { name: 'an unknown time zone', edit: (d) => (d.calendars.emea.timeZone = 'CET+1'), path: 'calendars.emea.timeZone', message: /not an IANA time zone/ },
    { name: 'a country with no holidays', edit: (d) => (d.calendars.default.holidays.country = 'XX'), path: 'calendars.default.holidays.country', message: /no holidays for country "XX"/ },
    { name: 'an unknown state', edit: (d) => (d.calendars.dach.holidays.state = 'ZZ'), path: 'calendars.dach.holidays.state', message: /no state "ZZ" in DE/ },
    { name: 'an unknown holiday to work', edit: (d) => (d.calendars.default.holidays.except = ['Columbus day', 'Festivus']), path: 'calendars.default.holidays.except.1', message: /"Festivus" is not a public holiday in US/ },
    { name: 'a date that does not exist', edit: (d) => (d.calendars.default.holidays.extra = ['2026-02-30']), path: 'calendars.default.holidays.extra.0', message: /not a calendar date/ },
    { name: 'an asset without a URL', edit: (d) => (d.assets[0].url = 'roi-calculator'), path: 'assets.0.url', message: /absolute URL/ },
    { name: 'an asset defined twice', edit: (d) => (d.assets[1].id = d.assets[0].id), path: 'assets.1.id', message: /defined twice/ },
    { name: 'an unknown asset criterion', edit: (d) => (d.assets[0].when.country = ['US']), path: 'assets.0.when', message: /Unrecognized key.*country/ },
  ]);
});

describe('crossCheck', () => {
  const scoring = scoringSchema.parse(shipped('scoring.yaml'));
  const routing = routingSchema.parse(shipped('routing.yaml'));
  const sla = slaSchema.parse(shipped('sla.yaml'));

  it('reports a grade band naming a tier sla.yaml lacks', () => {
    const tiers = sla.tiers.filter((t) => t.name !== 'warm');
    expect(crossCheck(scoring, routing, { ...sla, tiers })).toEqual([
      { file: 'scoring.yaml', path: ['grades', 1, 'tier'], message: 'no SLA tier "warm" in sla.yaml (tiers: hot, cool)' },
    ]);
  });

  it('reports a team naming a calendar sla.yaml lacks', () => {
    const { dach: _dach, ...calendars } = sla.calendars;
    expect(crossCheck(scoring, routing, { ...sla, calendars })).toEqual([
      { file: 'routing.yaml', path: ['teams', 3, 'calendar'], message: 'no calendar "dach" in sla.yaml (calendars: default, emea)' },
    ]);
  });

  it('shows up in config loading with the file and line', () => {
    const dir = copyShippedConfig();
    editFile(dir, 'scoring.yaml', (t) => t.replace('{ grade: B, min: 65, tier: warm }', '{ grade: B, min: 65, tier: tepid }'));
    let problems: string[] = [];
    try {
      loadConfig({ env: {}, dir });
    } catch (err) {
      if (!(err instanceof ConfigError)) throw err;
      problems = err.problems;
    }
    const line = readFileSync(join(dir, 'scoring.yaml'), 'utf8').split('\n').findIndex((l) => l.includes('tier: tepid')) + 1;
    expect(problems).toEqual([`${join(dir, 'scoring.yaml')}:${line} grades[1].tier: no SLA tier "tepid" in sla.yaml (tiers: hot, warm, cool)`]);
  });
});

describe('cron settings share one check', () => {
  const at = (path: string[], value: unknown): Doc => {
    const doc: Doc = {};
    let node: Doc = doc;
    path.slice(0, -1).forEach((key) => (node = node[key] = {} as Doc));
    node[path[path.length - 1] ?? ''] = value;
    return doc;
  };
  const settings = [['sla', 'cron'], ['feedback', 'cron'], ['privacy', 'sweepCron']];

  it.each(settings)('%s.%s accepts five fields, six with seconds, and null', (...path) => {
    for (const value of ['*/5 * * * *', '0 */5 * * * *', null]) expect(issuesOf(handoffSchema, at(path, value))).toEqual([]);
  });

  it.each(settings)('%s.%s refuses what is not a cron expression, at its key, with an example', (...path) => {
    for (const value of ['every 5 minutes', '* * *', '61 * * * *']) {
      expect(issuesOf(handoffSchema, at(path, value))).toEqual([{ path: path.join('.'), message: expect.stringMatching(/^is not a valid cron expression \(five fields, e\.g\. "[^"]+"\)$/) as string }]);
    }
  });
});
