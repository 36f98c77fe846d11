import { Injectable } from '@nestjs/common';
import { AppError, requestContext } from '@trivance/shared';
import { randomUUID } from 'node:crypto';
import { AuthClient } from '../auth-client/auth-client.js';
import { executorOf } from '../common/sql-executor.js';
import { SystemDatabase } from '../database/system-database.js';
import { ILLEGAL_STATE_TRANSITION } from '../events/event-status.js';
import { Prisma, type Ticket } from '../generated/prisma/client.js';
import { Outbox } from '../outbox/outbox.js';
import { TenantDatabase } from '../tenancy/tenant-database.js';
import { TicketIssuer } from '../tickets/ticket-issuer.js';
import { ViewerService } from '../viewer/viewer.service.js';
import type { TransferTicketInput } from './transfer.inputs.js';

/** Transfers one account may make in a day (DOMAIN.md, "Tickets and the door"). */
export const TRANSFERS_PER_DAY = 5;
export const TRANSFER_CLOSED = 'TRANSFER_CLOSED';

/**
 * The holder hands a ticket to someone else before the event: the old ticket
 * is voided (its code stops admitting) and a new one, with a new code, is
 * issued to the recipient, whose account holds it at once if their email is
 * verified, or once it is. A customer may not write another's rows, so this
 * is the tickets.transfer system path, entered only after the holder was
 * proven here; audited with the holder as actor.
 */
@Injectable()
export class TransferTicket {
  constructor(
    private readonly db: TenantDatabase,
    private readonly system: SystemDatabase,
    private readonly auth: AuthClient,
    private readonly viewers: ViewerService,
    private readonly tickets: TicketIssuer,
    private readonly outbox: Outbox,
  ) {}

  async execute(input: TransferTicketInput): Promise<Ticket> {
    const { userId } = requestContext.principal();
    const ticket = await this.db.client.ticket.findFirst({ where: { id: input.id, userId } });
    if (!ticket) throw new AppError('NOT_FOUND', 'Ticket not found');
    const toEmail = input.toEmail.trim().toLowerCase();
    const holder = await this.viewers.account(userId);
    if (holder?.email.toLowerCase() === toEmail) {
      throw new AppError('BAD_USER_INPUT', 'This ticket is already yours', {
        errors: { toEmail: ['is your own'] },
      });
    }
    const recipient = await this.auth.verifiedAccountByEmail(toEmail);

    await this.system.run(
      'tickets.transfer',
      { actor: userId, reason: 'transferTicket', detail: { ticketId: ticket.id } },
      async (tx, audit) => {
        const sql = executorOf(tx);
        const [current] = await sql.query<{
          status: string;
          starts_at: Date;
          title: string;
          timezone: string;
          type_name: string;
          organization_name: string;
        }>(Prisma.sql`
          SELECT t.status, e.starts_at, e.title, e.timezone, tt.name AS type_name, o.name AS organization_name
          FROM tickets t JOIN events e ON e.id = t.event_id JOIN ticket_types tt ON tt.id = t.ticket_type_id
          JOIN organizations o ON o.id = t.organization_id
          WHERE t.id = ${ticket.id}::uuid AND t.user_id = ${userId} FOR UPDATE OF t`);
        if (!current) throw new AppError('NOT_FOUND', 'Ticket not found');
        if (current.status !== 'VALID') {
          throw new AppError(
            'CONFLICT',
            `A ticket that is ${current.status} cannot be transferred`,
            {
              reason: ILLEGAL_STATE_TRANSITION,
            },
          );
        }
        if (current.starts_at <= new Date()) {
          throw new AppError(
            'CONFLICT',
            'Tickets can be transferred only before the event starts',
            {
              reason: TRANSFER_CLOSED,
            },
          );
        }
        const [{ recent }] = (await sql.query<{ recent: number }>(Prisma.sql`
          SELECT count(*)::int AS recent FROM ticket_transfers
          WHERE user_id = ${userId} AND created_at > now() - interval '1 day'`)) as [
          { recent: number },
        ];
        if (recent >= TRANSFERS_PER_DAY) {
          throw new AppError('RATE_LIMITED', `At most ${TRANSFERS_PER_DAY} transfers a day`);
        }
        await sql.execute(
          Prisma.sql`UPDATE tickets SET status = 'VOID', updated_at = now() WHERE id = ${ticket.id}::uuid`,
        );
        const { statement, tickets } = this.tickets.prepare({
          organizationId: ticket.organizationId,
          userId: recipient?.id ?? null,
          orderId: ticket.orderId,
          eventId: ticket.eventId,
          holderName: input.toName.trim(),
          holderEmail: toEmail,
          lines: [
            { ticketTypeId: ticket.ticketTypeId, ticketTypeName: current.type_name, quantity: 1 },
          ],
        });
        await sql.execute(statement!);
        const issued = tickets[0]!;
        await sql.execute(Prisma.sql`
          INSERT INTO ticket_transfers (id, organization_id, user_id, from_ticket_id, to_ticket_id, to_email)
          VALUES (${randomUUID()}::uuid, ${ticket.organizationId}::uuid, ${userId}, ${ticket.id}::uuid,
                  ${issued.id}::uuid, ${toEmail})`);
        await this.outbox.record(sql, {
          type: 'ticket.transferred',
          organizationId: ticket.organizationId,
          userId: recipient?.id ?? null,
          payload: {
            fromTicketId: ticket.id,
            toTicketId: issued.id,
            eventId: ticket.eventId,
            eventTitle: current.title,
            startsAt: current.starts_at.toISOString(),
            timezone: current.timezone,
            organizationName: current.organization_name,
            ticketTypeName: current.type_name,
            toEmail,
            code: issued.code,
          },
        });
        audit.touched(2);
      },
    );
    return (await this.db.client.ticket.findFirst({ where: { id: ticket.id, userId } }))!;
  }
}
