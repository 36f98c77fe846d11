import { AppError } from '@trivance/shared';
import { createHash } from 'node:crypto';

/** Idempotency-Key: 1 to 200 visible ASCII characters (a UUID, a request id, a name). */
const KEY = /^[\x21-\x7e]{1,200}$/;

export const IDEMPOTENCY_KEY_REUSED = 'IDEMPOTENCY_KEY_REUSED';

/** The header's value, or undefined when absent; a malformed key is refused, never cut. */
export function parseIdempotencyKey(header: string | undefined): string | undefined {
  if (header === undefined || header === '') return undefined;
  const key = header.trim();
  if (!KEY.test(key)) {
    throw new AppError('VALIDATION_FAILED', 'Idempotency-Key must be 1 to 200 visible characters', {
      errors: { 'idempotency-key': ['must be 1 to 200 visible ASCII characters'] },
    });
  }
  return key;
}

/**
 * Where a key is remembered: per calling service client and per organization,
 * so one caller's key never reaches another caller's or another
 * organization's result.
 */
export function idempotencyScope(clientId: string, organizationId: string, key: string): string {
  return `${clientId}:${organizationId}:${key}`;
}

function canonical(value: unknown): unknown {
  if (Array.isArray(value)) return value.map(canonical);
  if (value && typeof value === 'object' && !(value instanceof Date)) {
    return Object.fromEntries(
      Object.keys(value as Record<string, unknown>)
        .sort()
        .filter((key) => (value as Record<string, unknown>)[key] !== undefined)
        .map((key) => [key, canonical((value as Record<string, unknown>)[key])]),
    );
  }
  return value;
}

/** SHA-256 of the request, independent of key order: what a key is bound to. */
export function requestFingerprint(request: unknown): string {
  return createHash('sha256')
    .update(JSON.stringify(canonical(request)))
    .digest('hex');
}

/** The same key with a different request. */
export function idempotencyKeyReused(): AppError {
  return new AppError(
    'CONFLICT',
    'This Idempotency-Key was already used for a different request; use a new key',
    { reason: IDEMPOTENCY_KEY_REUSED },
  );
}
