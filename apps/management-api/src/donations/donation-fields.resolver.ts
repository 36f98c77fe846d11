import { Field, ObjectType, Parent, ResolveField, Resolver } from '@nestjs/graphql';
import { CampaignModel } from '../campaigns/models/campaign.model.js';
import { money, MoneyModel } from '../common/money.js';
import type { Campaign, Payment, RecurringDonation } from '../generated/prisma/client.js';
import { PaymentModel } from '../payments/models/payment.model.js';
import { DonationsRepository } from './donations.repository.js';
import { DonationModel, RecurringDonationModel, TributeModel } from './models/donation.model.js';

@ObjectType('DonationDonor', { description: 'Who gave (the donor and admins see it).' })
export class DonationDonorModel {
  @Field()
  name!: string;

  @Field()
  email!: string;

  @Field(() => String, { nullable: true })
  taxId!: string | null;

  @Field({ description: 'Given without an account.' })
  guest!: boolean;
}

@Resolver(() => DonationModel)
export class DonationFieldsResolver {
  constructor(private readonly donations: DonationsRepository) {}

  @ResolveField(() => CampaignModel)
  async campaign(@Parent() donation: DonationModel): Promise<Campaign> {
    return (await this.donations.campaign(donation.campaignId))!;
  }

  @ResolveField(() => MoneyModel, { description: 'The gift.' })
  amount(@Parent() donation: DonationModel): MoneyModel {
    return money(donation.amount, donation.currency);
  }

  @ResolveField(() => MoneyModel, { description: "The provider's fee the donor chose to cover." })
  fee(@Parent() donation: DonationModel): MoneyModel {
    return money(donation.fee, donation.currency);
  }

  @ResolveField(() => MoneyModel, { description: 'What was charged: the gift and the fee.' })
  total(@Parent() donation: DonationModel): MoneyModel {
    return money(donation.total, donation.currency);
  }

  @ResolveField(() => MoneyModel, { description: 'What went back to the donor.' })
  refunded(@Parent() donation: DonationModel): MoneyModel {
    return money(donation.refundedAmount, donation.currency);
  }

  @ResolveField(() => TributeModel, { nullable: true })
  tribute(@Parent() donation: DonationModel): TributeModel | null {
    return donation.tributeKind && donation.tributeName
      ? { kind: donation.tributeKind, name: donation.tributeName }
      : null;
  }

  @ResolveField(() => DonationDonorModel)
  donor(@Parent() donation: DonationModel): DonationDonorModel {
    return {
      name: donation.donorName,
      email: donation.donorEmail,
      taxId: donation.donorTaxId,
      guest: donation.guest,
    };
  }

  @ResolveField(() => PaymentModel, { nullable: true, description: 'The latest payment.' })
  payment(@Parent() donation: DonationModel): Promise<Payment | null> | Payment | null {
    if (donation.preloadedPayment !== undefined) return donation.preloadedPayment;
    return this.donations.latestPayment(donation.id);
  }

  @ResolveField(() => RecurringDonationModel, {
    nullable: true,
    description: 'The monthly gift this is one month of.',
  })
  recurring(@Parent() donation: DonationModel): Promise<RecurringDonation | null> | null {
    return donation.recurringDonationId
      ? this.donations.recurring(donation.recurringDonationId)
      : null;
  }
}

@Resolver(() => RecurringDonationModel)
export class RecurringDonationFieldsResolver {
  constructor(private readonly donations: DonationsRepository) {}

  @ResolveField(() => MoneyModel)
  amount(@Parent() gift: RecurringDonationModel): MoneyModel {
    return money(gift.amount, gift.currency);
  }

  @ResolveField(() => CampaignModel)
  async campaign(@Parent() gift: RecurringDonationModel): Promise<Campaign> {
    return (await this.donations.campaign(gift.campaignId))!;
  }
}
