import type { SqlExecutor } from '../common/sql-executor.js';
import { type Event, type Order, Prisma } from '../generated/prisma/client.js';

/** What an order's notices say about its event. */
export type EventSummary = Pick<
  Event,
  'id' | 'title' | 'startsAt' | 'timezone' | 'venueName' | 'venueAddress' | 'venueCity'
>;

/**
 * An order read and locked with raw SQL, for paths that run on a transaction
 * of their own (the payments path) rather than a request's unit of work.
 */
export async function lockOrderRow(sql: SqlExecutor, id: string): Promise<Order | undefined> {
  const [order] = await sql.query<Order>(Prisma.sql`
    SELECT id, organization_id AS "organizationId", user_id AS "userId", event_id AS "eventId",
           status, buyer_email AS "buyerEmail", buyer_name AS "buyerName", currency,
           subtotal, discount, total, complimentary, discount_code_id AS "discountCodeId",
           expires_at AS "expiresAt", paid_at AS "paidAt", created_at AS "createdAt",
           updated_at AS "updatedAt"
    FROM orders WHERE id = ${id}::uuid FOR UPDATE`);
  return order
    ? {
        ...order,
        subtotal: BigInt(order.subtotal),
        discount: BigInt(order.discount),
        total: BigInt(order.total),
      }
    : undefined;
}

export async function eventSummaryRow(
  sql: SqlExecutor,
  id: string,
): Promise<EventSummary | undefined> {
  const [event] = await sql.query<EventSummary>(Prisma.sql`
    SELECT id, title, starts_at AS "startsAt", timezone, venue_name AS "venueName",
           venue_address AS "venueAddress", venue_city AS "venueCity"
    FROM events WHERE id = ${id}::uuid`);
  return event;
}
