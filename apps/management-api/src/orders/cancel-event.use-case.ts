import { Injectable } from '@nestjs/common';
import { AppError, assertRecentSecondFactor, isSuperAdmin, requestContext } from '@trivance/shared';
import { assertTransition } from '../events/event-status.js';
import { EventsService } from '../events/events.service.js';
import { PublicEventsCache } from '../events/public-events.cache.js';
import { type Event, type Order, Prisma } from '../generated/prisma/client.js';
import { DiscountRedemption } from '../discounts/discount-redemption.js';
import { SeatPools } from '../inventory/seat-pools.js';
import { Outbox } from '../outbox/outbox.js';
import { TenantDatabase } from '../tenancy/tenant-database.js';
import type { TenantScope } from '../tenancy/tenant-scope.js';
import { UnitOfWork } from '../tenancy/unit-of-work.js';
import type { CancelEventInput } from '../events/dto/event.inputs.js';
import { OrderNotices } from './order-notices.js';
import { orderLines, seatsOf } from './order-lines.js';
import { OrderSettlement } from './order-settlement.js';

/**
 * Cancels an event and settles every order it had: unpaid ones are
 * cancelled and their seats released, free ones cancelled with their tickets
 * void, paid ones refunded in full. One event per affected order, and
 * event.cancelled, are written with the change. Refunding money is an
 * admin's decision: a moderator may cancel only an event nobody paid for.
 */
@Injectable()
export class CancelEvent {
  constructor(
    private readonly units: UnitOfWork,
    private readonly db: TenantDatabase,
    private readonly events: EventsService,
    private readonly seats: SeatPools,
    private readonly discounts: DiscountRedemption,
    private readonly settlement: OrderSettlement,
    private readonly notices: OrderNotices,
    private readonly outbox: Outbox,
    private readonly publicCache: PublicEventsCache,
  ) {}

  async execute(scope: TenantScope, input: CancelEventInput): Promise<Event> {
    const principal = requestContext.principal();
    const reason = input.reason.trim();
    const cancelled = await this.units.run(
      async (unit) => {
        const event = await this.events.lock(unit, scope, input.id);
        assertTransition(event.status, 'CANCELLED');
        const orders = await unit.query<{ id: string }>(Prisma.sql`
          SELECT id FROM orders WHERE organization_id = ${scope.organizationId}::uuid AND event_id = ${event.id}::uuid
            AND status IN ('PENDING', 'PAID') ORDER BY id FOR UPDATE`);
        const affected = await this.db.client.order.findMany({
          where: { organizationId: scope.organizationId, id: { in: orders.map((row) => row.id) } },
        });
        const paid = affected.filter((order) => order.status === 'PAID' && order.total > 0n);
        if (paid.length > 0 && principal.role !== 'admin' && !isSuperAdmin(principal)) {
          throw new AppError(
            'FORBIDDEN',
            'Only an admin may cancel an event with paid orders (they are refunded)',
          );
        }
        // Refunding everyone moves money: the same recent second factor as refundOrder.
        if (paid.length > 0) assertRecentSecondFactor(principal);
        for (const order of affected) await this.settle(unit, scope, order, reason);
        await this.events.stopSales(scope, event.id);
        const updated = await this.events.setStatus(scope, event.id, 'CANCELLED', {
          cancelReason: reason,
        });
        await this.outbox.record(unit, {
          type: 'event.cancelled',
          organizationId: scope.organizationId,
          payload: { eventId: event.id, reason, affectedOrders: affected.length },
        });
        return updated;
      },
      { timeoutMs: 120_000 },
    );
    await this.publicCache.invalidate(cancelled.id);
    return cancelled;
  }

  private async settle(
    unit: Parameters<Parameters<UnitOfWork['run']>[0]>[0],
    scope: TenantScope,
    order: Order,
    reason: string,
  ) {
    if (order.status === 'PENDING') {
      await this.seats.giveBack(
        unit,
        order.eventId,
        seatsOf(await orderLines(unit, order.id)),
        'held',
      );
      await this.discounts.giveBack(unit, order.discountCodeId);
      await unit.execute(
        Prisma.sql`UPDATE orders SET status = 'CANCELLED', expires_at = NULL, updated_at = now() WHERE id = ${order.id}::uuid`,
      );
      await this.notices.cancelled(unit, order, reason);
      return;
    }
    const payment = await this.db.client.payment.findFirst({
      where: { organizationId: scope.organizationId, orderId: order.id, status: 'APPROVED' },
      orderBy: { createdAt: 'desc' },
    });
    if (!payment) {
      await this.settlement.close(unit, order, 'CANCELLED');
      await this.notices.cancelled(unit, order, reason);
      return;
    }
    const refunded = await this.db.client.refund.aggregate({
      where: { organizationId: scope.organizationId, paymentId: payment.id },
      _sum: { amount: true },
    });
    const remaining = payment.amount - (refunded._sum.amount ?? 0n);
    if (remaining > 0n) {
      await this.settlement.refund(unit, order, payment, {
        amount: remaining,
        reason: `Event cancelled: ${reason}`,
        actorId: requestContext.principal().userId,
        externalReference: null,
      });
    } else {
      await this.settlement.close(unit, order, 'REFUNDED');
    }
  }
}
