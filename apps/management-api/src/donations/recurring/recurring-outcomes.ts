import { Injectable } from '@nestjs/common';
import type { SqlExecutor } from '../../common/sql-executor.js';
import { type Donation, Prisma } from '../../generated/prisma/client.js';
import { Outbox } from '../../outbox/outbox.js';
import { giftContext } from '../donation-rows.js';
import { firstCycleDueAfter, MAX_ATTEMPTS, nextAttemptAt } from './recurring-schedule.js';

interface RecurringRow {
  id: string;
  status: string;
  cycle: number;
  first_due_at: Date;
  cycle_due_at: Date;
  failed_attempts: number;
  amount: bigint;
  currency: string;
}

/**
 * What a monthly gift does when one month's charge succeeds or an attempt at
 * it fails, written in the transaction that settles the payment: the next
 * month becomes due, or the next attempt is scheduled, or, after the sixth
 * failed attempt, the gift is FAILED and the donor told (recurring.failed).
 */
@Injectable()
export class RecurringOutcomes {
  constructor(private readonly outbox: Outbox) {}

  async charged(sql: SqlExecutor, donation: Donation): Promise<void> {
    const recurring = await this.lock(sql, donation.recurringDonationId!);
    if (!recurring || recurring.cycle !== donation.cycle) return;
    // A month paid late (after retries) is not followed by a month already past.
    const next = firstCycleDueAfter(recurring.first_due_at, recurring.cycle + 1, new Date());
    const nextDue = next.dueAt;
    await sql.execute(Prisma.sql`
      UPDATE recurring_donations
      SET cycle = ${next.cycle}, cycle_due_at = ${nextDue}, failed_attempts = 0, charging_payment_id = NULL,
          next_charge_at = CASE WHEN status = 'ACTIVE' THEN ${nextDue}::timestamptz ELSE NULL END,
          updated_at = now()
      WHERE id = ${recurring.id}::uuid`);
  }

  async attemptFailed(sql: SqlExecutor, donation: Donation, paymentId: string): Promise<void> {
    const recurring = await this.lock(sql, donation.recurringDonationId!);
    if (!recurring || recurring.cycle !== donation.cycle) return;
    const failedAttempts = recurring.failed_attempts + 1;
    const next = nextAttemptAt(recurring.cycle_due_at, failedAttempts);
    if (next) {
      await sql.execute(Prisma.sql`
        UPDATE recurring_donations
        SET failed_attempts = ${failedAttempts}, charging_payment_id = NULL,
            next_charge_at = CASE WHEN status = 'ACTIVE' THEN ${next}::timestamptz ELSE NULL END,
            updated_at = now()
        WHERE id = ${recurring.id}::uuid AND charging_payment_id IS NOT DISTINCT FROM ${paymentId}::uuid`);
      return;
    }
    await sql.execute(Prisma.sql`
      UPDATE recurring_donations
      SET failed_attempts = ${MAX_ATTEMPTS}, status = 'FAILED', charging_payment_id = NULL,
          next_charge_at = NULL, updated_at = now()
      WHERE id = ${recurring.id}::uuid`);
    await sql.execute(Prisma.sql`
      UPDATE donations SET status = 'FAILED', updated_at = now() WHERE id = ${donation.id}::uuid`);
    const where = await giftContext(sql, donation);
    await this.outbox.record(sql, {
      type: 'recurring.failed',
      organizationId: donation.organizationId,
      userId: donation.userId,
      payload: {
        recurringDonationId: recurring.id,
        campaignId: donation.campaignId,
        campaignTitle: where.campaignTitle,
        organizationName: where.organizationName,
        amount: BigInt(recurring.amount).toString(),
        currency: recurring.currency,
        attempts: MAX_ATTEMPTS,
        donorEmail: donation.donorEmail,
        donorName: donation.donorName,
      },
    });
  }

  private async lock(sql: SqlExecutor, id: string): Promise<RecurringRow | undefined> {
    const [row] = await sql.query<RecurringRow>(Prisma.sql`
      SELECT id, status, cycle, first_due_at, cycle_due_at, failed_attempts, amount, currency
      FROM recurring_donations WHERE id = ${id}::uuid FOR UPDATE`);
    return row;
  }
}
