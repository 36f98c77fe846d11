import { Injectable } from '@nestjs/common';
import { AppError } from '@trivance/shared';
import { executorOf } from '../common/sql-executor.js';
import { SystemDatabase } from '../database/system-database.js';
import { type Donation, Prisma } from '../generated/prisma/client.js';
import { Idempotency, type IdempotentRequest } from '../idempotency/idempotency.js';
import { applySettings } from '../tenancy/database-settings.js';
import { lockDonationPayment, lockDonationRow } from './donation-rows.js';
import { insertDonation } from './donation-writes.js';
import type { DonationModel } from './models/donation.model.js';

/**
 * A guest's gift (no account, so no customer of its own to write as): the
 * donations.guests path writes it for the campaign's organization, under
 * that organization's tenant policies, with the idempotency key scoped to the
 * guest's normalized email. Audited with the email's actor key.
 */
@Injectable()
export class GuestDonations {
  constructor(
    private readonly system: SystemDatabase,
    private readonly idempotency: Idempotency,
  ) {}

  give(
    donation: Donation,
    paymentStatement: Prisma.Sql,
    request: IdempotentRequest,
  ): Promise<DonationModel> {
    const actor = `guest:${donation.donorEmail}`;
    return this.system.run(
      'donations.guests',
      { actor, reason: 'donate', detail: { campaignId: donation.campaignId } },
      async (tx, audit) => {
        const sql = executorOf(tx);
        await sql.query(
          applySettings({ organizationId: donation.organizationId, userId: '', role: '' }),
        );
        const first = await this.idempotency.runIn(
          sql,
          actor,
          request,
          async () => {
            await sql.execute(insertDonation(donation));
            await sql.execute(paymentStatement);
            audit.touched(2);
            return { donationId: donation.id };
          },
          { result: { donationId: donation.id } },
        );
        const stored = await lockDonationRow(sql, first.donationId, donation.organizationId);
        if (!stored) throw new AppError('NOT_FOUND', 'Donation not found');
        // A guest cannot read the gift back through the API: it is answered from here.
        const payment = await lockDonationPayment(
          sql,
          stored.id,
          stored.organizationId,
          Prisma.sql`true`,
        );
        return { ...stored, preloadedPayment: payment ?? null };
      },
    );
  }
}
