import { Field, GraphQLISODateTime, ID, Int, ObjectType, registerEnumType } from '@nestjs/graphql';
import { PageInfoModel } from '../../common/pagination/page-info.model.js';
import type { Payment } from '../../generated/prisma/client.js';
import {
  DonationFrequency,
  DonationStatus,
  RecurringStatus,
  TributeKind,
} from '../../generated/prisma/enums.js';

registerEnumType(DonationFrequency, { name: 'DonationFrequency' });
registerEnumType(DonationStatus, {
  name: 'DonationStatus',
  description:
    'PENDING until paid; SUCCEEDED with a receipt number; FAILED when the payment did not go through; REFUNDED or PARTIALLY_REFUNDED once money went back.',
});
registerEnumType(TributeKind, { name: 'TributeKind' });
registerEnumType(RecurringStatus, {
  name: 'RecurringStatus',
  description:
    'ACTIVE (charged monthly), PAUSED (by the donor), CANCELLED (by the donor or staff), FAILED (every attempt at a month failed).',
});

@ObjectType('Tribute')
export class TributeModel {
  @Field(() => TributeKind)
  kind!: TributeKind;

  @Field()
  name!: string;
}

/** Resolved from a donation row; money and relations have their own resolvers. */
@ObjectType('Donation')
export class DonationModel {
  @Field(() => ID)
  id!: string;

  @Field(() => DonationStatus)
  status!: DonationStatus;

  @Field(() => DonationFrequency)
  frequency!: DonationFrequency;

  @Field()
  anonymous!: boolean;

  @Field(() => String, { nullable: true })
  message!: string | null;

  @Field(() => Int, {
    nullable: true,
    description: 'Given when the gift succeeds: per organization, without gaps.',
  })
  receiptNumber!: number | null;

  @Field(() => GraphQLISODateTime, { nullable: true })
  succeededAt!: Date | null;

  @Field(() => GraphQLISODateTime)
  createdAt!: Date;

  organizationId!: string;
  userId!: string | null;
  campaignId!: string;
  amount!: bigint;
  fee!: bigint;
  total!: bigint;
  refundedAmount!: bigint;
  currency!: string;
  tributeKind!: TributeKind | null;
  tributeName!: string | null;
  donorEmail!: string;
  donorName!: string;
  donorTaxId!: string | null;
  guest!: boolean;
  recurringDonationId!: string | null;
  /** The payment, when the caller cannot read it back (a guest's answer to `donate`). */
  preloadedPayment?: Payment | null;
}

@ObjectType('RecurringDonation')
export class RecurringDonationModel {
  @Field(() => ID)
  id!: string;

  @Field(() => RecurringStatus)
  status!: RecurringStatus;

  @Field(() => GraphQLISODateTime, {
    nullable: true,
    description: 'When the next attempt is due; null unless ACTIVE and idle.',
  })
  nextChargeAt!: Date | null;

  @Field(() => Int, { description: 'Failed attempts at the month being charged.' })
  failedAttempts!: number;

  @Field(() => GraphQLISODateTime, { nullable: true })
  pausedUntil!: Date | null;

  @Field(() => String, { nullable: true, description: 'The card charged, e.g. "VISA •••• 4242".' })
  paymentSourceLabel!: string | null;

  @Field(() => GraphQLISODateTime, { nullable: true })
  cancelledAt!: Date | null;

  @Field(() => GraphQLISODateTime)
  createdAt!: Date;

  organizationId!: string;
  campaignId!: string;
  amount!: bigint;
  currency!: string;
}

@ObjectType('DonationEdge')
export class DonationEdgeModel {
  @Field()
  cursor!: string;

  @Field(() => DonationModel)
  node!: DonationModel;
}

@ObjectType('DonationConnection')
export class DonationConnectionModel {
  @Field(() => [DonationEdgeModel])
  edges!: DonationEdgeModel[];

  @Field(() => PageInfoModel)
  pageInfo!: PageInfoModel;
}

@ObjectType('RecurringDonationEdge')
export class RecurringDonationEdgeModel {
  @Field()
  cursor!: string;

  @Field(() => RecurringDonationModel)
  node!: RecurringDonationModel;
}

@ObjectType('RecurringDonationConnection')
export class RecurringDonationConnectionModel {
  @Field(() => [RecurringDonationEdgeModel])
  edges!: RecurringDonationEdgeModel[];

  @Field(() => PageInfoModel)
  pageInfo!: PageInfoModel;
}
