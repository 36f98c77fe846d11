import { Injectable } from '@nestjs/common';
import { AppError, isSuperAdmin, requestContext } from '@trivance/shared';
import type { Redis } from 'ioredis';
import { EventLoaders } from '../events/event.loaders.js';
import type { Order } from '../generated/prisma/client.js';
import { TicketMails } from '../mail/ticket-mails.js';
import { OrganizationsService } from '../organizations/organizations.service.js';
import { InjectRedis } from '../redis/redis.module.js';
import { TenantDatabase } from '../tenancy/tenant-database.js';

/** One resend per order in this many seconds, so nobody floods a buyer's inbox. */
const RESEND_INTERVAL_SECONDS = 60;

/** The buyer, or an admin of the selling organization, has an order's tickets mailed again. */
@Injectable()
export class ResendTickets {
  constructor(
    private readonly db: TenantDatabase,
    private readonly events: EventLoaders,
    private readonly organizations: OrganizationsService,
    private readonly mails: TicketMails,
    @InjectRedis() private readonly redis: Redis,
  ) {}

  async execute(orderId: string): Promise<Order> {
    const principal = requestContext.principal();
    const order = await this.db.client.order.findFirst({ where: { id: orderId } });
    const admin =
      order?.organizationId === principal.organizationId &&
      (principal.role === 'admin' || isSuperAdmin(principal));
    if (!order || (order.userId !== principal.userId && !admin)) {
      throw new AppError('NOT_FOUND', 'Order not found');
    }
    if (order.status !== 'PAID') {
      throw new AppError('CONFLICT', 'Only a paid order has tickets to send', {
        reason: 'ILLEGAL_STATE_TRANSITION',
      });
    }
    const first = await this.redis.set(
      `resend-tickets:${order.id}`,
      '1',
      'EX',
      RESEND_INTERVAL_SECONDS,
      'NX',
    );
    if (first !== 'OK')
      throw new AppError('RATE_LIMITED', 'These tickets were just sent; try again in a minute');
    const [event, organization, tickets] = await Promise.all([
      this.events.event(order.eventId),
      this.organizations.getById(order.organizationId),
      this.db.client.ticket.findMany({
        where: { orderId: order.id, status: { not: 'VOID' } },
        orderBy: { createdAt: 'asc' },
      }),
    ]);
    const types = new Map(
      (await Promise.all(tickets.map((ticket) => this.events.ticketType(ticket.ticketTypeId)))).map(
        (type) => [type.id, type.name],
      ),
    );
    const venue = [event.venueName, event.venueAddress, event.venueCity].filter(Boolean).join(', ');
    await this.mails.order(
      {
        orderId: order.id,
        eventId: event.id,
        eventTitle: event.title,
        startsAt: event.startsAt.toISOString(),
        timezone: event.timezone,
        venue: venue || null,
        organizationName: organization.name,
        buyerEmail: order.buyerEmail,
        buyerName: order.buyerName,
        total: order.total.toString(),
        currency: order.currency,
        tickets: tickets.map((ticket) => ({
          id: ticket.id,
          code: ticket.code,
          holderName: ticket.holderName,
          ticketTypeName: types.get(ticket.ticketTypeId) ?? '',
        })),
      },
      'paid',
      `tickets-resent-${order.id}-${Date.now()}`,
      order.userId,
    );
    return order;
  }
}
