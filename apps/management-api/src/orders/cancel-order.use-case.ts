import { Injectable } from '@nestjs/common';
import { AppError, requestContext } from '@trivance/shared';
import { ILLEGAL_STATE_TRANSITION } from '../events/event-status.js';
import { type Order, Prisma } from '../generated/prisma/client.js';
import { DiscountRedemption } from '../discounts/discount-redemption.js';
import { SeatPools } from '../inventory/seat-pools.js';
import { UnitOfWork } from '../tenancy/unit-of-work.js';
import { OrderNotices } from './order-notices.js';
import { orderLines, seatsOf } from './order-lines.js';
import { OrdersRepository } from './orders.repository.js';

/** The buyer gives up a PENDING order: its seats return to sale at once. */
@Injectable()
export class CancelOrder {
  constructor(
    private readonly units: UnitOfWork,
    private readonly orders: OrdersRepository,
    private readonly seats: SeatPools,
    private readonly discounts: DiscountRedemption,
    private readonly notices: OrderNotices,
  ) {}

  async execute(id: string): Promise<Order> {
    const { userId } = requestContext.principal();
    await this.units.run(async (unit) => {
      const order = await this.orders.lock(unit, id);
      if (order.userId !== userId) throw new AppError('NOT_FOUND', 'Order not found');
      if (order.status !== 'PENDING') {
        throw new AppError('CONFLICT', `An order that is ${order.status} cannot be cancelled`, {
          reason: ILLEGAL_STATE_TRANSITION,
        });
      }
      await this.seats.giveBack(unit, order.eventId, seatsOf(await orderLines(unit, id)), 'held');
      await this.discounts.giveBack(unit, order.discountCodeId);
      await unit.execute(
        Prisma.sql`UPDATE orders SET status = 'CANCELLED', expires_at = NULL, updated_at = now() WHERE id = ${id}::uuid`,
      );
      await this.notices.cancelled(unit, order, 'Cancelled by the buyer');
    });
    return (await this.orders.findForBuyer(id))!;
  }
}
