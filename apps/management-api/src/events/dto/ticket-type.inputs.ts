import {
  Field,
  GraphQLISODateTime,
  ID,
  InputType,
  Int,
  OmitType,
  PartialType,
} from '@nestjs/graphql';
import { IsEntityId } from '@trivance/shared';
import { Type } from 'class-transformer';
import {
  IsBoolean,
  IsDate,
  IsInt,
  IsOptional,
  IsString,
  Length,
  Max,
  Min,
  ValidateNested,
} from 'class-validator';
import { MoneyInput } from '../../common/money.js';
import { MAX_CAPACITY } from './event.inputs.js';

@InputType()
export class CreateTicketTypeInput {
  @Field(() => ID)
  @IsEntityId()
  eventId!: string;

  @Field()
  @IsString()
  @Length(1, 120)
  name!: string;

  @Field(() => String, { nullable: true })
  @IsOptional()
  @IsString()
  @Length(0, 2000)
  description?: string | null;

  @Field(() => MoneyInput, { description: 'An amount of 0 is a free ticket type.' })
  @ValidateNested()
  @Type(() => MoneyInput)
  price!: MoneyInput;

  @Field(() => Int)
  @IsInt()
  @Min(0)
  @Max(MAX_CAPACITY)
  quantity!: number;

  @Field(() => GraphQLISODateTime, { nullable: true })
  @IsOptional()
  @IsDate()
  salesStartAt?: Date | null;

  @Field(() => GraphQLISODateTime, { nullable: true })
  @IsOptional()
  @IsDate()
  salesEndAt?: Date | null;

  @Field(() => Int, { nullable: true })
  @IsOptional()
  @IsInt()
  @Min(1)
  @Max(1000)
  maxPerOrder?: number | null;

  @Field(() => Int, { nullable: true })
  @IsOptional()
  @IsInt()
  @Min(1)
  @Max(1000)
  maxPerBuyer?: number | null;

  @Field(() => Boolean, { nullable: true })
  @IsOptional()
  @IsBoolean()
  hidden?: boolean | null;
}

/** Every field but the event may change; a quantity below what is sold and held is QUANTITY_BELOW_SOLD. */
@InputType()
export class UpdateTicketTypeInput extends PartialType(
  OmitType(CreateTicketTypeInput, ['eventId'] as const),
) {
  @Field(() => ID)
  @IsEntityId()
  id!: string;
}
