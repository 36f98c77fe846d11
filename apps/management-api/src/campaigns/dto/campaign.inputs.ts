import { ArgsType, Field, GraphQLISODateTime, ID, InputType, PartialType } from '@nestjs/graphql';
import { IsEntityId } from '@trivance/shared';
import { Type } from 'class-transformer';
import {
  IsDate,
  IsEnum,
  IsIn,
  IsOptional,
  IsString,
  IsUrl,
  Length,
  ValidateNested,
} from 'class-validator';
import { CURRENCIES, MoneyInput } from '../../common/money.js';
import { ConnectionArgs } from '../../common/pagination/connection.args.js';
import { CampaignStatus } from '../../generated/prisma/enums.js';

@InputType()
export class CreateCampaignInput {
  @Field()
  @IsString()
  @Length(1, 200)
  title!: string;

  @Field(() => String, { nullable: true })
  @IsOptional()
  @IsString()
  @Length(0, 20_000)
  description?: string | null;

  @Field(() => MoneyInput, {
    nullable: true,
    description:
      'What the campaign hopes to raise; its currency is every gift’s. Null: open-ended.',
  })
  @IsOptional()
  @ValidateNested()
  @Type(() => MoneyInput)
  goal?: MoneyInput | null;

  @Field(() => String, {
    nullable: true,
    description: 'ISO 4217, when there is no goal (default COP).',
  })
  @IsOptional()
  @IsIn(CURRENCIES, { message: 'currency must be an ISO 4217 code in upper case' })
  currency?: string | null;

  @Field(() => ID, { nullable: true })
  @IsOptional()
  @IsEntityId()
  categoryId?: string | null;

  @Field(() => String, { nullable: true })
  @IsOptional()
  @IsUrl({ protocols: ['https'], require_protocol: true })
  @Length(1, 2048)
  coverImageUrl?: string | null;

  @Field(() => GraphQLISODateTime, { nullable: true, description: 'Gifts accepted from.' })
  @IsOptional()
  @IsDate()
  startsAt?: Date | null;

  @Field(() => GraphQLISODateTime, { nullable: true, description: 'Gifts accepted until.' })
  @IsOptional()
  @IsDate()
  endsAt?: Date | null;
}

@InputType()
export class UpdateCampaignInput extends PartialType(CreateCampaignInput) {
  @Field(() => ID)
  @IsEntityId()
  id!: string;
}

@InputType()
export class CampaignIdInput {
  @Field(() => ID)
  @IsEntityId()
  id!: string;
}

@ArgsType()
export class CampaignIdArgs {
  @Field(() => ID)
  @IsEntityId()
  id!: string;
}

@InputType()
export class CampaignFilter {
  @Field(() => CampaignStatus, { nullable: true })
  @IsOptional()
  @IsEnum(CampaignStatus)
  status?: CampaignStatus | null;

  @Field(() => String, { nullable: true, description: 'Part of the title.' })
  @IsOptional()
  @IsString()
  @Length(1, 200)
  search?: string | null;
}

@ArgsType()
export class CampaignsArgs extends ConnectionArgs {
  @Field(() => CampaignFilter, { nullable: true })
  @IsOptional()
  @ValidateNested()
  @Type(() => CampaignFilter)
  filter?: CampaignFilter | null;
}

@InputType()
export class PublicCampaignFilter {
  @Field(() => ID, { nullable: true })
  @IsOptional()
  @IsEntityId()
  organizationId?: string | null;

  @Field(() => ID, { nullable: true })
  @IsOptional()
  @IsEntityId()
  categoryId?: string | null;

  @Field(() => String, { nullable: true, description: 'Part of the title.' })
  @IsOptional()
  @IsString()
  @Length(1, 200)
  search?: string | null;
}

@ArgsType()
export class PublicCampaignsArgs extends ConnectionArgs {
  @Field(() => PublicCampaignFilter, { nullable: true })
  @IsOptional()
  @ValidateNested()
  @Type(() => PublicCampaignFilter)
  filter?: PublicCampaignFilter | null;
}
