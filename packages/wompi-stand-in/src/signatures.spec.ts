import { createHash } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { eventChecksum, hexDigestsEqual, integritySignature } from './signatures.js';

describe('signatures', () => {
  it("matches ARCHITECTURE.md's event checksum test vector", () => {
    const data = { transaction: { id: 'tx_test', status: 'APPROVED', amount_in_cents: 2000000 } };
    const checksum = eventChecksum(
      data,
      ['transaction.id', 'transaction.status', 'transaction.amount_in_cents'],
      1710000000,
      'test_events_secret',
    );
    expect(checksum).toBe('3c474f5c13461160504f80b07b03ca7508a3b92a963ab3a4fd89e063f52c48ca');
  });

  it('signs properties in the listed order', () => {
    const data = { transaction: { id: 'tx_test', status: 'APPROVED', amount_in_cents: 2000000 } };
    const reordered = eventChecksum(
      data,
      ['transaction.status', 'transaction.id', 'transaction.amount_in_cents'],
      1710000000,
      'test_events_secret',
    );
    expect(reordered).not.toBe('3c474f5c13461160504f80b07b03ca7508a3b92a963ab3a4fd89e063f52c48ca');
  });

  it('computes the integrity signature as lower-case SHA-256 of reference, amount, currency and secret', () => {
    const expected = createHash('sha256').update('TRV-12000000COPintegrity').digest('hex');
    expect(integritySignature('TRV-1', 2000000, 'COP', 'integrity')).toBe(expected);
    expect(expected).toMatch(/^[0-9a-f]{64}$/);
  });

  it('compares digests case-insensitively and refuses other lengths', () => {
    const digest = integritySignature('a', 1, 'COP', 's');
    expect(hexDigestsEqual(digest, digest.toUpperCase())).toBe(true);
    expect(hexDigestsEqual(digest, digest.slice(1))).toBe(false);
    expect(hexDigestsEqual(digest, integritySignature('a', 2, 'COP', 's'))).toBe(false);
  });
});
