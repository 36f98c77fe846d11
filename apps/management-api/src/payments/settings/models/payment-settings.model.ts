import { Field, GraphQLISODateTime, ObjectType } from '@nestjs/graphql';
import { PaymentProvider } from '../../../generated/prisma/enums.js';

@ObjectType('PaymentSettings', {
  description:
    "Which merchant takes the organization's online payments: its own Wompi merchant once an " +
    "admin connected one, else the platform's. Secrets are never returned.",
})
export class PaymentSettingsModel {
  @Field(() => PaymentProvider)
  provider!: PaymentProvider;

  @Field({ description: "True when the organization's own merchant takes its payments." })
  ownMerchant!: boolean;

  @Field(() => String, {
    nullable: true,
    description: "The organization's own public key; null while the platform's merchant is used.",
  })
  wompiPublicKey!: string | null;

  @Field({
    description:
      "Where Wompi must send this merchant's events (the events URL in Wompi's dashboard): " +
      "the platform's path, or the organization's own once it connected its merchant, on the " +
      "API's public address.",
  })
  webhookUrl!: string;

  @Field(() => GraphQLISODateTime, { nullable: true })
  updatedAt!: Date | null;

  @Field(() => String, { nullable: true, description: 'The account id of the admin who set it.' })
  updatedBy!: string | null;
}
