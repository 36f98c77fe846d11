import { timingSafeEqual } from 'node:crypto';
import { AppError } from '../errors/app-error.js';

/** Compares two secrets without leaking, through timing, how much of them matched. */
export function constantTimeEquals(given: string, expected: string): boolean {
  const a = Buffer.from(given);
  const b = Buffer.from(expected);
  return a.length === b.length && timingSafeEqual(a, b);
}

/**
 * Who may scrape /metrics: with METRICS_TOKEN set, only a caller presenting it
 * as a bearer token; without one, anyone outside production and no one in it
 * (the route then answers as if it did not exist).
 */
export function assertMetricsAccess(
  authorization: string | undefined,
  config: { METRICS_TOKEN?: string; NODE_ENV: string },
): void {
  if (config.METRICS_TOKEN) {
    if (!constantTimeEquals(authorization ?? '', `Bearer ${config.METRICS_TOKEN}`)) {
      throw new AppError('UNAUTHENTICATED', 'The metrics token is required');
    }
  } else if (config.NODE_ENV === 'production') {
    throw new AppError('NOT_FOUND');
  }
}
