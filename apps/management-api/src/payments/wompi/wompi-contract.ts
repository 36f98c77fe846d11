import { constantTimeEquals, z } from '@trivance/shared';
import { createHash } from 'node:crypto';

/**
 * Wompi's documented contract, as ARCHITECTURE.md ("Payments") and DOMAIN.md
 * ("Payments") fix it: the checkout's integrity signature, the events we
 * accept and how their checksum is verified. Pure functions: the webhook
 * inbox, the checkout and reconciliation build on them.
 */

export const WOMPI_STATUSES = ['PENDING', 'APPROVED', 'DECLINED', 'VOIDED', 'ERROR'] as const;
export type WompiStatus = (typeof WOMPI_STATUSES)[number];

/** Properties an event's signature must cover, or nothing it says can be trusted. */
export const REQUIRED_SIGNED_PROPERTIES = [
  'transaction.id',
  'transaction.status',
  'transaction.amount_in_cents',
] as const;

/** How old (72 hours) or how far ahead (5 minutes, clock skew) an event's timestamp may be. */
export const EVENT_MAX_AGE_SECONDS = 72 * 3600;
export const EVENT_MAX_SKEW_SECONDS = 5 * 60;

const sha256Hex = (text: string) => createHash('sha256').update(text, 'utf8').digest('hex');

export interface CheckoutTerms {
  reference: string;
  amountInCents: bigint;
  currency: string;
}

/** SHA-256 (lower-case hex) of reference + amount in cents + currency + the merchant's integrity secret. */
export function integritySignature(terms: CheckoutTerms, integritySecret: string): string {
  return sha256Hex(`${terms.reference}${terms.amountInCents}${terms.currency}${integritySecret}`);
}

/** The provider's web checkout for one payment, with the parameters Wompi documents. */
export function checkoutUrl(
  checkoutBase: string,
  terms: CheckoutTerms & { publicKey: string; integritySignature: string; redirectUrl?: string },
): string {
  const url = new URL(checkoutBase);
  url.searchParams.set('public-key', terms.publicKey);
  url.searchParams.set('currency', terms.currency);
  url.searchParams.set('amount-in-cents', terms.amountInCents.toString());
  url.searchParams.set('reference', terms.reference);
  url.searchParams.set('signature:integrity', terms.integritySignature);
  if (terms.redirectUrl) url.searchParams.set('redirect-url', terms.redirectUrl);
  return url.toString();
}

/** A transaction as Wompi's events and its API describe it (other fields are kept, not relied on). */
export const wompiTransactionSchema = z
  .object({
    id: z.string().min(1).max(100),
    status: z.enum(WOMPI_STATUSES),
    amount_in_cents: z.number().int().nonnegative().max(Number.MAX_SAFE_INTEGER),
    reference: z.string().min(1).max(255),
    currency: z.string().length(3),
  })
  .passthrough();

/** A `transaction.updated` event as Wompi posts it (other fields are kept but not relied on). */
export const wompiEventSchema = z.object({
  event: z.string().min(1).max(100),
  data: z.object({ transaction: wompiTransactionSchema }).passthrough(),
  environment: z.string().max(20).optional(),
  signature: z.object({
    properties: z.array(z.string().min(1).max(100)).min(1).max(20),
    checksum: z.string().regex(/^[0-9a-fA-F]{64}$/),
  }),
  timestamp: z.number().int().nonnegative().max(99_999_999_999),
  sent_at: z.string().max(40).optional(),
});
export type WompiEvent = z.infer<typeof wompiEventSchema>;
export type WompiTransaction = z.infer<typeof wompiTransactionSchema>;

/** The value at a dotted path into `data` ("transaction.id"), as the checksum concatenates it. */
function valueAt(data: unknown, path: string): string | undefined {
  let value: unknown = data;
  for (const part of path.split('.')) {
    if (value === null || typeof value !== 'object') return undefined;
    value = (value as Record<string, unknown>)[part];
  }
  return typeof value === 'string' || typeof value === 'number' || typeof value === 'boolean'
    ? String(value)
    : undefined;
}

export type SignatureVerdict = 'VALID' | 'INVALID' | 'MISSING_SIGNED_PROPERTIES';

/**
 * The event's checksum: SHA-256 of the values of `signature.properties`
 * (paths into `data`, in the listed order), then `timestamp`, then the events
 * secret, with no separator; compared case-insensitively in constant time.
 */
export function verifyEventSignature(event: WompiEvent, eventsSecret: string): SignatureVerdict {
  const { properties, checksum } = event.signature;
  if (!REQUIRED_SIGNED_PROPERTIES.every((required) => properties.includes(required))) {
    return 'MISSING_SIGNED_PROPERTIES';
  }
  const values = properties.map((path) => valueAt(event.data, path));
  if (values.some((value) => value === undefined)) return 'INVALID';
  const expected = sha256Hex(`${values.join('')}${event.timestamp}${eventsSecret}`);
  return constantTimeEquals(checksum.toLowerCase(), expected) ? 'VALID' : 'INVALID';
}

/** Within 72 hours in the past and 5 minutes in the future of `now`. */
export function eventTimestampAcceptable(timestampSeconds: number, now: Date): boolean {
  const nowSeconds = now.getTime() / 1000;
  return (
    timestampSeconds >= nowSeconds - EVENT_MAX_AGE_SECONDS &&
    timestampSeconds <= nowSeconds + EVENT_MAX_SKEW_SECONDS
  );
}

/** The inbox's key for an event: the SHA-256 of its raw body, exactly as it arrived. */
export function eventBodyHash(rawBody: Buffer | string): string {
  return createHash('sha256').update(rawBody).digest('hex');
}
