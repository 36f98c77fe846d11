import { ArgsType, Field, ID, InputType, Int } from '@nestjs/graphql';
import { IsEntityId } from '@trivance/shared';
import { Type } from 'class-transformer';
import {
  ArrayMaxSize,
  ArrayMinSize,
  IsBoolean,
  IsEmail,
  IsEnum,
  IsInt,
  IsOptional,
  IsString,
  Length,
  Max,
  MaxLength,
  Min,
  ValidateNested,
} from 'class-validator';
import { SafeInt } from '../../common/money.js';
import { ConnectionArgs } from '../../common/pagination/connection.args.js';
import { OrderStatus, PaymentProvider } from '../../generated/prisma/enums.js';

/** Tickets one order may hold, whatever a ticket type allows. */
export const MAX_TICKETS_PER_ORDER = 50;

@InputType()
export class OrderItemInput {
  @Field(() => ID)
  @IsEntityId()
  ticketTypeId!: string;

  @Field(() => Int)
  @IsInt()
  @Min(1)
  @Max(MAX_TICKETS_PER_ORDER)
  quantity!: number;
}

@InputType()
export class OrderTicketsInput {
  @Field(() => ID)
  @IsEntityId()
  eventId!: string;

  @Field(() => [OrderItemInput])
  @ValidateNested({ each: true })
  @Type(() => OrderItemInput)
  @ArrayMinSize(1)
  @ArrayMaxSize(20)
  items!: OrderItemInput[];

  @Field({
    description: 'The same key, buyer and input return the same order; another input is refused.',
  })
  @IsString()
  @Length(1, 200)
  idempotencyKey!: string;

  @Field(() => String, { nullable: true })
  @IsOptional()
  @IsString()
  @Length(1, 64)
  discountCode?: string | null;

  @Field(() => PaymentProvider, {
    nullable: true,
    description: 'For a paid order; MANUAL by default.',
  })
  @IsOptional()
  @IsEnum(PaymentProvider)
  paymentProvider?: PaymentProvider | null;

  @Field(() => ID, { nullable: true, description: 'Redeems a waiting-list offer.' })
  @IsOptional()
  @IsEntityId()
  waitlistEntryId?: string | null;
}

@InputType()
export class OrderIdInput {
  @Field(() => ID)
  @IsEntityId()
  id!: string;
}

@InputType()
export class MarkOrderPaidInput {
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
export class RefundOrderInput {
  @Field(() => ID)
  @IsEntityId()
  id!: string;

  @Field(() => SafeInt, {
    nullable: true,
    description: 'In minor units; everything left by default.',
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
    description: 'The bank or provider reference of the return.',
  })
  @IsOptional()
  @IsString()
  @Length(1, 200)
  externalReference?: string | null;
}

@InputType()
export class IssueComplimentaryTicketsInput {
  @Field(() => ID)
  @IsEntityId()
  eventId!: string;

  @Field(() => ID)
  @IsEntityId()
  ticketTypeId!: string;

  @Field(() => Int)
  @IsInt()
  @Min(1)
  @Max(MAX_TICKETS_PER_ORDER)
  quantity!: number;

  @Field()
  @IsEmail()
  @MaxLength(254)
  holderEmail!: string;

  @Field()
  @IsString()
  @Length(1, 200)
  holderName!: string;
}

@InputType()
export class OrderFilter {
  @Field(() => ID, { nullable: true })
  @IsOptional()
  @IsEntityId()
  eventId?: string | null;

  @Field(() => OrderStatus, { nullable: true })
  @IsOptional()
  @IsEnum(OrderStatus)
  status?: OrderStatus | null;

  @Field(() => String, { nullable: true, description: "In the buyer's name or email." })
  @IsOptional()
  @IsString()
  @Length(1, 100)
  search?: string | null;
}

@ArgsType()
export class OrdersArgs extends ConnectionArgs {
  @Field(() => OrderFilter, { nullable: true })
  @IsOptional()
  @ValidateNested()
  @Type(() => OrderFilter)
  filter?: OrderFilter | null;
}

@InputType()
export class MyTicketsFilter {
  @Field(() => Boolean, { nullable: true, description: 'Only tickets for events not over yet.' })
  @IsOptional()
  @IsBoolean()
  upcoming?: boolean | null;
}

@ArgsType()
export class MyTicketsArgs extends ConnectionArgs {
  @Field(() => MyTicketsFilter, { nullable: true })
  @IsOptional()
  @ValidateNested()
  @Type(() => MyTicketsFilter)
  filter?: MyTicketsFilter | null;
}

@ArgsType()
export class OrderIdArgs {
  @Field(() => ID)
  @IsEntityId()
  id!: string;
}
