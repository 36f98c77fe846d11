import { Field, GraphQLISODateTime, ObjectType } from '@nestjs/graphql';
import { SafeInt } from '../../common/money.js';

@ObjectType('WompiCheckout', { description: "Wompi's web checkout for one payment." })
export class WompiCheckoutModel {
  @Field({ description: "The provider's checkout page with every parameter below." })
  url!: string;

  @Field()
  publicKey!: string;

  @Field()
  reference!: string;

  @Field(() => SafeInt)
  amountInCents!: number;

  @Field()
  currency!: string;

  @Field({
    description: 'SHA-256 of reference, amount in cents, currency and the integrity secret.',
  })
  integritySignature!: string;

  @Field(() => String, { nullable: true })
  redirectUrl!: string | null;

  @Field(() => GraphQLISODateTime, {
    nullable: true,
    description: 'When the order stops holding its seats.',
  })
  expiresAt!: Date | null;
}
