import { createHash, timingSafeEqual } from 'node:crypto';

/**
 * Wompi's two signatures, as ARCHITECTURE.md ("Payments") fixes them: the
 * integrity signature a merchant puts on a checkout or transaction, and the
 * checksum Wompi puts on every event it sends.
 */

export const sha256Hex = (text: string): string =>
  createHash('sha256').update(text, 'utf8').digest('hex');

export function integritySignature(
  reference: string,
  amountInCents: number,
  currency: string,
  integritySecret: string,
): string {
  return sha256Hex(`${reference}${amountInCents}${currency}${integritySecret}`);
}

/** Reads a dotted path (`transaction.id`) inside an event's `data`. */
export function valueAtPath(data: unknown, path: string): unknown {
  let current: unknown = data;
  for (const key of path.split('.')) {
    if (current === null || typeof current !== 'object') return undefined;
    current = (current as Record<string, unknown>)[key];
  }
  return current;
}

export function eventChecksum(
  data: unknown,
  properties: readonly string[],
  timestamp: number,
  eventsSecret: string,
): string {
  const values = properties.map((path) => String(valueAtPath(data, path) ?? '')).join('');
  return sha256Hex(`${values}${timestamp}${eventsSecret}`);
}

/** Compares hex digests case-insensitively without leaking where they differ. */
export function hexDigestsEqual(expected: string, actual: string): boolean {
  const a = Buffer.from(expected.toLowerCase(), 'utf8');
  const b = Buffer.from(actual.toLowerCase(), 'utf8');
  return a.length === b.length && timingSafeEqual(a, b);
}
