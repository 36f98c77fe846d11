import { ArgsType, Field, ID, InputType } from '@nestjs/graphql';
import { IsEntityId } from '@trivance/shared';
import { Type } from 'class-transformer';
import {
  IsBoolean,
  IsEmail,
  IsEnum,
  IsInt,
  IsOptional,
  IsString,
  Length,
  Matches,
  MaxLength,
  Min,
  ValidateNested,
} from 'class-validator';
import { MoneyInput, SafeInt } from '../../common/money.js';
import { ConnectionArgs } from '../../common/pagination/connection.args.js';
import {
  DonationFrequency,
  DonationStatus,
  PaymentProvider,
  TributeKind,
} from '../../generated/prisma/enums.js';
import { TAX_ID } from '../../organizations/dto/organization.inputs.js';

const TAX_ID_MESSAGE = 'must be digits, letters, dots, dashes or spaces';

@InputType()
export class TributeInput {
  @Field(() => TributeKind)
  @IsEnum(TributeKind)
  kind!: TributeKind;

  @Field({ description: 'Whom the gift honours or remembers.' })
  @IsString()
  @Length(1, 200)
  name!: string;
}

@InputType({
  description:
    "A card tokenized with Wompi's public key (`POST /v1/tokens/cards`) and the donor's acceptance of its terms (the merchant's presigned acceptance token).",
})
export class PaymentSourceInput {
  @Field({ description: "Wompi's card token (tok_…)." })
  @IsString()
  @Length(1, 200)
  token!: string;

  @Field()
  @IsString()
  @Length(1, 2000)
  acceptanceToken!: string;
}

@InputType()
export class DonateInput {
  @Field(() => ID)
  @IsEntityId()
  campaignId!: string;

  @Field(() => MoneyInput, { description: "The gift, in the campaign's currency." })
  @ValidateNested()
  @Type(() => MoneyInput)
  amount!: MoneyInput;

  @Field(() => DonationFrequency)
  @IsEnum(DonationFrequency)
  frequency!: DonationFrequency;

  @Field({
    description:
      'The same key, donor and input return the same donation; another input is refused. A guest’s key is scoped to the email.',
  })
  @IsString()
  @Length(1, 200)
  idempotencyKey!: string;

  @Field(() => Boolean, { nullable: true, description: 'Hide the donor from public lists.' })
  @IsOptional()
  @IsBoolean()
  anonymous?: boolean | null;

  @Field(() => String, { nullable: true })
  @IsOptional()
  @IsString()
  @Length(1, 500)
  message?: string | null;

  @Field(() => Boolean, {
    nullable: true,
    description: "Add the provider's fee, so the campaign receives the whole gift (WOMPI only).",
  })
  @IsOptional()
  @IsBoolean()
  coverFees?: boolean | null;

  @Field(() => TributeInput, { nullable: true })
  @IsOptional()
  @ValidateNested()
  @Type(() => TributeInput)
  tribute?: TributeInput | null;

  @Field(() => PaymentProvider, {
    nullable: true,
    description:
      'WOMPI (the hosted checkout; a saved card for monthly gifts) by default; MANUAL where the organization takes it, for signed-in donors.',
  })
  @IsOptional()
  @IsEnum(PaymentProvider)
  paymentProvider?: PaymentProvider | null;

  @Field(() => String, {
    nullable: true,
    description: 'A guest’s email (required without a token).',
  })
  @IsOptional()
  @IsEmail()
  @MaxLength(254)
  donorEmail?: string | null;

  @Field(() => String, {
    nullable: true,
    description: 'A guest’s name (required without a token).',
  })
  @IsOptional()
  @IsString()
  @Length(1, 200)
  donorName?: string | null;

  @Field(() => String, {
    nullable: true,
    description: 'For certificates: a cédula, NIT, RUT or RFC (digits, letters, dots and dashes).',
  })
  @IsOptional()
  @IsString()
  @Length(2, 40)
  @Matches(TAX_ID, { message: TAX_ID_MESSAGE })
  donorTaxId?: string | null;

  @Field(() => PaymentSourceInput, {
    nullable: true,
    description: 'The card a MONTHLY gift is charged to each month (required for MONTHLY).',
  })
  @IsOptional()
  @ValidateNested()
  @Type(() => PaymentSourceInput)
  paymentSource?: PaymentSourceInput | null;
}

@InputType()
export class MarkDonationPaidInput {
  @Field(() => ID)
  @IsEntityId()
  id!: string;

  @Field(() => String, { nullable: true, description: 'The receipt, transfer or voucher number.' })
  @IsOptional()
  @IsString()
  @Length(1, 200)
  externalReference?: string | null;
}

@InputType()
export class RefundDonationInput {
  @Field(() => ID)
  @IsEntityId()
  id!: string;

  @Field(() => SafeInt, {
    nullable: true,
    description: 'In minor units; everything still captured by default.',
  })
  @IsOptional()
  @IsInt()
  @Min(1)
  amount?: number | null;

  @Field(() => String, { nullable: true })
  @IsOptional()
  @IsString()
  @Length(1, 500)
  reason?: string | null;

  @Field(() => String, {
    nullable: true,
    description:
      'How the money went back when the provider has no refund API (a transfer number, say).',
  })
  @IsOptional()
  @IsString()
  @Length(1, 200)
  externalReference?: string | null;
}

@InputType()
export class DonationFilter {
  @Field(() => ID, { nullable: true })
  @IsOptional()
  @IsEntityId()
  campaignId?: string | null;

  @Field(() => DonationStatus, { nullable: true })
  @IsOptional()
  @IsEnum(DonationStatus)
  status?: DonationStatus | null;

  @Field(() => String, { nullable: true, description: "In the donor's name or email." })
  @IsOptional()
  @IsString()
  @Length(1, 100)
  search?: string | null;
}

@ArgsType()
export class DonationsArgs extends ConnectionArgs {
  @Field(() => DonationFilter, { nullable: true })
  @IsOptional()
  @ValidateNested()
  @Type(() => DonationFilter)
  filter?: DonationFilter | null;
}

@ArgsType()
export class DonationIdArgs {
  @Field(() => ID)
  @IsEntityId()
  id!: string;
}
