import { Injectable } from '@nestjs/common';
import { AppError } from '@trivance/shared';
import { randomUUID } from 'node:crypto';
import type { SqlExecutor } from '../common/sql-executor.js';
import { type Donation, type Payment, Prisma } from '../generated/prisma/client.js';
import { giftReceived, giftReturned, Ledger } from '../ledger/ledger.js';
import { REFUND_EXCEEDS_PAYMENT } from '../orders/order-reasons.js';
import { Outbox } from '../outbox/outbox.js';
import { giftContext } from './donation-rows.js';
import { RecurringOutcomes } from './recurring/recurring-outcomes.js';

type SettledPayment = Pick<Payment, 'id' | 'amount' | 'currency'>;

export interface GiftRefund {
  /** In minor units, or everything the payment still holds. */
  amount: bigint | 'rest';
  reason: string | null;
  actorId: string | null;
  externalReference: string | null;
  /** REVERSAL when the provider took the money back (a void); REFUND otherwise. */
  kind?: 'REFUND' | 'REVERSAL';
  /** False for money returned from a second payment: the gift stays as the first one made it. */
  changesGift?: boolean;
}

/**
 * What happens to a donation when money arrives or leaves, shared by staff
 * marking a payment, the provider's confirmation, refunds and voids. Callers
 * hold the payment's and then the donation's lock in their transaction;
 * everything here is written in it: the receipt number, the ledger, the
 * domain event.
 */
@Injectable()
export class DonationSettlement {
  constructor(
    private readonly ledger: Ledger,
    private readonly outbox: Outbox,
    private readonly recurring: RecurringOutcomes,
  ) {}

  /**
   * The gift's payment was approved: SUCCEEDED with the organization's next
   * receipt number, the gift and the covered fee booked. A payment arriving
   * on a gift another payment already settled is booked and returned at
   * once: never lost, never counted twice.
   */
  async succeed(
    sql: SqlExecutor,
    donation: Donation,
    payment: SettledPayment,
    settledBy: { actorId: string | null; externalReference: string | null },
  ): Promise<void> {
    await sql.execute(Prisma.sql`
      UPDATE payments SET status = 'APPROVED', settled_at = now(), updated_at = now(),
             next_check_at = NULL, actor_id = ${settledBy.actorId},
             external_reference = coalesce(${settledBy.externalReference}, external_reference)
      WHERE id = ${payment.id}::uuid`);
    const fee = payment.amount === donation.total ? donation.fee : 0n;
    await this.ledger.post(sql, {
      organizationId: donation.organizationId,
      currency: payment.currency,
      kind: 'PAYMENT',
      lines: giftReceived(payment.amount - fee, fee),
      donationId: donation.id,
      campaignId: donation.campaignId,
      paymentId: payment.id,
    });
    if (donation.status !== 'PENDING' && donation.status !== 'FAILED') {
      await this.refund(sql, donation, payment, {
        amount: 'rest',
        reason: 'Paid again on a gift that was already settled',
        actorId: null,
        externalReference: null,
        changesGift: false,
      });
      return;
    }
    // The number is taken in this transaction: used exactly when it commits.
    const [{ last_number: receiptNumber }] = (await sql.query<{ last_number: number }>(Prisma.sql`
      INSERT INTO receipt_sequences AS sequence (organization_id, last_number)
      VALUES (${donation.organizationId}::uuid, 1)
      ON CONFLICT (organization_id) DO UPDATE SET last_number = sequence.last_number + 1
      RETURNING last_number`)) as [{ last_number: number }];
    const [{ succeeded_at: succeededAt }] = (await sql.query<{ succeeded_at: Date }>(Prisma.sql`
      UPDATE donations SET status = 'SUCCEEDED', receipt_number = ${receiptNumber},
             succeeded_at = now(), updated_at = now()
      WHERE id = ${donation.id}::uuid RETURNING succeeded_at`)) as [{ succeeded_at: Date }];
    const where = await giftContext(sql, donation);
    await this.outbox.record(sql, {
      type: 'donation.succeeded',
      organizationId: donation.organizationId,
      userId: donation.userId,
      payload: {
        donationId: donation.id,
        campaignId: donation.campaignId,
        campaignTitle: where.campaignTitle,
        organizationName: where.organizationName,
        organizationLegalName: where.legalName,
        organizationTaxId: where.taxId,
        receiptNumber,
        amount: donation.amount.toString(),
        fee: donation.fee.toString(),
        total: donation.total.toString(),
        currency: donation.currency,
        frequency: donation.frequency,
        donorEmail: donation.donorEmail,
        donorName: donation.donorName,
        donorTaxId: donation.donorTaxId,
        succeededAt: succeededAt.toISOString(),
      },
    });
    if (donation.recurringDonationId) await this.recurring.charged(sql, donation);
  }

