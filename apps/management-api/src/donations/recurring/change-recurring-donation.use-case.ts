import { Injectable } from '@nestjs/common';
import { AppError, isSuperAdmin, requestContext } from '@trivance/shared';
import { sameCurrency } from '../../common/money.js';
import { ILLEGAL_STATE_TRANSITION } from '../../events/event-status.js';
import { Prisma, type RecurringDonation } from '../../generated/prisma/client.js';
import { TenantDatabase } from '../../tenancy/tenant-database.js';
import { UnitOfWork, type UnitTransaction } from '../../tenancy/unit-of-work.js';
import { AMOUNT_TOO_SMALL } from '../donation-reasons.js';
import type {
  CancelRecurringDonationInput,
  PauseRecurringDonationInput,
  RecurringDonationIdInput,
  UpdateRecurringDonationInput,
} from './recurring.inputs.js';
import { resumeStatement } from './resume-statement.js';
import { RecurringStarts } from './recurring-starts.js';

const illegal = (message: string) =>
  new AppError('CONFLICT', message, { reason: ILLEGAL_STATE_TRANSITION });

/**
 * What a donor does with a monthly gift (pause, resume, change the amount or
 * the card, cancel) and what staff may do (cancel). Each change locks the gift
 * first, as the charge run and the provider's answers do, so none of them
 * races a charge: a charge already sent still settles, and the schedule
 * follows the gift's state from then on.
 */
@Injectable()
export class ChangeRecurringDonation {
  constructor(
    private readonly units: UnitOfWork,
    private readonly db: TenantDatabase,
    private readonly starts: RecurringStarts,
  ) {}

  pause(input: PauseRecurringDonationInput): Promise<RecurringDonation> {
    const until = input.until ?? null;
    if (until && until <= new Date()) {
      throw new AppError('BAD_USER_INPUT', 'A pause ends in the future', {
        errors: { until: ['must be in the future'] },
      });
    }
    return this.change(input.id, 'donor', async (unit, gift) => {
      if (gift.status !== 'ACTIVE') throw illegal(`A ${gift.status} gift cannot be paused`);
      await unit.execute(Prisma.sql`
        UPDATE recurring_donations SET status = 'PAUSED', next_charge_at = NULL, paused_until = ${until},
               updated_at = now()
        WHERE id = ${gift.id}::uuid`);
    });
  }

  resume(input: RecurringDonationIdInput): Promise<RecurringDonation> {
    return this.change(input.id, 'donor', async (unit, gift) => {
      if (gift.status !== 'PAUSED') throw illegal(`A ${gift.status} gift cannot be resumed`);
      await unit.execute(resumeStatement(gift, new Date()));
    });
  }

  cancel(input: CancelRecurringDonationInput): Promise<RecurringDonation> {
    return this.change(input.id, 'donor-or-admin', async (unit, gift, actorId) => {
      if (gift.status === 'CANCELLED') throw illegal('This gift is already cancelled');
      await unit.execute(Prisma.sql`
        UPDATE recurring_donations SET status = 'CANCELLED', next_charge_at = NULL, cancelled_at = now(),
               cancelled_by = ${actorId}, updated_at = now()
        WHERE id = ${gift.id}::uuid`);
    });
  }

  async update(input: UpdateRecurringDonationInput): Promise<RecurringDonation> {
    const current = await this.db.client.recurringDonation.findFirst({
      where: { id: input.id, userId: requestContext.principal().userId },
    });
    if (!current) throw new AppError('NOT_FOUND', 'Monthly gift not found');
    // A new card is saved with the provider before the gift is locked.
    const card = input.paymentSource
      ? await this.starts.replaceCard(
          current.organizationId,
          input.paymentSource,
          current.donorEmail,
        )
      : null;
    return this.change(input.id, 'donor', async (unit, gift) => {
      if (gift.status === 'CANCELLED' || gift.status === 'FAILED') {
        throw illegal(`A ${gift.status} gift cannot be changed`);
      }
      let amount = gift.amount;
      if (input.amount) {
        sameCurrency(gift.currency, input.amount.currency, 'amount');
        amount = BigInt(input.amount.amount);
        const [campaign] = await unit.query<{ minimum_amount: bigint }>(Prisma.sql`
          SELECT minimum_amount FROM campaigns WHERE id = ${gift.campaignId}::uuid`);
        if (campaign && amount < BigInt(campaign.minimum_amount)) {
          throw new AppError('CONFLICT', `The smallest gift is ${campaign.minimum_amount}`, {
            reason: AMOUNT_TOO_SMALL,
          });
        }
      }
      await unit.execute(Prisma.sql`
        UPDATE recurring_donations
        SET amount = ${amount},
            payment_source_id = ${card?.id ?? gift.paymentSourceId},
            payment_source_label = ${card ? card.label : gift.paymentSourceLabel},
            own_merchant = ${card ? card.ownMerchant : gift.ownMerchant},
            updated_at = now()
        WHERE id = ${gift.id}::uuid`);
    });
  }

  /** Locks the gift the caller may change, applies the change, and returns the gift as it is now. */
  private async change(
    id: string,
    who: 'donor' | 'donor-or-admin',
    apply: (unit: UnitTransaction, gift: RecurringDonation, actorId: string) => Promise<void>,
  ): Promise<RecurringDonation> {
    const principal = requestContext.principal();
    await this.units.run(async (unit) => {
      const [locked] = await unit.query<{ id: string }>(
        Prisma.sql`SELECT id FROM recurring_donations WHERE id = ${id}::uuid FOR UPDATE`,
      );
      const gift = locked && (await this.db.client.recurringDonation.findFirst({ where: { id } }));
      const isDonor = gift?.userId === principal.userId;
      const isAdmin =
        gift?.organizationId === principal.organizationId &&
        (principal.role === 'admin' || isSuperAdmin(principal));
      if (!gift || !(isDonor || (who === 'donor-or-admin' && isAdmin))) {
        throw new AppError('NOT_FOUND', 'Monthly gift not found');
      }
      await apply(unit, gift, principal.userId);
    });
    return (await this.db.client.recurringDonation.findFirst({ where: { id } }))!;
  }
}
