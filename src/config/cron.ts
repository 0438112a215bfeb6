import { Cron } from 'croner';
import { z } from 'zod';

/** A cron expression (five fields, or six with seconds first); only parsed here, never started. */
export const cronExpression = z.string().refine(
  (expression) => {
    try {
      new Cron(expression, { paused: true, mode: '5-or-6-parts' }).stop();
      return true;
    } catch {
      return false;
    }
  },
  { message: 'is not a valid cron expression (five fields, e.g. "0 3 * * *")' },
);
