import { z } from 'zod';
import type { ApiResponse } from '../api-types.js';
import type { SalesFloor } from './floor.js';

const settingsBody = z.object({ enabled: z.boolean(), seed: z.number().int().optional() }).strict();

/**
 * The sales floor's control routes: `POST /__sandbox/salesfloor {enabled, seed?}` switches it, `GET
 * /__sandbox/salesfloor` tells its settings, `GET /__sandbox/salesfloor/truth` returns what the reps did.
 * Null for any other route.
 */
export function salesFloorControl(floor: SalesFloor, method: string, path: string, body: unknown): ApiResponse | null {
  const route = `${method} ${path.replace(/\/+$/, '')}`;
  switch (route) {
    case 'POST /__sandbox/salesfloor': {
      const parsed = settingsBody.safeParse(body ?? {});
      if (!parsed.success) return { status: 400, body: { error: z.prettifyError(parsed.error) } };
      floor.configure(parsed.data.enabled, parsed.data.seed);
      return { status: 200, body: settings(floor) };
    }
    case 'GET /__sandbox/salesfloor':
      return { status: 200, body: settings(floor) };
    case 'GET /__sandbox/salesfloor/truth':
      return { status: 200, body: floor.truth() };
    default:
      return null;
  }
}

function settings(floor: SalesFloor): { enabled: boolean; seed: number; since: string | null } {
  const { enabled, seed, since } = floor.truth();
  return { enabled, seed, since };
}
