import { describe, expect, it } from 'vitest';
import { decide, type PaymentState, type ReportedTransaction } from './payment-transitions.js';

const payment = (overrides: Partial<PaymentState> = {}): PaymentState => ({
  status: 'PENDING',
  amount: 5_000_000n,
  currency: 'COP',
  providerTransactionId: null,
  ...overrides,
});
const reported = (overrides: Partial<ReportedTransaction> = {}): ReportedTransaction => ({
  id: 'tx-1',
  status: 'APPROVED',
  amountInCents: 5_000_000n,
  currency: 'COP',
  ...overrides,
});

describe('payment transitions', () => {
  it('moves a pending payment to what the provider says', () => {
    expect(decide(payment(), reported())).toEqual({
      outcome: 'APPLIED',
      transition: { kind: 'approve' },
    });
    expect(decide(payment(), reported({ status: 'DECLINED' }))).toEqual({
      outcome: 'APPLIED',
      transition: { kind: 'fail', status: 'DECLINED' },
    });
    expect(decide(payment(), reported({ status: 'ERROR' }))).toEqual({
      outcome: 'APPLIED',
      transition: { kind: 'fail', status: 'ERROR' },
    });
    expect(decide(payment(), reported({ status: 'PENDING' }))).toEqual({
      outcome: 'APPLIED',
      transition: { kind: 'bind' },
    });
  });

  it('changes nothing when told the same thing twice', () => {
    const bound = { providerTransactionId: 'tx-1' };
    expect(decide(payment({ ...bound, status: 'APPROVED' }), reported())).toEqual({
      outcome: 'DUPLICATE',
    });
    expect(decide(payment(bound), reported({ status: 'PENDING' }))).toEqual({
      outcome: 'DUPLICATE',
    });
  });

  it('never moves backwards, except a void of an approved payment, which reverses it', () => {
    const approved = payment({ status: 'APPROVED', providerTransactionId: 'tx-1' });
    expect(decide(approved, reported({ status: 'PENDING' }))).toEqual({ outcome: 'BACKWARDS' });
    expect(decide(approved, reported({ status: 'DECLINED' }))).toEqual({ outcome: 'BACKWARDS' });
    expect(decide(approved, reported({ status: 'VOIDED' }))).toEqual({
      outcome: 'APPLIED',
      transition: { kind: 'reverse' },
    });
    const declined = payment({ status: 'DECLINED', providerTransactionId: 'tx-1' });
    expect(decide(declined, reported())).toEqual({ outcome: 'BACKWARDS' });
  });

  it('books nothing when the amount or the currency differs', () => {
    expect(decide(payment(), reported({ amountInCents: 4_999_999n }))).toEqual({
      outcome: 'AMOUNT_MISMATCH',
    });
    expect(decide(payment(), reported({ currency: 'USD' }))).toEqual({
      outcome: 'AMOUNT_MISMATCH',
    });
  });

  it('settles a retry on the same checkout after a decline, but never a second capture', () => {
    const declined = payment({ status: 'DECLINED', providerTransactionId: 'tx-1' });
    expect(decide(declined, reported({ id: 'tx-2' }))).toEqual({
      outcome: 'APPLIED',
      transition: { kind: 'approve' },
    });
    const approved = payment({ status: 'APPROVED', providerTransactionId: 'tx-1' });
    expect(decide(approved, reported({ id: 'tx-2' }))).toEqual({ outcome: 'OTHER_TRANSACTION' });
    expect(decide(declined, reported({ id: 'tx-2', status: 'DECLINED' }))).toEqual({
      outcome: 'OTHER_TRANSACTION',
    });
  });
});
