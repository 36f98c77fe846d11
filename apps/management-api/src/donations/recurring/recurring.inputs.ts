import { Field, GraphQLISODateTime, ID, InputType } from '@nestjs/graphql';
import { IsEntityId } from '@trivance/shared';
import { Type } from 'class-transformer';
import { IsDate, IsOptional, ValidateNested } from 'class-validator';
import { MoneyInput } from '../../common/money.js';
import { PaymentSourceInput } from '../dto/donation.inputs.js';

@InputType()
export class RecurringDonationIdInput {
  @Field(() => ID)
  @IsEntityId()
  id!: string;
}

@InputType()
export class CancelRecurringDonationInput extends RecurringDonationIdInput {}

@InputType()
export class PauseRecurringDonationInput extends RecurringDonationIdInput {
  @Field(() => GraphQLISODateTime, {
    nullable: true,
    description: 'Resumes by itself then; paused until resumed when null.',
  })
  @IsOptional()
  @Type(() => Date)
  @IsDate()
  until?: Date | null;
}

@InputType()
export class UpdateRecurringDonationInput extends RecurringDonationIdInput {
  @Field(() => MoneyInput, { nullable: true, description: 'From the next attempt on.' })
  @IsOptional()
  @ValidateNested()
  @Type(() => MoneyInput)
  amount?: MoneyInput | null;

  @Field(() => PaymentSourceInput, { nullable: true, description: 'A new card to charge.' })
  @IsOptional()
  @ValidateNested()
  @Type(() => PaymentSourceInput)
  paymentSource?: PaymentSourceInput | null;
}
