import { Field, GraphQLISODateTime, ID, ObjectType, registerEnumType } from '@nestjs/graphql';
import { PaymentProvider, PaymentStatus } from '../../generated/prisma/enums.js';

registerEnumType(PaymentProvider, { name: 'PaymentProvider' });
registerEnumType(PaymentStatus, { name: 'PaymentStatus' });

/** Resolved from a payment row; amount and checkout have resolvers. */
@ObjectType('Payment')
export class PaymentModel {
  @Field(() => ID)
  id!: string;

  @Field(() => PaymentProvider)
  provider!: PaymentProvider;

  @Field(() => PaymentStatus)
  status!: PaymentStatus;

  @Field({ description: 'Ours, unique: what the bank statement or the provider carries.' })
  reference!: string;

  @Field(() => String, { nullable: true, description: 'The receipt or transfer staff recorded.' })
  externalReference!: string | null;

  @Field(() => GraphQLISODateTime)
  createdAt!: Date;

  amount!: bigint;
  currency!: string;
}
