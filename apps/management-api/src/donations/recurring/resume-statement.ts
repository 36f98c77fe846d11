import { Prisma, type RecurringDonation } from '../../generated/prisma/client.js';
import { firstCycleDueAfter, nextAttemptAt } from './recurring-schedule.js';

/**
 * Back to ACTIVE: a month with failed attempts goes on with its schedule;
 * otherwise the months the pause missed are skipped, never charged at once.
 */
export function resumeStatement(gift: RecurringDonation, now: Date): Prisma.Sql {
  if (gift.failedAttempts > 0 || gift.chargingPaymentId) {
    const next = nextAttemptAt(gift.cycleDueAt, gift.failedAttempts) ?? now;
    const at = next > now ? next : now;
    return Prisma.sql`
      UPDATE recurring_donations SET status = 'ACTIVE', paused_until = NULL,
             next_charge_at = CASE WHEN charging_payment_id IS NULL THEN ${at}::timestamptz ELSE NULL END,
             updated_at = now()
      WHERE id = ${gift.id}::uuid`;
  }
  const { cycle, dueAt } = firstCycleDueAfter(gift.firstDueAt, gift.cycle, now);
  return Prisma.sql`
    UPDATE recurring_donations SET status = 'ACTIVE', paused_until = NULL, cycle = ${cycle},
           cycle_due_at = ${dueAt}, next_charge_at = ${dueAt}, updated_at = now()
    WHERE id = ${gift.id}::uuid`;
}
