import cron from 'node-cron';
import type { Logger as CronLogger } from 'node-cron';
import { ConfigError } from '../domain/errors.js';
import type { Logger } from '../lib/logger.js';

/** Validates the schedule up front: node-cron would otherwise fail later, or never fire. */
export function assertSchedule(expression: string, timeZone: string): void {
  const problems: string[] = [];
  if (!cron.validate(expression)) problems.push(`schedule.cron: "${expression}" is not a valid cron expression`);
  try {
    new Intl.DateTimeFormat('en-US', { timeZone });
  } catch {
    problems.push(`schedule.timeZone: "${timeZone}" is not an IANA time zone (e.g. Europe/Berlin, UTC)`);
  }
  if (problems.length > 0) throw new ConfigError(problems);
}

/** node-cron's own messages (missed executions and the like) go through our logger, not console. */
export function cronLogger(log: Logger): CronLogger {
  const text = (m: string | Error): string => (typeof m === 'string' ? m : m.message);
  return {
    info: (m) => log.debug(`node-cron: ${m}`),
    warn: (m) => log.warn(`node-cron: ${m}`),
    error: (m, error) => log.error(`node-cron: ${text(m)}`, { error }),
    debug: (m) => log.debug(`node-cron: ${text(m)}`),
  };
}
