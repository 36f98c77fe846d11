import { Parent, ResolveField, Resolver } from '@nestjs/graphql';
import { money, MoneyModel } from '../common/money.js';
import type { Payment } from '../generated/prisma/client.js';
import { TenantDatabase } from '../tenancy/tenant-database.js';
import { PaymentModel } from './models/payment.model.js';
import { WompiCheckoutModel } from './models/wompi-checkout.model.js';
import { WompiCheckouts } from './wompi/wompi-checkouts.js';

@Resolver(() => PaymentModel)
export class PaymentsResolver {
  constructor(
    private readonly checkouts: WompiCheckouts,
    private readonly db: TenantDatabase,
  ) {}

  @ResolveField(() => MoneyModel)
  amount(@Parent() payment: Payment): MoneyModel {
    return money(payment.amount, payment.currency);
  }

  @ResolveField(() => WompiCheckoutModel, {
    nullable: true,
    description: "The provider's hosted checkout (WOMPI only); null for manual payments.",
  })
  async checkout(@Parent() payment: Payment): Promise<WompiCheckoutModel | null> {
    if (payment.provider !== 'WOMPI') return null;
    if (payment.donationId) {
      return this.checkouts.of(payment, {
        path: `/donations/${payment.donationId}`,
        expiresAt: null,
      });
    }
    const order = payment.orderId
      ? await this.db.client.order.findFirst({
          where: { id: payment.orderId },
          select: { id: true, expiresAt: true },
        })
      : null;
    return this.checkouts.of(
      payment,
      order && { path: `/orders/${order.id}`, expiresAt: order.expiresAt },
    );
  }
}
