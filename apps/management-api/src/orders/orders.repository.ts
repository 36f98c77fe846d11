import { Injectable } from '@nestjs/common';
import { AppError, requestContext } from '@trivance/shared';
import type { ConnectionArgs } from '../common/pagination/connection.args.js';
import { newestFirst, type KeysetPage, planKeyset, toPage } from '../common/pagination/keyset.js';
import { type Order, Prisma, type Ticket } from '../generated/prisma/client.js';
import { TenantDatabase } from '../tenancy/tenant-database.js';
import type { TenantScope } from '../tenancy/tenant-scope.js';
import type { UnitTransaction } from '../tenancy/unit-of-work.js';
import type { OrderFilter } from './dto/order.inputs.js';

@Injectable()
export class OrdersRepository {
  constructor(private readonly db: TenantDatabase) {}

  /** The organization's orders (staff), newest first. */
  async page(
    scope: TenantScope,
    filter: OrderFilter,
    args: ConnectionArgs,
  ): Promise<KeysetPage<Order>> {
    const ordering = newestFirst<Order>();
    const plan = planKeyset(args, ordering);
    const search = filter.search?.trim();
    const rows = await this.db.client.order.findMany({
      where: {
        AND: [
          {
            organizationId: scope.organizationId,
            ...(filter.eventId ? { eventId: filter.eventId } : {}),
            ...(filter.status ? { status: filter.status } : {}),
            ...(search
              ? {
                  OR: [
                    { buyerName: { contains: search, mode: 'insensitive' as const } },
                    { buyerEmail: { contains: search, mode: 'insensitive' as const } },
                  ],
                }
              : {}),
          },
          plan.where ?? {},
        ],
      },
      orderBy: plan.orderBy,
      take: plan.take,
    });
    return toPage(rows, plan, ordering, args);
  }

  /** The caller's own orders, in every organization, newest first. */
  async pageOfBuyer(args: ConnectionArgs): Promise<KeysetPage<Order>> {
    const { userId } = requestContext.principal();
    const ordering = newestFirst<Order>();
    const plan = planKeyset(args, ordering);
    const rows = await this.db.client.order.findMany({
      where: { AND: [{ userId }, plan.where ?? {}] },
      orderBy: plan.orderBy,
      take: plan.take,
    });
    return toPage(rows, plan, ordering, args);
  }

  /** The caller's own tickets, newest first; `upcoming` keeps those of events not over yet. */
  async ticketsOfHolder(args: ConnectionArgs, upcoming: boolean): Promise<KeysetPage<Ticket>> {
    const { userId } = requestContext.principal();
    const ordering = newestFirst<Ticket>();
    const plan = planKeyset(args, ordering);
    const eventIds = upcoming
      ? (
          await this.db.public.event.findMany({
            where: { endsAt: { gte: new Date() }, orders: { some: { userId } } },
            select: { id: true },
          })
        ).map((event) => event.id)
      : undefined;
    const rows = await this.db.client.ticket.findMany({
      where: { AND: [{ userId }, eventIds ? { eventId: { in: eventIds } } : {}, plan.where ?? {}] },
      orderBy: plan.orderBy,
      take: plan.take,
    });
    return toPage(rows, plan, ordering, args);
  }

  findForStaff(scope: TenantScope, id: string): Promise<Order | null> {
    return this.db.client.order.findFirst({ where: { organizationId: scope.organizationId, id } });
  }

  findForBuyer(id: string): Promise<Order | null> {
    return this.db.client.order.findFirst({
      where: { id, userId: requestContext.principal().userId },
    });
  }

  /**
   * The order's row, locked until the unit ends: whatever changes an order
   * (payment, refund, expiry, cancellation) takes this lock first.
   */
  async lock(unit: UnitTransaction, id: string, organizationId?: string): Promise<Order> {
    const [row] = await unit.query<{ id: string }>(
      Prisma.sql`SELECT id FROM orders WHERE id = ${id}::uuid
                 ${organizationId ? Prisma.sql`AND organization_id = ${organizationId}::uuid` : Prisma.empty}
                 FOR UPDATE`,
    );
    const order = row ? await this.db.client.order.findFirst({ where: { id } }) : null;
    if (!order) throw new AppError('NOT_FOUND', 'Order not found');
    return order;
  }
}
