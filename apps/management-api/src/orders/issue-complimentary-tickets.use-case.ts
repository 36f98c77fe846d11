import { Injectable } from '@nestjs/common';
import { AppError } from '@trivance/shared';
import { randomUUID } from 'node:crypto';
import { assertEditable } from '../events/event-status.js';
import { EventsService } from '../events/events.service.js';
import { TicketTypesService } from '../events/ticket-types.service.js';
import { type Order, Prisma } from '../generated/prisma/client.js';
import { SeatPools } from '../inventory/seat-pools.js';
import { TenantDatabase } from '../tenancy/tenant-database.js';
import type { TenantScope } from '../tenancy/tenant-scope.js';
import { UnitOfWork } from '../tenancy/unit-of-work.js';
import { TicketIssuer } from '../tickets/ticket-issuer.js';
import type { IssueComplimentaryTicketsInput } from './dto/order.inputs.js';
import { OrderNotices } from './order-notices.js';
import { OrdersRepository } from './orders.repository.js';

/** An admin gives tickets away: a PAID order of total 0 that counts against capacity. */
@Injectable()
export class IssueComplimentaryTickets {
  constructor(
    private readonly units: UnitOfWork,
    private readonly db: TenantDatabase,
    private readonly events: EventsService,
    private readonly ticketTypes: TicketTypesService,
    private readonly seats: SeatPools,
    private readonly tickets: TicketIssuer,
    private readonly notices: OrderNotices,
    private readonly orders: OrdersRepository,
  ) {}

  async execute(scope: TenantScope, input: IssueComplimentaryTicketsInput): Promise<Order> {
    const orderId = await this.units.run(async (unit) => {
      const event = await this.events.lock(unit, scope, input.eventId);
      assertEditable(event.status);
      const type = await this.ticketTypes.get(scope, input.ticketTypeId);
      if (type.eventId !== event.id)
        throw new AppError('NOT_FOUND', 'Ticket type not found for this event');
      const holderEmail = input.holderEmail.trim().toLowerCase();
      const order = await this.db.client.order.create({
        data: {
          organizationId: scope.organizationId,
          userId: null,
          eventId: event.id,
          status: 'PAID',
          buyerEmail: holderEmail,
          buyerName: input.holderName.trim(),
          currency: type.currency,
          subtotal: 0n,
          total: 0n,
          complimentary: true,
          paidAt: new Date(),
        },
      });
      await unit.execute(Prisma.sql`
        INSERT INTO order_items (id, organization_id, user_id, order_id, ticket_type_id, quantity, unit_price)
        VALUES (${randomUUID()}::uuid, ${scope.organizationId}::uuid, NULL, ${order.id}::uuid,
                ${type.id}::uuid, ${input.quantity}, 0)`);
      const issued = await this.tickets.issue(unit, {
        organizationId: scope.organizationId,
        userId: null,
        orderId: order.id,
        eventId: event.id,
        holderName: order.buyerName,
        holderEmail,
        lines: [{ ticketTypeId: type.id, ticketTypeName: type.name, quantity: input.quantity }],
      });
      await this.notices.paid(unit, order, event, issued);
      await this.seats.take(
        unit,
        event.id,
        [{ ticketTypeId: type.id, quantity: input.quantity }],
        'sold',
      );
      return order.id;
    });
    return (await this.orders.findForStaff(scope, orderId))!;
  }
}
