import { Injectable, Logger } from '@nestjs/common';
import { AppError, type Principal, requestContext } from '@trivance/shared';
import { randomUUID } from 'node:crypto';
import { InjectConfig, type ManagementConfig } from '../config/config.module.js';
import type { Campaign, Donation } from '../generated/prisma/client.js';
import { Idempotency, type IdempotentRequest } from '../idempotency/idempotency.js';
import { OrganizationsService } from '../organizations/organizations.service.js';
import { PaymentStarts } from '../payments/payment-starts.js';
import { TenantDatabase } from '../tenancy/tenant-database.js';
import { UnitOfWork } from '../tenancy/unit-of-work.js';
import { ViewerService } from '../viewer/viewer.service.js';
import { insertDonation } from './donation-writes.js';
import type { DonateInput } from './dto/donation.inputs.js';
import { giftTerms, type GiftTerms } from './gift-terms.js';
import { GuestDonations } from './guest-donations.system-path.js';
import { GuestLimits } from './guest-limits.js';
import type { DonationModel } from './models/donation.model.js';
import { RecurringCharges } from './recurring/recurring-charges.system-path.js';
import { RecurringStarts } from './recurring/recurring-starts.js';

interface Donor {
  userId: string | null;
  email: string;
  name: string;
}

/**
 * A donor gives to a campaign: in one unit of work, under the donor's
 * idempotency key (a guest's is scoped to the normalized email), the gift is
 * checked against the campaign, priced (the provider's fee added when the
 * donor covers it) and written PENDING with its payment. A monthly gift also
 * saves the card as a Wompi payment source and charges its first month once
 * the gift is committed. A guest's gift is written by the donations.guests
 * path for the campaign's organization, after the per-address and per-email limits.
 */
@Injectable()
export class Donate {
  private readonly logger = new Logger('Donate');

  constructor(
    @InjectConfig() private readonly config: ManagementConfig,
    private readonly db: TenantDatabase,
    private readonly units: UnitOfWork,
    private readonly idempotency: Idempotency,
    private readonly organizations: OrganizationsService,
    private readonly viewers: ViewerService,
    private readonly payments: PaymentStarts,
    private readonly guests: GuestDonations,
    private readonly guestLimits: GuestLimits,
    private readonly recurringStarts: RecurringStarts,
    private readonly recurringCharges: RecurringCharges,
  ) {}

  execute(input: DonateInput, callerIp: string): Promise<DonationModel> {
    const principal = requestContext.current()?.principal;
    const give = () => this.give(input, callerIp, principal);
    // A signed-in one-time gift is one unit of work from the campaign's read to
    // the answer; a monthly one calls the provider first (never inside a
    // transaction), and a guest's is written by its system path.
    return principal && input.frequency === 'ONE_TIME' ? this.units.run(give) : give();
  }

