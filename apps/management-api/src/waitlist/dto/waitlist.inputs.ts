import { Field, ID, InputType, Int } from '@nestjs/graphql';
import { IsEntityId } from '@trivance/shared';
import { IsInt, Max, Min } from 'class-validator';

@InputType()
export class JoinWaitlistInput {
  @Field(() => ID)
  @IsEntityId()
  ticketTypeId!: string;

  @Field(() => Int, { description: 'Seats wanted: at most maxPerOrder, or 10 when it is unset.' })
  @IsInt()
  @Min(1)
  @Max(100)
  quantity!: number;
}

@InputType()
export class LeaveWaitlistInput {
  @Field(() => ID)
  @IsEntityId()
  id!: string;
}
