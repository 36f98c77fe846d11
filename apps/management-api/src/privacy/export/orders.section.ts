import { Prisma } from '../../generated/prisma/client.js';
import type { ExportSection } from './export-section.js';

interface OrderRow {
  id: string;
  [column: string]: unknown;
}
interface ChildRow {
  orderId: string;
  [column: string]: unknown;
}

function byOrder<T extends ChildRow>(rows: T[]): Map<string, Omit<T, 'orderId'>[]> {
  const grouped = new Map<string, Omit<T, 'orderId'>[]>();
  for (const { orderId, ...rest } of rows) {
    const list = grouped.get(orderId) ?? [];
    list.push(rest);
    grouped.set(orderId, list);
  }
  return grouped;
}

/**
 * The account's orders with their lines, the tickets they issued, and what
 * was paid and refunded: amounts and states, never the provider's checkout
 * keys or signatures (the path's role cannot read those columns).
 */
export const ordersSection: ExportSection = {
  name: 'orders',
  async read(sql, userId) {
    const orders = await sql.query<OrderRow>(Prisma.sql`
      SELECT o.id, o.organization_id AS "organizationId", org.name AS "organizationName",
             o.event_id AS "eventId", o.status, o.buyer_email AS "buyerEmail",
             o.buyer_name AS "buyerName", o.currency, o.subtotal, o.discount, o.total,
             o.complimentary, o.paid_at AS "paidAt", o.created_at AS "createdAt"
      FROM orders o
      LEFT JOIN organizations org ON org.id = o.organization_id
      WHERE o.user_id = ${userId}
      ORDER BY o.created_at, o.id`);
    if (orders.length === 0) return [];
    const ids = orders.map((order) => order.id);
    // One after another: the statements share the path's single connection.
    const items = await sql.query<ChildRow>(Prisma.sql`
        SELECT order_id AS "orderId", ticket_type_id AS "ticketTypeId", quantity,
               unit_price AS "unitPrice"
        FROM order_items WHERE user_id = ${userId} AND order_id = ANY(${ids}::uuid[])
        ORDER BY order_id, ticket_type_id`);
    const tickets = await sql.query<ChildRow>(Prisma.sql`
        SELECT order_id AS "orderId", id, status, holder_name AS "holderName",
               holder_email AS "holderEmail", checked_in_at AS "checkedInAt"
        FROM tickets WHERE user_id = ${userId} AND order_id = ANY(${ids}::uuid[])
        ORDER BY order_id, created_at, id`);
    const payments = await sql.query<ChildRow>(Prisma.sql`
        SELECT order_id AS "orderId", id, provider, status, amount, currency, fee, reference,
               settled_at AS "settledAt", created_at AS "createdAt"
        FROM payments WHERE user_id = ${userId} AND order_id = ANY(${ids}::uuid[])
        ORDER BY order_id, created_at, id`);
    const refunds = await sql.query<ChildRow>(Prisma.sql`
        SELECT order_id AS "orderId", id, payment_id AS "paymentId", amount, currency,
               created_at AS "createdAt"
        FROM refunds WHERE user_id = ${userId} AND order_id = ANY(${ids}::uuid[])
        ORDER BY order_id, created_at, id`);
    const itemsOf = byOrder(items);
    const ticketsOf = byOrder(tickets);
    const paymentsOf = byOrder(payments);
    const refundsOf = byOrder(refunds);
    return orders.map((order) => ({
      ...order,
      items: itemsOf.get(order.id) ?? [],
      tickets: ticketsOf.get(order.id) ?? [],
      payments: paymentsOf.get(order.id) ?? [],
      refunds: refundsOf.get(order.id) ?? [],
    }));
  },
};
