import { Injectable } from '@nestjs/common';
import { AppError, requestContext } from '@trivance/shared';
import { ILLEGAL_STATE_TRANSITION } from '../events/event-status.js';
import { Prisma } from '../generated/prisma/client.js';
import type { TenantScope } from '../tenancy/tenant-scope.js';
import { UnitOfWork } from '../tenancy/unit-of-work.js';
import { lockDonationPayment, lockDonationRow } from './donation-rows.js';
import { DonationSettlement } from './donation-settlement.js';
import type { MarkDonationPaidInput } from './dto/donation.inputs.js';

/**
 * Staff record a manual gift's payment (cash at the door, a transfer) with
 * who did it and the receipt's reference: the gift SUCCEEDS with its receipt
 * number and is booked, in one unit of work.
 */
@Injectable()
export class MarkDonationPaid {
  constructor(
    private readonly units: UnitOfWork,
    private readonly settlement: DonationSettlement,
  ) {}

  async execute(scope: TenantScope, input: MarkDonationPaidInput): Promise<void> {
    const actorId = requestContext.principal().userId;
    await this.units.run(async (unit) => {
      const payment = await lockDonationPayment(
        unit,
        input.id,
        scope.organizationId,
        Prisma.sql`p.provider = 'MANUAL' AND p.status = 'PENDING'`,
      );
      const donation = await lockDonationRow(unit, input.id, scope.organizationId);
      if (!donation) throw new AppError('NOT_FOUND', 'Donation not found');
      if (!payment || donation.status !== 'PENDING') {
        throw new AppError(
          'CONFLICT',
          `This donation (${donation.status}) has no manual payment waiting`,
          { reason: ILLEGAL_STATE_TRANSITION },
        );
      }
      await this.settlement.succeed(unit, donation, payment, {
        actorId,
        externalReference: input.externalReference?.trim() || null,
      });
    });
  }
}
