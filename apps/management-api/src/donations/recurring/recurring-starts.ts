import { Injectable } from '@nestjs/common';
import { AppError } from '@trivance/shared';
import { randomUUID } from 'node:crypto';
import type { SqlExecutor } from '../../common/sql-executor.js';
import { type Donation, Prisma } from '../../generated/prisma/client.js';
import { PaymentMerchants } from '../../payments/merchants/payment-merchants.system-path.js';
import type { WompiMerchant } from '../../payments/merchants/wompi-merchant.js';
import { WompiApi, WompiRefusal, type SavedPaymentSource } from '../../payments/wompi/wompi-api.js';
import type { PaymentSourceInput } from '../dto/donation.inputs.js';

export interface PreparedRecurring {
  id: string;
  /** The monthly gift's insert, written with its first month's gift. */
  statement: Prisma.Sql;
}

/**
 * Starting a monthly gift: the donor's tokenized card and acceptance become
 * a Wompi payment source on the organization's merchant (before any
 * transaction opens: a provider call never holds a connection), then the
 * gift is written ACTIVE, its first month due now and already being charged.
 */
@Injectable()
export class RecurringStarts {
  constructor(
    private readonly merchants: PaymentMerchants,
    private readonly wompi: WompiApi,
  ) {}

  async prepare(
    donation: Donation,
    source: PaymentSourceInput,
    coverFees: boolean,
    now: Date,
  ): Promise<PreparedRecurring> {
    const merchant = await this.merchants.forOrganization(donation.organizationId);
    const saved = await this.save(merchant, source, donation.donorEmail);
    const id = randomUUID();
    return {
      id,
      statement: Prisma.sql`
        INSERT INTO recurring_donations (id, organization_id, user_id, campaign_id, status, amount, currency,
          cover_fees, anonymous, donor_email, donor_name, donor_tax_id, payment_source_id, payment_source_label,
          own_merchant, cycle, first_due_at, cycle_due_at, failed_attempts, next_charge_at, created_at, updated_at)
        VALUES (${id}::uuid, ${donation.organizationId}::uuid, ${donation.userId}, ${donation.campaignId}::uuid,
          'ACTIVE', ${donation.amount}, ${donation.currency}, ${coverFees}, ${donation.anonymous},
          ${donation.donorEmail}, ${donation.donorName}, ${donation.donorTaxId}, ${saved.id}, ${saved.label},
          ${merchant.ownedBy !== null}, 1, ${now}, ${now}, 0, NULL, ${now}, ${now})`,
    };
  }

  /** A new card for a monthly gift (the donor changing it): saved the same way. */
  async replaceCard(
    organizationId: string,
    source: PaymentSourceInput,
    donorEmail: string,
  ): Promise<SavedPaymentSource & { ownMerchant: boolean }> {
    const merchant = await this.merchants.forOrganization(organizationId);
    const saved = await this.save(merchant, source, donorEmail);
    return { ...saved, ownMerchant: merchant.ownedBy !== null };
  }

  /** The first month's payment is the one in flight. */
  async markCharging(unit: SqlExecutor, recurringId: string, donationId: string): Promise<void> {
    await unit.execute(Prisma.sql`
      UPDATE recurring_donations
      SET charging_payment_id = (SELECT id FROM payments WHERE donation_id = ${donationId}::uuid)
      WHERE id = ${recurringId}::uuid`);
  }

  private async save(
    merchant: WompiMerchant,
    source: PaymentSourceInput,
    customerEmail: string,
  ): Promise<SavedPaymentSource> {
    try {
      return await this.wompi.createPaymentSource(merchant, {
        token: source.token,
        acceptanceToken: source.acceptanceToken,
        customerEmail,
      });
    } catch (error) {
      if (error instanceof WompiRefusal) {
        throw new AppError('BAD_USER_INPUT', 'The card or the acceptance was refused', {
          errors: { paymentSource: ['was refused by the payment provider'] },
        });
      }
      throw new AppError(
        'SERVICE_UNAVAILABLE',
        'The payment provider cannot be reached; try again',
      );
    }
  }
}
