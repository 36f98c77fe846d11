import { Injectable } from '@nestjs/common';
import type { SqlExecutor } from '../common/sql-executor.js';
import { randomCode } from '../common/random-code.js';
import { type Event, type Order, Prisma } from '../generated/prisma/client.js';
import { Outbox } from '../outbox/outbox.js';
import { TICKET_CODE_LENGTH } from './ticket-issuer.js';

interface Reissued {
  order_id: string;
  id: string;
  code: string;
  holder_name: string;
  type_name: string;
}

/**
 * When an event's date changes, every ticket still to be used gets a new code
 * (the old ones are revoked, so a screenshot of last month's QR no longer
 * admits), and each buyer is sent the new tickets.
 */
@Injectable()
export class TicketReissue {
  constructor(private readonly outbox: Outbox) {}

  async afterDateChange(
    unit: SqlExecutor,
    event: Event,
    organizationName: string,
  ): Promise<number> {
    const valid = await unit.query<{ id: string; code: string }>(Prisma.sql`
      SELECT id, code FROM tickets WHERE organization_id = ${event.organizationId}::uuid
        AND event_id = ${event.id}::uuid AND status = 'VALID' FOR UPDATE`);
    if (valid.length === 0) return 0;
    await unit.execute(Prisma.sql`
      INSERT INTO revoked_ticket_codes (organization_id, event_id, code, reason)
      SELECT ${event.organizationId}::uuid, ${event.id}::uuid, code, 'DATE_CHANGED'
      FROM unnest(${valid.map((ticket) => ticket.code)}::text[]) AS code`);
    const reissued = await unit.query<Reissued>(Prisma.sql`
      UPDATE tickets AS t SET code = fresh.code, updated_at = now()
      FROM unnest(${valid.map((ticket) => ticket.id)}::uuid[], ${valid.map(() => randomCode(TICKET_CODE_LENGTH))}::text[]) AS fresh(id, code),
           ticket_types tt
      WHERE t.id = fresh.id AND tt.id = t.ticket_type_id
      RETURNING t.order_id, t.id, t.code, t.holder_name, tt.name AS type_name`);
    const orders = await unit.query<
      Pick<Order, 'id'> & {
        user_id: string | null;
        buyer_email: string;
        buyer_name: string;
        total: bigint;
        currency: string;
      }
    >(Prisma.sql`
      SELECT id, user_id, buyer_email, buyer_name, total, currency FROM orders
      WHERE id = ANY(${[...new Set(reissued.map((row) => row.order_id))]}::uuid[])`);
    const venue = [event.venueName, event.venueAddress, event.venueCity].filter(Boolean).join(', ');
    for (const order of orders) {
      await this.outbox.record(unit, {
        type: 'order.tickets_reissued',
        organizationId: event.organizationId,
        userId: order.user_id,
        payload: {
          orderId: order.id,
          eventId: event.id,
          eventTitle: event.title,
          startsAt: event.startsAt.toISOString(),
          timezone: event.timezone,
          venue: venue || null,
          organizationName,
          buyerEmail: order.buyer_email,
          buyerName: order.buyer_name,
          total: String(order.total),
          currency: order.currency,
          tickets: reissued
            .filter((row) => row.order_id === order.id)
            .map((row) => ({
              id: row.id,
              code: row.code,
              holderName: row.holder_name,
              ticketTypeName: row.type_name,
            })),
        },
      });
    }
    return reissued.length;
  }
}
