import { Injectable } from '@nestjs/common';
import { AppError } from '@trivance/shared';
import { groupedBy, orderedBy, requestLoader } from '../common/request-loader.js';
import type { Order, OrderItem, Payment, Refund, Ticket } from '../generated/prisma/client.js';
import { TenantDatabase } from '../tenancy/tenant-database.js';

/** An order's parts, batched per request and scoped like the orders themselves. */
@Injectable()
export class OrderLoaders {
  private readonly keys = {
    order: Symbol('Order'),
    items: Symbol('OrderItems'),
    tickets: Symbol('OrderTickets'),
    payments: Symbol('OrderPayments'),
    refunds: Symbol('OrderRefunds'),
  };

  constructor(private readonly db: TenantDatabase) {}

  order(id: string): Promise<Order> {
    return requestLoader<string, Order>(this.keys.order, async (ids) =>
      orderedBy(
        ids,
        await this.db.client.order.findMany({ where: { id: { in: [...ids] } } }),
        (row) => row.id,
        () => new AppError('NOT_FOUND', 'Order not found'),
      ),
    ).load(id);
  }

  items(orderId: string): Promise<OrderItem[]> {
    return requestLoader<string, OrderItem[]>(this.keys.items, async (ids) =>
      groupedBy(
        ids,
        await this.db.client.orderItem.findMany({
          where: { orderId: { in: [...ids] } },
          orderBy: { id: 'asc' },
        }),
        (row) => row.orderId,
      ),
    ).load(orderId);
  }

  tickets(orderId: string): Promise<Ticket[]> {
    return requestLoader<string, Ticket[]>(this.keys.tickets, async (ids) =>
      groupedBy(
        ids,
        await this.db.client.ticket.findMany({
          where: { orderId: { in: [...ids] } },
          orderBy: { createdAt: 'asc' },
        }),
        (row) => row.orderId,
      ),
    ).load(orderId);
  }

  /** The order's latest payment attempt. */
  async payment(orderId: string): Promise<Payment | null> {
    const payments = await requestLoader<string, Payment[]>(this.keys.payments, async (ids) =>
      groupedBy(
        ids,
        await this.db.client.payment.findMany({
          where: { orderId: { in: [...ids] } },
          orderBy: { createdAt: 'asc' },
        }),
        (row) => row.orderId,
      ),
    ).load(orderId);
    return payments.at(-1) ?? null;
  }

  refunds(orderId: string): Promise<Refund[]> {
    return requestLoader<string, Refund[]>(this.keys.refunds, async (ids) =>
      groupedBy(
        ids,
        await this.db.client.refund.findMany({
          where: { orderId: { in: [...ids] } },
          orderBy: { createdAt: 'asc' },
        }),
        (row) => row.orderId,
      ),
    ).load(orderId);
  }
}
