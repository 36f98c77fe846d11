import { Field, GraphQLISODateTime, ID, Int, ObjectType, registerEnumType } from '@nestjs/graphql';
import { SafeInt } from '../../common/money.js';
import { DiscountKind } from '../../generated/prisma/enums.js';

registerEnumType(DiscountKind, { name: 'DiscountKind' });

@ObjectType('DiscountCode')
export class DiscountCodeModel {
  @Field(() => ID)
  id!: string;

  @Field()
  code!: string;

  @Field(() => DiscountKind)
  kind!: DiscountKind;

  @Field(() => SafeInt, { description: 'A percentage for PERCENT; minor units for FIXED.' })
  value!: number;

  @Field(() => Int, { nullable: true })
  maxUses!: number | null;

  @Field(() => Int, { description: 'Held by pending orders and used by paid ones.' })
  uses!: number;

  @Field(() => GraphQLISODateTime, { nullable: true })
  validFrom!: Date | null;

  @Field(() => GraphQLISODateTime, { nullable: true })
  validUntil!: Date | null;

  @Field(() => [ID], {
    description: 'The ticket types it applies to (and unlocks if hidden); empty: all.',
  })
  ticketTypeIds!: string[];
}
