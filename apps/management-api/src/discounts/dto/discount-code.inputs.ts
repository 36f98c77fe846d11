import {
  ArgsType,
  Field,
  GraphQLISODateTime,
  ID,
  InputType,
  Int,
  OmitType,
  PartialType,
} from '@nestjs/graphql';
import { IsEntityId } from '@trivance/shared';
import {
  ArrayMaxSize,
  IsDate,
  IsEnum,
  IsInt,
  IsOptional,
  IsUUID,
  Matches,
  Max,
  Min,
} from 'class-validator';
import { SafeInt } from '../../common/money.js';
import { DiscountKind } from '../../generated/prisma/enums.js';

@InputType()
export class CreateDiscountCodeInput {
  @Field(() => ID)
  @IsEntityId()
  eventId!: string;

  @Field({ description: 'Letters, digits, - and _, 3 to 64; buyers may type it in any case.' })
  @Matches(/^[A-Za-z0-9_-]{3,64}$/, { message: 'code must be 3 to 64 letters, digits, - or _' })
  code!: string;

  @Field(() => DiscountKind)
  @IsEnum(DiscountKind)
  kind!: DiscountKind;

  @Field(() => SafeInt, {
    description: 'A percentage (1 to 100) for PERCENT; minor units for FIXED.',
  })
  @IsInt()
  @Min(1)
  value!: number;

  @Field(() => Int, { nullable: true })
  @IsOptional()
  @IsInt()
  @Min(1)
  @Max(1_000_000)
  maxUses?: number | null;

  @Field(() => GraphQLISODateTime, { nullable: true })
  @IsOptional()
  @IsDate()
  validFrom?: Date | null;

  @Field(() => GraphQLISODateTime, { nullable: true })
  @IsOptional()
  @IsDate()
  validUntil?: Date | null;

  @Field(() => [ID], { nullable: true })
  @IsOptional()
  @IsUUID('all', { each: true })
  @ArrayMaxSize(100)
  ticketTypeIds?: string[] | null;
}

@InputType()
export class UpdateDiscountCodeInput extends PartialType(
  OmitType(CreateDiscountCodeInput, ['eventId', 'code'] as const),
) {
  @Field(() => ID)
  @IsEntityId()
  id!: string;
}

@ArgsType()
export class DiscountCodesArgs {
  @Field(() => ID)
  @IsEntityId()
  eventId!: string;
}
