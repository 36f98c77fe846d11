import { Field, GraphQLISODateTime, ID, Int, ObjectType } from '@nestjs/graphql';

/** Resolved from a ticket type row; price, quantity and availability have resolvers. */
@ObjectType('TicketType')
export class TicketTypeModel {
  @Field(() => ID)
  id!: string;

  @Field()
  name!: string;

  @Field(() => String, { nullable: true })
  description!: string | null;

  @Field(() => GraphQLISODateTime, { nullable: true })
  salesStartAt!: Date | null;

  @Field(() => GraphQLISODateTime, { nullable: true })
  salesEndAt!: Date | null;

  @Field(() => Int, { nullable: true })
  maxPerOrder!: number | null;

  @Field(() => Int, { nullable: true, description: 'Tickets one account may hold of this type.' })
  maxPerBuyer!: number | null;

  @Field({ description: 'Sold only with a discount code that unlocks it.' })
  hidden!: boolean;

  organizationId!: string;
  eventId!: string;
  priceAmount!: bigint;
  currency!: string;
}
