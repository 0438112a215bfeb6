import { Cron } from 'croner';
import { z } from 'zod';

/**
 * A cron expression (five fields, or six with seconds first); only parsed here, never started. The
 * message's example is the one a setting's readers would write (every setting shares this check).
 */
export function cronExpressionLike(example: string) {
  return z.string().refine(
    (expression) => {
      try {
        new Cron(expression, { paused: true, mode: '5-or-6-parts' }).stop();
        return true;
      } catch {
        return false;
      }
    },
    { message: `is not a valid cron expression (five fields, e.g. "${example}")` },
  );
}

/** A cron expression for a daily job. */
export const cronExpression = cronExpressionLike('0 3 * * *');
