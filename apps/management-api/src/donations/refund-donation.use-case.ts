import { Injectable } from '@nestjs/common';
import { AppError, requestContext } from '@trivance/shared';
import { Prisma } from '../generated/prisma/client.js';
import { REFUND_EXCEEDS_PAYMENT } from '../orders/order-reasons.js';
import type { TenantScope } from '../tenancy/tenant-scope.js';
import { UnitOfWork } from '../tenancy/unit-of-work.js';
import { lockDonationPayment, lockDonationRow } from './donation-rows.js';
import { DonationSettlement } from './donation-settlement.js';
import type { RefundDonationInput } from './dto/donation.inputs.js';

/**
 * A treasurer returns money on a gift: everything still captured by default,
 * or a part, never more than the payment holds. Wompi has no refund API for
 * these payments, so the money goes back outside (a transfer) and is
 * recorded here with its reference. The payment is locked first, as the
 * provider's events lock it, so a refund racing a void or a late event waits
 * for it and then sees what it did.
 */
@Injectable()
export class RefundDonation {
  constructor(
    private readonly units: UnitOfWork,
    private readonly settlement: DonationSettlement,
  ) {}

  async execute(scope: TenantScope, input: RefundDonationInput): Promise<void> {
    const actorId = requestContext.principal().userId;
    await this.units.run(async (unit) => {
      const payment = await lockDonationPayment(
        unit,
        input.id,
        scope.organizationId,
        Prisma.sql`p.status = 'APPROVED'`,
      );
      const donation = await lockDonationRow(unit, input.id, scope.organizationId);
      if (!donation) throw new AppError('NOT_FOUND', 'Donation not found');
      if (!payment || donation.status === 'PENDING' || donation.status === 'FAILED') {
        throw new AppError('CONFLICT', 'Nothing was captured on this donation', {
          reason: REFUND_EXCEEDS_PAYMENT,
        });
      }
      await this.settlement.refund(unit, donation, payment, {
        amount: input.amount != null ? BigInt(input.amount) : 'rest',
        reason: input.reason?.trim() || null,
        actorId,
        externalReference: input.externalReference?.trim() || null,
      });
    });
  }
}
