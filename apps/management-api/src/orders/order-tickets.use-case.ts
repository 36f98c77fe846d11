import { Injectable } from '@nestjs/common';
import { AppError, requestContext } from '@trivance/shared';
import { randomUUID } from 'node:crypto';
import { sameCurrency } from '../common/money.js';
import { isRetryableConflict } from '../common/prisma-errors.js';
import { InjectConfig, type ManagementConfig } from '../config/config.module.js';
import {
  type Event,
  type Order,
  type Organization,
  Prisma,
  type TicketType,
} from '../generated/prisma/client.js';
import type { PaymentProvider } from '../generated/prisma/enums.js';
import { DiscountRedemption, discountOn } from '../discounts/discount-redemption.js';
import { onSaleNow } from '../events/sales-window.js';
import { Idempotency } from '../idempotency/idempotency.js';
import { SALES_CLOSED, SeatPools } from '../inventory/seat-pools.js';
import { OrganizationsService } from '../organizations/organizations.service.js';
import { PaymentStarts } from '../payments/payment-starts.js';
import { TenantDatabase } from '../tenancy/tenant-database.js';
import { UnitOfWork, type UnitTransaction } from '../tenancy/unit-of-work.js';
import { TicketIssuer } from '../tickets/ticket-issuer.js';
import { ViewerService } from '../viewer/viewer.service.js';
import { type HeldOffer, WaitlistOffers } from '../waitlist/waitlist-offers.js';
import type { OrderTicketsInput } from './dto/order.inputs.js';
import { OrderNotices } from './order-notices.js';
import type { OrderLine } from './order-lines.js';
import {
  MAX_PENDING_ORDERS_PER_EVENT,
  ORDER_LIMIT_EXCEEDED,
  PAYMENT_PROVIDER_UNAVAILABLE,
} from './order-reasons.js';

const ATTEMPTS = 3;

const limitExceeded = (message: string) =>
  new AppError('CONFLICT', message, { reason: ORDER_LIMIT_EXCEEDED });

/** The same ticket type asked for twice counts once, with both quantities. */
function mergeItems(items: OrderTicketsInput['items']) {
  const quantities = new Map<string, number>();
  for (const item of items) {
    quantities.set(item.ticketTypeId, (quantities.get(item.ticketTypeId) ?? 0) + item.quantity);
  }
  return [...quantities.entries()]
    .map(([ticketTypeId, quantity]) => ({ ticketTypeId, quantity }))
    .sort((a, b) => a.ticketTypeId.localeCompare(b.ticketTypeId));
}

function insertOrder(order: Order): Prisma.Sql {
  return Prisma.sql`
    INSERT INTO orders (id, organization_id, user_id, event_id, status, buyer_email, buyer_name, currency,
                        subtotal, discount, total, discount_code_id, paid_at, expires_at, created_at, updated_at)
    VALUES (${order.id}::uuid, ${order.organizationId}::uuid, ${order.userId}, ${order.eventId}::uuid,
            ${order.status}::order_status, ${order.buyerEmail}, ${order.buyerName}, ${order.currency},
            ${order.subtotal}, ${order.discount}, ${order.total}, ${order.discountCodeId}::uuid,
            ${order.paidAt}, ${order.expiresAt}, ${order.createdAt}, ${order.updatedAt})`;
}

function insertItems(order: Order, lines: OrderLine[]): Prisma.Sql {
  return Prisma.sql`
    INSERT INTO order_items (id, organization_id, user_id, order_id, ticket_type_id, quantity, unit_price)
    VALUES ${Prisma.join(
      lines.map(
        (line) => Prisma.sql`(${randomUUID()}::uuid, ${order.organizationId}::uuid, ${order.userId},
          ${order.id}::uuid, ${line.ticketTypeId}::uuid, ${line.quantity}, ${line.unitPrice})`,
      ),
    )}`;
}

/** An order that redeems an offer is for the offered ticket type, at most the seats offered. */
function assertRedeems(offer: HeldOffer, items: { ticketTypeId: string; quantity: number }[]) {
  const [item, ...others] = items;
  if (others.length > 0 || item?.ticketTypeId !== offer.ticketTypeId) {
    throw new AppError('BAD_USER_INPUT', 'A waiting-list offer is for its own ticket type only', {
      errors: { items: ['must be the ticket type that was offered, alone'] },
    });
  }
  if (item.quantity > offer.quantity) {
    throw limitExceeded(`The offer holds ${offer.quantity} seats`);
  }
}

/**
 * A buyer orders tickets for one event: in one unit of work, under the
 * buyer's idempotency key, the seats are reserved (never oversold: the
 * database refuses it), the total is priced from the ticket types as they
 * are in that transaction, and the order is written with its items. A free
 * order is PAID at once with its tickets; a paid one is PENDING and holds
 * its seats until it expires.
 */
