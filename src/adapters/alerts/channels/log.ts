import type { Logger } from '../../../lib/logger.js';
import type { AlertChannel, AlertNotice } from '../types.js';

/** Writes alerts to the process log at a level matching their severity. Never fails. */
export function createLogChannel(options: { name: string; logger: Logger }): AlertChannel {
  const { name, logger } = options;
  return {
    name,
    type: 'log',
    send(notice: AlertNotice): Promise<void> {
      const meta = {
        alertKey: notice.key,
        severity: notice.severity,
        detail: notice.detail,
        ...(notice.fields === undefined ? {} : { fields: notice.fields }),
        at: notice.at.toISOString(),
      };
      if (notice.recovered === true) logger.info(`alert resolved: ${notice.title}`, { ...meta, recovered: true });
      else if (notice.severity === 'critical') logger.error(`alert: ${notice.title}`, meta);
      else if (notice.severity === 'warning') logger.warn(`alert: ${notice.title}`, meta);
      else logger.info(`alert: ${notice.title}`, meta);
      return Promise.resolve();
    },
  };
}
