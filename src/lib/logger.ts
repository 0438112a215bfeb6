import winston from 'winston';
import { redactString, redactValue } from './redact.js';

export type LogLevel = 'error' | 'warn' | 'info' | 'debug';
export type LogMeta = Record<string, unknown>;

/** The only logging surface the code sees. Meta carries ids and counts, never personal data. */
export interface Logger {
  error(message: string, meta?: LogMeta): void;
  warn(message: string, meta?: LogMeta): void;
  info(message: string, meta?: LogMeta): void;
  debug(message: string, meta?: LogMeta): void;
  child(meta: LogMeta): Logger;
}

export interface LoggerOptions {
  level?: LogLevel;
  format?: 'json' | 'pretty';
  /** Where lines go; defaults to stderr so stdout stays free for command output. */
  stream?: NodeJS.WritableStream;
}

// Runs last, on the assembled info object, so nothing added by child loggers escapes it.
const scrub = winston.format((info) => {
  const { level, message, ...rest } = info;
  const clean = redactValue(rest) as Record<string, unknown>;
  for (const key of Object.keys(rest)) delete (info as Record<string, unknown>)[key];
  Object.assign(info, clean);
  info.level = level;
  info.message = typeof message === 'string' ? redactString(message) : redactValue(message);
  return info;
});

export function createLogger(options: LoggerOptions = {}): Logger {
  const pretty = options.format === 'pretty';
  const stream = options.stream ?? process.stderr;
  const logger = winston.createLogger({
    level: options.level ?? 'info',
    format: winston.format.combine(
      winston.format.timestamp(),
      scrub(),
      pretty
        ? winston.format.printf(({ timestamp, level, message, ...meta }) => {
            const extra = Object.keys(meta).length > 0 ? ` ${JSON.stringify(meta)}` : '';
            return `${String(timestamp)} ${level.padEnd(5)} ${String(message)}${extra}`;
          })
        : winston.format.json(),
    ),
    transports: [new winston.transports.Stream({ stream })],
  });
  return wrap(logger);
}

function wrap(w: winston.Logger): Logger {
  return {
    error: (m, meta) => w.error(m, meta),
    warn: (m, meta) => w.warn(m, meta),
    info: (m, meta) => w.info(m, meta),
    debug: (m, meta) => w.debug(m, meta),
    child: (meta) => wrap(w.child(meta)),
  };
}

/** For library code and tests that don't care about logs. */
export const noopLogger: Logger = {
  error: () => undefined,
  warn: () => undefined,
  info: () => undefined,
  debug: () => undefined,
  child: () => noopLogger,
};