@Injectable()
export class OrderTickets {
  constructor(
    @InjectConfig() private readonly config: ManagementConfig,
    private readonly db: TenantDatabase,
    private readonly idempotency: Idempotency,
    private readonly seats: SeatPools,
    private readonly tickets: TicketIssuer,
    private readonly notices: OrderNotices,
    private readonly viewers: ViewerService,
    private readonly organizations: OrganizationsService,
    private readonly units: UnitOfWork,
    private readonly discounts: DiscountRedemption,
    private readonly waitlist: WaitlistOffers,
    private readonly payments: PaymentStarts,
  ) {}

  async execute(input: OrderTicketsInput): Promise<Order> {
    const { userId } = requestContext.principal();
    const items = mergeItems(input.items);
    const discountCode = input.discountCode?.trim().toUpperCase() || undefined;
    const buyer = await this.viewers.account(userId);
    if (!buyer) throw new AppError('NOT_FOUND', 'Account not found');

    for (let attempt = 1; ; attempt++) {
      try {
        // One unit for all of it: the event's lookup, the key's claim, the order.
        const order = await this.units.run(async () => {
          const event = await this.db.public.event.findFirst({ where: { id: input.eventId } });
          if (!event) throw new AppError('NOT_FOUND', 'Event not found');
          const organization = await this.organizations.getById(event.organizationId);
          let placed: Order | undefined;
          // Chosen here, so the key's record stores the result with its claim.
          const orderId = randomUUID();
          const request = {
            operation: 'orderTickets',
            organizationId: event.organizationId,
            key: input.idempotencyKey,
            input: {
              eventId: event.id,
              items,
              paymentProvider: input.paymentProvider ?? null,
              discountCode: discountCode ?? null,
              waitlistEntryId: input.waitlistEntryId ?? null,
            },
          };
          const first = await this.idempotency.run<{ orderId: string }>(
            request,
            async () => {
              placed = await this.place(
                orderId,
                event,
                organization,
                items,
                input.paymentProvider ?? null,
                discountCode,
                input.waitlistEntryId ?? undefined,
                { userId, ...buyer },
              );
              return { orderId };
            },
            { result: { orderId } },
          );
          // A replay returns the first order as it is now.
          return placed ?? (await this.db.client.order.findFirst({ where: { id: first.orderId } }));
        });
        if (!order) throw new AppError('NOT_FOUND', 'Order not found');
        return order;
      } catch (error) {
        // Two orders may deadlock on seat pools only in rare interleavings; the unit simply runs again.
        if (attempt < ATTEMPTS && isRetryableConflict(error)) continue;
        throw error;
      }
    }
  }