  private async give(
    input: DonateInput,
    callerIp: string,
    principal: Principal | undefined,
  ): Promise<DonationModel> {
    const campaign = await this.db.public.campaign.findFirst({ where: { id: input.campaignId } });
    if (!campaign) throw new AppError('NOT_FOUND', 'Campaign not found');
    const organization = await this.organizations.getById(campaign.organizationId);
    const now = new Date();
    const terms = giftTerms(
      input,
      campaign,
      organization,
      !principal,
      {
        basisPoints: this.config.WOMPI_FEE_BASIS_POINTS,
        fixed: BigInt(this.config.WOMPI_FEE_FIXED),
      },
      now,
    );
    const donor = await this.donor(input, principal);
    const request: IdempotentRequest = {
      operation: 'donate',
      organizationId: campaign.organizationId,
      key: input.idempotencyKey,
      input: {
        campaignId: campaign.id,
        amount: terms.amount.toString(),
        currency: terms.currency,
        frequency: input.frequency,
        provider: terms.provider,
        coverFees: input.coverFees ?? false,
        anonymous: input.anonymous ?? false,
        message: input.message?.trim() || null,
        tribute: input.tribute
          ? { kind: input.tribute.kind, name: input.tribute.name.trim() }
          : null,
        // A signed-in donor is the actor; a guest is the email and name given.
        donorEmail: donor.userId ? null : donor.email,
        donorName: donor.userId ? null : donor.name,
        donorTaxId: input.donorTaxId?.trim() || null,
        paymentSource: input.paymentSource?.token ?? null,
      },
    };
    const donation = this.row(input, campaign, terms, donor, now);
    if (!donor.userId) {
      await this.guestLimits.consume(callerIp, donor.email);
      const payment = await this.payments.statement(
        {
          organizationId: donation.organizationId,
          userId: null,
          donationId: donation.id,
          provider: terms.provider,
          amount: terms.total,
          currency: terms.currency,
        },
        now,
      );
      return this.guests.give(donation, payment, request);
    }

    const monthly =
      input.frequency === 'MONTHLY'
        ? await this.recurringStarts.prepare(
            donation,
            input.paymentSource!,
            input.coverFees ?? false,
            now,
          )
        : undefined;
    if (monthly) Object.assign(donation, { recurringDonationId: monthly.id, cycle: 1 });
    const paymentStatement = await this.payments.statement(
      {
        organizationId: donation.organizationId,
        userId: donor.userId,
        donationId: donation.id,
        provider: terms.provider,
        amount: terms.total,
        currency: terms.currency,
        // A monthly gift's card is charged by us, never through a checkout page.
        hostedCheckout: !monthly,
      },
      now,
    );
    const first = await this.idempotency.run<{ donationId: string }>(
      request,
      () =>
        this.units.run(async (unit) => {
          if (monthly) await unit.execute(monthly.statement);
          await unit.execute(insertDonation(donation));
          await unit.execute(paymentStatement);
          if (monthly) await this.recurringStarts.markCharging(unit, monthly.id, donation.id);
          return { donationId: donation.id };
        }),
      { result: { donationId: donation.id } },
    );
    // The first month is charged once the gift exists: a crash before this
    // leaves a payment the charge run sends (once) under the same reference.
    if (monthly && first.donationId === donation.id) {
      await this.recurringCharges.submitFor(donation.id).catch((error: unknown) => {
        this.logger.warn(
          { donationId: donation.id, error: (error as Error).message },
          'first month not sent; the charge run sends it',
        );
      });
    }
    // The gift as written, or, for a replay, the first gift as it is now.
    if (first.donationId === donation.id) return donation;
    const stored = await this.db.client.donation.findFirst({ where: { id: first.donationId } });
    if (!stored) throw new AppError('NOT_FOUND', 'Donation not found');
    return stored;
  }

  private async donor(input: DonateInput, principal: Principal | undefined): Promise<Donor> {
    if (principal) {
      const account = await this.viewers.account(principal.userId);
      if (!account) throw new AppError('NOT_FOUND', 'Account not found');
      return { userId: principal.userId, email: account.email.toLowerCase(), name: account.name };
    }
    const email = input.donorEmail?.trim().toLowerCase();
    const name = input.donorName?.trim();
    if (!email || !name) {
      throw new AppError('BAD_USER_INPUT', 'Without an account, give your email and name', {
        errors: {
          ...(email ? {} : { donorEmail: ['is required without an account'] }),
          ...(name ? {} : { donorName: ['is required without an account'] }),
        },
      });
    }
    return { userId: null, email, name };
  }

  private row(
    input: DonateInput,
    campaign: Campaign,
    terms: GiftTerms,
    donor: Donor,
    now: Date,
  ): Donation {
    return {
      id: randomUUID(),
      organizationId: campaign.organizationId,
      userId: donor.userId,
      campaignId: campaign.id,
      frequency: input.frequency,
      status: 'PENDING',
      amount: terms.amount,
      fee: terms.fee,
      total: terms.total,
      currency: terms.currency,
      anonymous: input.anonymous ?? false,
      message: input.message?.trim() || null,
      tributeKind: input.tribute?.kind ?? null,
      tributeName: input.tribute?.name.trim() || null,
      donorEmail: donor.email,
      donorName: donor.name,
      donorTaxId: input.donorTaxId?.trim() || null,
      guest: donor.userId === null,
      recurringDonationId: null,
      cycle: null,
      receiptNumber: null,
      refundedAmount: 0n,
      succeededAt: null,
      createdAt: now,
      updatedAt: now,
    };
  }
}
