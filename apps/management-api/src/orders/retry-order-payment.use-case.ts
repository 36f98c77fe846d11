import { Injectable } from '@nestjs/common';
import { AppError, requestContext } from '@trivance/shared';
import { ILLEGAL_STATE_TRANSITION } from '../events/event-status.js';
import { type Order, Prisma } from '../generated/prisma/client.js';
import type { PaymentProvider, PaymentStatus } from '../generated/prisma/enums.js';
import { PaymentStarts } from '../payments/payment-starts.js';
import { UnitOfWork } from '../tenancy/unit-of-work.js';
import { ORDER_LIMIT_EXCEEDED } from './order-reasons.js';
import { OrdersRepository } from './orders.repository.js';

/** Enough attempts for any honest buyer; beyond it, card testing. */
const MAX_PAYMENTS_PER_ORDER = 10;

/**
 * The buyer tries again after a declined or abandoned payment: a new payment
 * with a new reference (and checkout) for the same PENDING order, while it
 * still holds its seats. An earlier payment that is captured after all is
 * still booked, and returned if the order was paid meanwhile.
 */
@Injectable()
export class RetryOrderPayment {
  constructor(
    private readonly units: UnitOfWork,
    private readonly orders: OrdersRepository,
    private readonly payments: PaymentStarts,
  ) {}

  async execute(id: string): Promise<Order> {
    const { userId } = requestContext.principal();
    await this.units.run(async (unit) => {
      const order = await this.orders.lock(unit, id);
      if (order.userId !== userId) throw new AppError('NOT_FOUND', 'Order not found');
      const now = new Date();
      if (order.status !== 'PENDING' || (order.expiresAt && order.expiresAt <= now)) {
        throw new AppError('CONFLICT', `An order that is ${order.status} takes no new payment`, {
          reason: ILLEGAL_STATE_TRANSITION,
        });
      }
      const earlier = await unit.query<{ provider: PaymentProvider; status: PaymentStatus }>(
        Prisma.sql`SELECT provider, status FROM payments WHERE order_id = ${id}::uuid
                   ORDER BY created_at DESC, id DESC`,
      );
      const latest = earlier[0];
      if (!latest || latest.provider !== 'WOMPI' || earlier.some((p) => p.status === 'APPROVED')) {
        throw new AppError('CONFLICT', 'Only an unpaid provider payment can be tried again', {
          reason: ILLEGAL_STATE_TRANSITION,
        });
      }
      if (earlier.length >= MAX_PAYMENTS_PER_ORDER) {
        throw new AppError('CONFLICT', `At most ${MAX_PAYMENTS_PER_ORDER} payments per order`, {
          reason: ORDER_LIMIT_EXCEEDED,
        });
      }
      await unit.execute(
        await this.payments.statement(
          {
            organizationId: order.organizationId,
            userId: order.userId,
            orderId: order.id,
            provider: latest.provider,
            amount: order.total,
            currency: order.currency,
          },
          now,
        ),
      );
    });
    return (await this.orders.findForBuyer(id))!;
  }
}
