import { Parent, ResolveField, Resolver } from '@nestjs/graphql';
import { money, MoneyModel } from '../common/money.js';
import type { Payment } from '../generated/prisma/client.js';
import { PaymentModel } from './models/payment.model.js';
import { WompiCheckoutModel } from './models/wompi-checkout.model.js';

@Resolver(() => PaymentModel)
export class PaymentsResolver {
  @ResolveField(() => MoneyModel)
  amount(@Parent() payment: Payment): MoneyModel {
    return money(payment.amount, payment.currency);
  }

  @ResolveField(() => WompiCheckoutModel, {
    nullable: true,
    description: "The provider's hosted checkout (WOMPI only); null for manual payments.",
  })
  checkout(): WompiCheckoutModel | null {
    return null;
  }
}
