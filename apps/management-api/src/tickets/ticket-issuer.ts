import { Injectable } from '@nestjs/common';
import { Prisma } from '../generated/prisma/client.js';
import type { SqlExecutor } from '../common/sql-executor.js';
import { randomCode } from '../common/random-code.js';
import { randomUUID } from 'node:crypto';
import type { TicketSummary } from '../outbox/management-events.js';

export const TICKET_CODE_LENGTH = 24;

export interface TicketsToIssue {
  organizationId: string;
  userId: string | null;
  orderId: string;
  eventId: string;
  holderName: string;
  holderEmail: string;
  lines: { ticketTypeId: string; ticketTypeName: string; quantity: number }[];
}

/** Issues a paid order's tickets, each with its own unguessable code, in the caller's unit. */
@Injectable()
export class TicketIssuer {
  async issue(unit: SqlExecutor, order: TicketsToIssue): Promise<TicketSummary[]> {
    const { statement, tickets } = this.prepare(order);
    if (statement) await unit.execute(statement);
    return tickets;
  }

  /** The insert that issues the order's tickets (null when there are none), to run alone or combined. */
  prepare(order: TicketsToIssue): { statement: Prisma.Sql | null; tickets: TicketSummary[] } {
    const tickets = order.lines.flatMap((line) =>
      Array.from({ length: line.quantity }, () => ({
        id: randomUUID(),
        code: randomCode(TICKET_CODE_LENGTH),
        ticketTypeId: line.ticketTypeId,
        ticketTypeName: line.ticketTypeName,
      })),
    );
    if (tickets.length === 0) return { statement: null, tickets: [] };
    const statement = Prisma.sql`
      INSERT INTO tickets (id, organization_id, user_id, order_id, event_id, ticket_type_id, code, holder_name, holder_email, updated_at)
      VALUES ${Prisma.join(
        tickets.map(
          (
            ticket,
          ) => Prisma.sql`(${ticket.id}::uuid, ${order.organizationId}::uuid, ${order.userId},
            ${order.orderId}::uuid, ${order.eventId}::uuid, ${ticket.ticketTypeId}::uuid, ${ticket.code},
            ${order.holderName}, ${order.holderEmail}, now())`,
        ),
      )}`;
    return {
      statement,
      tickets: tickets.map((ticket) => ({
        id: ticket.id,
        code: ticket.code,
        holderName: order.holderName,
        ticketTypeName: ticket.ticketTypeName,
      })),
    };
  }

  /** Voids every valid or checked-in ticket of an order (refunded in full, or cancelled). */
  async voidAll(unit: SqlExecutor, organizationId: string, orderId: string): Promise<number> {
    return unit.execute(Prisma.sql`
      UPDATE tickets SET status = 'VOID', updated_at = now()
      WHERE organization_id = ${organizationId}::uuid AND order_id = ${orderId}::uuid AND status <> 'VOID'`);
  }
}