  /** Runs inside the idempotency mechanism's unit of work, which it joins. */
  private place(
    orderId: string,
    event: Event,
    organization: Organization,
    items: { ticketTypeId: string; quantity: number }[],
    provider: PaymentProvider | null,
    discountCode: string | undefined,
    waitlistEntryId: string | undefined,
    buyer: { userId: string; email: string; name: string },
  ): Promise<Order> {
    const eventId = event.id;
    return this.units.run(async (unit) => {
      // One buyer's orders for one event queue, so limits hold under concurrency.
      await unit.lock('buyer-orders', `${buyer.userId}:${eventId}`);
      const now = new Date();
      // A waiting-list offer's seats are handed to this order; anyone else
      // waits behind the people in line.
      const offer = waitlistEntryId
        ? await this.waitlist.takeForOrder(unit, waitlistEntryId, buyer.userId, eventId, now)
        : undefined;
      if (offer) assertRedeems(offer, items);
      else
        await this.seats.refuseWhileWaiting(
          unit,
          items.map((item) => item.ticketTypeId),
        );
      const discount = discountCode
        ? await this.discounts.require(unit, eventId, discountCode, now)
        : null;
      const listed = await this.db.public.ticketType.findMany({
        where: { eventId, id: { in: items.map((item) => item.ticketTypeId) } },
      });
      // Hidden types are sold only with a code that unlocks them.
      const unlocked = discountCode
        ? await this.discounts.unlockedTicketTypes(unit, eventId, discountCode)
        : [];
      const types = [
        ...listed,
        ...unlocked.filter((type) => !listed.some((other) => other.id === type.id)),
      ];
      const lines = items.map((item): OrderLine & { type: TicketType } => {
        const type = types.find((candidate) => candidate.id === item.ticketTypeId);
        if (!type) throw new AppError('NOT_FOUND', 'Ticket type not found for this event');
        return { ...item, type, ticketTypeName: type.name, unitPrice: type.priceAmount };
      });
      for (const line of lines) {
        if (!onSaleNow(line.type, event, now)) {
          throw new AppError('CONFLICT', `${line.type.name} is not on sale now`, {
            reason: SALES_CLOSED,
          });
        }
        if (line.type.maxPerOrder !== null && line.quantity > line.type.maxPerOrder) {
          throw limitExceeded(`At most ${line.type.maxPerOrder} ${line.type.name} per order`);
        }
      }
      const currency = lines[0]!.type.currency;
      for (const line of lines) sameCurrency(currency, line.type.currency, 'items');
      const subtotal = lines.reduce(
        (sum, line) => sum + line.unitPrice * BigInt(line.quantity),
        0n,
      );
      const discountAmount = discount ? discountOn(discount, lines) : 0n;
      const total = subtotal - discountAmount;
      if (total > 0n || lines.some((line) => line.type.maxPerBuyer !== null)) {
        await this.checkBuyerLimits(unit, event, lines, buyer.userId, total > 0n);
      }

      const free = total === 0n;
      const paymentProvider = free ? null : this.provider(organization, provider);
      const order: Order = {
        id: orderId,
        organizationId: event.organizationId,
        userId: buyer.userId,
        eventId,
        status: free ? 'PAID' : 'PENDING',
        buyerEmail: buyer.email,
        buyerName: buyer.name,
        currency,
        subtotal,
        discount: discountAmount,
        total,
        complimentary: false,
        discountCodeId: discount?.id ?? null,
        paidAt: free ? now : null,
        expiresAt: free ? null : new Date(now.getTime() + this.config.ORDER_HOLD_MINUTES * 60_000),
        createdAt: now,
        updatedAt: now,
      };
      const rows = [insertOrder(order), insertItems(order, lines)];
      if (free) {
        const { statement, tickets } = this.tickets.prepare({
          organizationId: order.organizationId,
          userId: buyer.userId,
          orderId: order.id,
          eventId,
          holderName: buyer.name,
          holderEmail: buyer.email,
          lines,
        });
        if (statement) rows.push(statement);
        rows.push(this.notices.paidStatement(order, event, tickets, organization.name));
      } else {
        rows.push(
          await this.payments.statement(
            {
              organizationId: order.organizationId,
              userId: buyer.userId,
              orderId: order.id,
              provider: paymentProvider!,
              amount: total,
              currency,
            },
            now,
          ),
        );
      }
      if (discount) await this.discounts.take(unit, discount);
      if (offer) await this.waitlist.fulfil(unit, offer.id, order.id);
      // The order's rows and its seats in one round trip, last: the event's
      // seat pool stays locked from there to the commit and no longer.
      await this.seats.take(unit, eventId, items, free ? 'sold' : 'held', rows);
      return order;
    });
  }

  private async checkBuyerLimits(
    unit: UnitTransaction,
    event: Event,
    lines: (OrderLine & { type: TicketType })[],
    userId: string,
    paid: boolean,
  ): Promise<void> {
    const held = await unit.query<{
      ticket_type_id: string | null;
      quantity: number;
      pending: number;
    }>(
      Prisma.sql`
        SELECT item.ticket_type_id, sum(item.quantity)::int AS quantity,
               count(DISTINCT o.id) FILTER (WHERE o.status = 'PENDING')::int AS pending
        FROM orders o JOIN order_items item ON item.order_id = o.id
        WHERE o.user_id = ${userId} AND o.event_id = ${event.id}::uuid AND o.status IN ('PENDING', 'PAID')
        GROUP BY ROLLUP (item.ticket_type_id)`,
    );
    const pendingOrders = held.find((row) => row.ticket_type_id === null)?.pending ?? 0;
    if (paid && pendingOrders >= MAX_PENDING_ORDERS_PER_EVENT) {
      throw limitExceeded(
        `At most ${MAX_PENDING_ORDERS_PER_EVENT} unpaid orders per event; pay or cancel one first`,
      );
    }
    for (const line of lines) {
      if (line.type.maxPerBuyer === null) continue;
      const already = held.find((row) => row.ticket_type_id === line.ticketTypeId)?.quantity ?? 0;
      if (already + line.quantity > line.type.maxPerBuyer) {
        throw limitExceeded(`At most ${line.type.maxPerBuyer} ${line.type.name} per person`);
      }
    }
  }

  private provider(organization: Organization, requested: PaymentProvider | null): PaymentProvider {
    const provider = requested ?? 'MANUAL';
    // Wompi is always there: the organization's own merchant, else the platform's.
    if (provider === 'WOMPI') return provider;
    if (provider === 'MANUAL' && organization.acceptsManualPayments) return provider;
    throw new AppError(
      'BAD_USER_INPUT',
      `${provider} payments are not available for this organization`,
      {
        reason: PAYMENT_PROVIDER_UNAVAILABLE,
      },
    );
  }
}
