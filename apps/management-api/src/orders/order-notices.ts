import { Injectable } from '@nestjs/common';
import type { SqlExecutor } from '../common/sql-executor.js';
import type { Order } from '../generated/prisma/client.js';
import { OrganizationsService } from '../organizations/organizations.service.js';
import type { TicketSummary } from '../outbox/management-events.js';
import { Outbox } from '../outbox/outbox.js';
import type { EventSummary } from './order-rows.js';

/** The outbox events orders emit, with what their consumers (the buyer's mail) need. */
@Injectable()
export class OrderNotices {
  constructor(
    private readonly outbox: Outbox,
    private readonly organizations: OrganizationsService,
  ) {}

  async paid(
    unit: SqlExecutor,
    order: Order,
    event: EventSummary,
    tickets: TicketSummary[],
  ): Promise<void> {
    const organization = await this.organizations.getById(order.organizationId).catch(() => null);
    await unit.execute(this.paidStatement(order, event, tickets, organization?.name ?? ''));
  }

  /** order.paid for the outbox, as a statement to combine with the order's own writes. */
  paidStatement(
    order: Order,
    event: EventSummary,
    tickets: TicketSummary[],
    organizationName: string,
  ) {
    const venue = [event.venueName, event.venueAddress, event.venueCity].filter(Boolean).join(', ');
    return this.outbox.statement({
      type: 'order.paid',
      organizationId: order.organizationId,
      userId: order.userId,
      payload: {
        orderId: order.id,
        eventId: event.id,
        eventTitle: event.title,
        startsAt: event.startsAt.toISOString(),
        timezone: event.timezone,
        venue: venue || null,
        organizationName,
        buyerEmail: order.buyerEmail,
        buyerName: order.buyerName,
        total: order.total.toString(),
        currency: order.currency,
        tickets,
      },
    });
  }

  async refunded(
    unit: SqlExecutor,
    order: Order,
    amount: bigint,
    fully: boolean,
    reason: string | null,
  ) {
    await this.outbox.record(unit, {
      type: 'order.refunded',
      organizationId: order.organizationId,
      userId: order.userId,
      payload: {
        orderId: order.id,
        eventId: order.eventId,
        amount: amount.toString(),
        currency: order.currency,
        fully,
        reason,
      },
    });
  }

  async cancelled(unit: SqlExecutor, order: Order, reason: string): Promise<void> {
    await this.outbox.record(unit, {
      type: 'order.cancelled',
      organizationId: order.organizationId,
      userId: order.userId,
      payload: { orderId: order.id, eventId: order.eventId, reason },
    });
  }

  async expired(
    unit: SqlExecutor,
    order: Pick<Order, 'id' | 'organizationId' | 'eventId' | 'userId'>,
  ) {
    await this.outbox.record(unit, {
      type: 'order.expired',
      organizationId: order.organizationId,
      userId: order.userId,
      payload: { orderId: order.id, eventId: order.eventId },
    });
  }
}
