import { Injectable } from '@nestjs/common';
import { AppError, requestContext } from '@trivance/shared';
import { EventsService } from '../events/events.service.js';
import { ILLEGAL_STATE_TRANSITION } from '../events/event-status.js';
import type { Order } from '../generated/prisma/client.js';
import { TenantDatabase } from '../tenancy/tenant-database.js';
import type { TenantScope } from '../tenancy/tenant-scope.js';
import { UnitOfWork } from '../tenancy/unit-of-work.js';
import type { MarkOrderPaidInput } from './dto/order.inputs.js';
import { orderLines } from './order-lines.js';
import { OrderSettlement } from './order-settlement.js';
import { OrdersRepository } from './orders.repository.js';

/**
 * Staff record a manual payment (at the venue, by transfer) with who did it
 * and the receipt's reference: the order becomes PAID with its tickets, or,
 * when its hold ended and the seats are gone, the money is recorded and owed
 * back (a refund), never both.
 */
@Injectable()
export class MarkOrderPaid {
  constructor(
    private readonly units: UnitOfWork,
    private readonly db: TenantDatabase,
    private readonly orders: OrdersRepository,
    private readonly events: EventsService,
    private readonly settlement: OrderSettlement,
  ) {}

  async execute(scope: TenantScope, input: MarkOrderPaidInput): Promise<Order> {
    const actorId = requestContext.principal().userId;
    await this.units.run(async (unit) => {
      const order = await this.orders.lock(unit, input.id, scope.organizationId);
      const payment = await this.db.client.payment.findFirst({
        where: {
          organizationId: scope.organizationId,
          orderId: order.id,
          provider: 'MANUAL',
          status: 'PENDING',
        },
        orderBy: { createdAt: 'desc' },
      });
      if (!payment || !['PENDING', 'EXPIRED', 'CANCELLED'].includes(order.status)) {
        throw new AppError(
          'CONFLICT',
          `This order (${order.status}) has no manual payment waiting`,
          {
            reason: ILLEGAL_STATE_TRANSITION,
          },
        );
      }
      const event = await this.events.get(scope, order.eventId);
      await this.settlement.approve(unit, order, payment, event, await orderLines(unit, order.id), {
        actorId,
        externalReference: input.externalReference?.trim() || null,
      });
    });
    return (await this.orders.findForStaff(scope, input.id))!;
  }
}