  /** The gift's payment ended without money (declined, an error, voided before capture). */
  async fail(sql: SqlExecutor, donation: Donation, payment: SettledPayment): Promise<void> {
    if (donation.status !== 'PENDING') return;
    if (donation.recurringDonationId) {
      // A monthly gift's month is tried again on its schedule; FAILED after the last attempt.
      await this.recurring.attemptFailed(sql, donation, payment.id);
      return;
    }
    await sql.execute(Prisma.sql`
      UPDATE donations SET status = 'FAILED', updated_at = now() WHERE id = ${donation.id}::uuid`);
  }

  /**
   * Returns money on a gift, never more than its approved payment still holds.
   * The gift goes back first, then the fee the donor covered; each refund its
   * own record and a reversed ledger pair.
   */
  async refund(
    sql: SqlExecutor,
    donation: Donation,
    payment: SettledPayment,
    request: GiftRefund,
  ): Promise<void> {
    const [{ refunded }] = (await sql.query<{ refunded: bigint }>(
      Prisma.sql`SELECT coalesce(sum(amount), 0)::bigint AS refunded FROM refunds WHERE payment_id = ${payment.id}::uuid`,
    )) as [{ refunded: bigint }];
    const remaining = payment.amount - BigInt(refunded);
    if (request.amount === 'rest' && request.kind === 'REVERSAL' && remaining === 0n) return;
    const amount = request.amount === 'rest' ? remaining : request.amount;
    if (amount <= 0n || amount > remaining) {
      throw new AppError('CONFLICT', `At most ${remaining} can still be refunded on this gift`, {
        reason: REFUND_EXCEEDS_PAYMENT,
      });
    }
    const [booked] = await sql.query<{ gift: bigint; fee: bigint }>(Prisma.sql`
      SELECT coalesce(-sum(amount) FILTER (WHERE account = 'DONATIONS'), 0)::bigint AS gift,
             coalesce(-sum(amount) FILTER (WHERE account = 'FEES_COVERED'), 0)::bigint AS fee
      FROM ledger_entries WHERE payment_id = ${payment.id}::uuid`);
    const giftLeft = BigInt(booked?.gift ?? 0);
    const giftPart = amount < giftLeft ? amount : giftLeft;
    const feePart = amount - giftPart;
    const refundId = randomUUID();
    await sql.execute(Prisma.sql`
      INSERT INTO refunds (id, organization_id, user_id, donation_id, payment_id, amount, currency, reason,
                           actor_id, external_reference)
      VALUES (${refundId}::uuid, ${donation.organizationId}::uuid, ${donation.userId}, ${donation.id}::uuid,
              ${payment.id}::uuid, ${amount}, ${payment.currency}, ${request.reason},
              ${request.actorId}, ${request.externalReference})`);
    await this.ledger.post(sql, {
      organizationId: donation.organizationId,
      currency: payment.currency,
      kind: request.kind ?? 'REFUND',
      lines: giftReturned(giftPart, feePart),
      donationId: donation.id,
      campaignId: donation.campaignId,
      paymentId: payment.id,
      refundId,
    });
    if (request.changesGift === false) return;
    const fully = amount === remaining;
    await sql.execute(Prisma.sql`
      UPDATE donations
      SET refunded_amount = refunded_amount + ${amount},
          status = (CASE WHEN refunded_amount + ${amount} >= total THEN 'REFUNDED'
                         ELSE 'PARTIALLY_REFUNDED' END)::donation_status,
          updated_at = now()
      WHERE id = ${donation.id}::uuid`);
    const where = await giftContext(sql, donation);
    await this.outbox.record(sql, {
      type: 'donation.refunded',
      organizationId: donation.organizationId,
      userId: donation.userId,
      payload: {
        donationId: donation.id,
        campaignId: donation.campaignId,
        campaignTitle: where.campaignTitle,
        organizationName: where.organizationName,
        receiptNumber: donation.receiptNumber,
        amount: amount.toString(),
        currency: payment.currency,
        fully,
        donorEmail: donation.donorEmail,
        donorName: donation.donorName,
      },
    });
  }
}
