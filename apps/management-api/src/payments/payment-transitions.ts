import type { PaymentStatus } from '../generated/prisma/enums.js';

/** What processing an event did, stored with it in the inbox. */
export type EventOutcome =
  /** It moved the payment (or bound it to its transaction). */
  | 'APPLIED'
  /** The payment is already where the event says. */
  | 'DUPLICATE'
  /** It would move a payment backwards (APPROVED, then a late PENDING). */
  | 'BACKWARDS'
  /** Its amount or currency differs from the payment's: never booked. */
  | 'AMOUNT_MISMATCH'
  /** No payment of ours carries its reference (for that merchant). */
  | 'UNKNOWN_REFERENCE'
  /** Its timestamp is outside the accepted window. */
  | 'STALE'
  /** Another transaction on a payment that is already settled by one. */
  | 'OTHER_TRANSACTION'
  /** Its transaction is bound to another payment. */
  | 'TRANSACTION_MISMATCH';

/** How the payment moves. */
export type Transition =
  /** Still pending at the provider: remember which transaction it is. */
  | { kind: 'bind' }
  /** Captured: book it on what it pays for. */
  | { kind: 'approve' }
  /** Ended without money: declined, failed or voided before capture. */
  | { kind: 'fail'; status: 'DECLINED' | 'ERROR' | 'VOIDED' }
  /** A captured payment voided by the provider: reverse it. */
  | { kind: 'reverse' };

export interface PaymentState {
  status: PaymentStatus;
  amount: bigint;
  currency: string;
  providerTransactionId: string | null;
}

export interface ReportedTransaction {
  id: string;
  status: PaymentStatus;
  amountInCents: bigint;
  currency: string;
}

export type Decision =
  { outcome: Exclude<EventOutcome, 'APPLIED'> } | { outcome: 'APPLIED'; transition: Transition };

const applied = (transition: Transition): Decision => ({ outcome: 'APPLIED', transition });

/**
 * Where a payment goes when the provider reports one of its transactions
 * (DOMAIN.md, "Payments"): only forward, PENDING to a final state, except
 * APPROVED → VOIDED, a reversal. The same report twice changes nothing, so
 * processing is idempotent by (transaction, status). A payer may try again on
 * the same checkout after a decline: a later transaction that is approved
 * settles a payment no other transaction captured, so no money is left
 * unbooked.
 */
export function decide(payment: PaymentState, reported: ReportedTransaction): Decision {
  if (reported.amountInCents !== payment.amount || reported.currency !== payment.currency) {
    return { outcome: 'AMOUNT_MISMATCH' };
  }
  const sameTransaction =
    payment.providerTransactionId === null || payment.providerTransactionId === reported.id;
  if (!sameTransaction) {
    return reported.status === 'APPROVED' && payment.status !== 'APPROVED'
      ? applied({ kind: 'approve' })
      : { outcome: 'OTHER_TRANSACTION' };
  }
  if (payment.status === 'PENDING') {
    switch (reported.status) {
      case 'PENDING':
        return payment.providerTransactionId === null
          ? applied({ kind: 'bind' })
          : { outcome: 'DUPLICATE' };
      case 'APPROVED':
        return applied({ kind: 'approve' });
      default:
        return applied({ kind: 'fail', status: reported.status });
    }
  }
  if (reported.status === payment.status) return { outcome: 'DUPLICATE' };
  if (payment.status === 'APPROVED' && reported.status === 'VOIDED') {
    return applied({ kind: 'reverse' });
  }
  return { outcome: 'BACKWARDS' };
}
