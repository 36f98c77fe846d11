import { createHash } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import {
  checkoutUrl,
  eventBodyHash,
  eventTimestampAcceptable,
  integritySignature,
  verifyEventSignature,
  type WompiEvent,
  wompiEventSchema,
} from './wompi-contract.js';

const SECRET = 'test_events_secret';

/** ARCHITECTURE.md's test vector, as Wompi would post it. */
function vectorEvent(overrides: Partial<WompiEvent['signature']> = {}): WompiEvent {
  return wompiEventSchema.parse({
    event: 'transaction.updated',
    data: {
      transaction: {
        id: 'tx_test',
        status: 'APPROVED',
        amount_in_cents: 2000000,
        reference: 'TRV-REF',
        currency: 'COP',
      },
    },
    environment: 'test',
    signature: {
      properties: ['transaction.id', 'transaction.status', 'transaction.amount_in_cents'],
      checksum: '3c474f5c13461160504f80b07b03ca7508a3b92a963ab3a4fd89e063f52c48ca',
      ...overrides,
    },
    timestamp: 1710000000,
    sent_at: '2024-03-09T16:00:00.000Z',
  });
}

describe("Wompi's contract", () => {
  it('accepts the documented test vector, in upper case too', () => {
    expect(verifyEventSignature(vectorEvent(), SECRET)).toBe('VALID');
    const upper = vectorEvent();
    upper.signature.checksum = upper.signature.checksum.toUpperCase();
    expect(verifyEventSignature(upper, SECRET)).toBe('VALID');
  });

  it('refuses another secret, a changed amount or status, and a changed timestamp', () => {
    expect(verifyEventSignature(vectorEvent(), 'another_secret')).toBe('INVALID');
    const amount = vectorEvent();
    amount.data.transaction.amount_in_cents = 2000001;
    expect(verifyEventSignature(amount, SECRET)).toBe('INVALID');
    const status = vectorEvent();
    status.data.transaction.status = 'DECLINED';
    expect(verifyEventSignature(status, SECRET)).toBe('INVALID');
    const timestamp = vectorEvent();
    timestamp.timestamp += 1;
    expect(verifyEventSignature(timestamp, SECRET)).toBe('INVALID');
  });

  it('refuses a signature that leaves out a property we rely on, even when its checksum is right', () => {
    const properties = ['transaction.id', 'transaction.status'];
    const checksum = createHash('sha256')
      .update(`tx_testAPPROVED1710000000${SECRET}`)
      .digest('hex');
    expect(verifyEventSignature(vectorEvent({ properties, checksum }), SECRET)).toBe(
      'MISSING_SIGNED_PROPERTIES',
    );
  });

  it('refuses a signed property that is not in the event', () => {
    const event = vectorEvent({
      properties: [
        'transaction.id',
        'transaction.status',
        'transaction.amount_in_cents',
        'transaction.customer_email',
      ],
    });
    expect(verifyEventSignature(event, SECRET)).toBe('INVALID');
  });

  it('accepts timestamps up to 72 hours old and 5 minutes ahead, no further', () => {
    const now = new Date('2026-12-01T12:00:00Z');
    const seconds = now.getTime() / 1000;
    expect(eventTimestampAcceptable(seconds - 72 * 3600, now)).toBe(true);
    expect(eventTimestampAcceptable(seconds - 72 * 3600 - 1, now)).toBe(false);
    expect(eventTimestampAcceptable(seconds + 300, now)).toBe(true);
    expect(eventTimestampAcceptable(seconds + 301, now)).toBe(false);
  });

  it('rejects bodies that are not a transaction event', () => {
    const bad = [
      {},
      { ...vectorEvent(), signature: { properties: [], checksum: 'x' } },
      { ...vectorEvent(), data: { transaction: { id: 'tx', status: 'PAID' } } },
      { ...vectorEvent(), timestamp: '1710000000' },
    ];
    for (const body of bad) expect(wompiEventSchema.safeParse(body).success).toBe(false);
  });

  it('signs a checkout as reference + amount in cents + currency + integrity secret', () => {
    const terms = { reference: 'TRV-ABC', amountInCents: 2500000n, currency: 'COP' };
    const expected = createHash('sha256').update('TRV-ABC2500000COPsecret').digest('hex');
    expect(integritySignature(terms, 'secret')).toBe(expected);
    const url = new URL(
      checkoutUrl('https://checkout.wompi.co/p/', {
        ...terms,
        publicKey: 'pub_test_x',
        integritySignature: integritySignature(terms, 'secret'),
        redirectUrl: 'https://app.example/orders/1',
      }),
    );
    expect(Object.fromEntries(url.searchParams)).toEqual({
      'public-key': 'pub_test_x',
      currency: 'COP',
      'amount-in-cents': '2500000',
      reference: 'TRV-ABC',
      'signature:integrity': expected,
      'redirect-url': 'https://app.example/orders/1',
    });
  });

  it('keys the inbox by the SHA-256 of the raw body, byte for byte', () => {
    const body = JSON.stringify(vectorEvent());
    expect(eventBodyHash(body)).toBe(createHash('sha256').update(body).digest('hex'));
    expect(eventBodyHash(`${body} `)).not.toBe(eventBodyHash(body));
  });
});
