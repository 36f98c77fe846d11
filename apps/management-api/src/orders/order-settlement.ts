import { Injectable } from '@nestjs/common';
import { AppError } from '@trivance/shared';
import { randomUUID } from 'node:crypto';
import type { SqlExecutor } from '../common/sql-executor.js';
import { type Order, type Payment, Prisma } from '../generated/prisma/client.js';
import { SeatPools } from '../inventory/seat-pools.js';
import { Ledger, ticketRefund, ticketSale } from '../ledger/ledger.js';
import { TicketIssuer } from '../tickets/ticket-issuer.js';
import { OrderNotices } from './order-notices.js';
import { type OrderLine, seatsOf } from './order-lines.js';
import type { EventSummary } from './order-rows.js';
import { REFUND_EXCEEDS_PAYMENT } from './order-reasons.js';

export interface Settled {
  outcome: 'paid' | 'refunded';
}

export interface RefundRequest {
  amount: bigint;
  reason: string | null;
  actorId: string | null;
  externalReference: string | null;
  /** REVERSAL when the provider took the money back (a void); REFUND otherwise. */
  kind?: 'REFUND' | 'REVERSAL';
  /** False when the order stays as it is (it was paid by another payment). */
  endsOrder?: boolean;
}

type SettledPayment = Pick<Payment, 'id' | 'amount' | 'currency'>;

/**
 * What happens to an order when money arrives or leaves, shared by every
 * use case that moves money on orders (staff marking a payment, a provider's
 * confirmation, refunds, a cancelled event). Callers hold the order's lock
 * in their unit of work; everything here is written in it, ledger included.
 */
@Injectable()
export class OrderSettlement {
  constructor(
    private readonly seats: SeatPools,
    private readonly tickets: TicketIssuer,
    private readonly ledger: Ledger,
    private readonly notices: OrderNotices,
  ) {}

  /**
   * A payment of the order's total was approved. A PENDING order becomes
   * PAID with its held seats; one whose hold already ended is PAID if its
   * seats can still be sold, and otherwise keeps its state while the money
   * is recorded and returned at once: never both, never lost. So is a second
   * payment on an order another one already paid.
   */
  async approve(
    unit: SqlExecutor,
    order: Order,
    payment: SettledPayment,
    event: EventSummary,
    lines: OrderLine[],
    settledBy: { actorId: string | null; externalReference: string | null },
  ): Promise<Settled> {
    await unit.execute(Prisma.sql`
      UPDATE payments SET status = 'APPROVED', settled_at = now(), updated_at = now(),
             actor_id = ${settledBy.actorId},
             external_reference = coalesce(${settledBy.externalReference}, external_reference)
      WHERE id = ${payment.id}::uuid`);
    await this.ledger.post(unit, {
      organizationId: order.organizationId,
      currency: payment.currency,
      kind: 'PAYMENT',
      lines: ticketSale(payment.amount),
      orderId: order.id,
      paymentId: payment.id,
    });
    if (order.status === 'PAID' || order.status === 'REFUNDED') {
      await this.refund(unit, order, payment, {
        amount: payment.amount,
        reason: 'Paid again on an order that was already settled',
        actorId: null,
        externalReference: null,
        endsOrder: false,
      });
      return { outcome: 'refunded' };
    }
    if (order.status !== 'PENDING') {
      // The hold ended: the seats must be taken again, if they are still there
      // and nobody is waiting for them (freed seats are the waiting list's first).
      try {
        await this.seats.refuseWhileWaiting(
          unit,
          lines.map((line) => line.ticketTypeId),
        );
        await unit.attempt(() => this.seats.take(unit, order.eventId, seatsOf(lines), 'sold'));
      } catch (error) {
        if (!(error instanceof AppError) || error.code !== 'CONFLICT') throw error;
        await this.refund(unit, order, payment, {
          amount: payment.amount,
          reason: 'Paid after the hold ended, when the seats were no longer available',
          actorId: null,
          externalReference: null,
        });
        return { outcome: 'refunded' };
      }
    }
    await unit.execute(Prisma.sql`
      UPDATE orders SET status = 'PAID', paid_at = now(), expires_at = NULL, updated_at = now()
      WHERE id = ${order.id}::uuid`);
    const paid = { ...order, status: 'PAID' as const };
    const issued = await this.tickets.issue(unit, this.ticketsFor(paid, lines));
    await this.notices.paid(unit, paid, event, issued);
    // Last: the event's seat pool stays locked for as short a time as possible.
    if (order.status === 'PENDING')
      await this.seats.settleHeld(unit, order.eventId, seatsOf(lines));
    return { outcome: 'paid' };
  }

  /**
   * Returns money on an order, never more than its approved payment still
   * holds. Returning all of it ends the order: REFUNDED, tickets void, sold
   * seats back on sale. A part keeps the tickets.
   */
  async refund(
    unit: SqlExecutor,
    order: Order,
    payment: SettledPayment,
    request: RefundRequest,
  ): Promise<bigint> {
    const [{ refunded }] = (await unit.query<{ refunded: bigint }>(
      Prisma.sql`SELECT coalesce(sum(amount), 0)::bigint AS refunded FROM refunds WHERE payment_id = ${payment.id}::uuid`,
    )) as [{ refunded: bigint }];
    const remaining = payment.amount - BigInt(refunded);
    if (request.amount <= 0n || request.amount > remaining) {
      throw new AppError('CONFLICT', `At most ${remaining} can still be refunded on this payment`, {
        reason: REFUND_EXCEEDS_PAYMENT,
      });
    }
    const refundId = randomUUID();
    await unit.execute(Prisma.sql`
      INSERT INTO refunds (id, organization_id, user_id, order_id, payment_id, amount, currency, reason, actor_id, external_reference)
      VALUES (${refundId}::uuid, ${order.organizationId}::uuid, ${order.userId}, ${order.id}::uuid,
              ${payment.id}::uuid, ${request.amount}, ${payment.currency}, ${request.reason},
              ${request.actorId}, ${request.externalReference})`);
    await this.ledger.post(unit, {
      organizationId: order.organizationId,
      currency: payment.currency,
      kind: request.kind ?? 'REFUND',
      lines: ticketRefund(request.amount),
      orderId: order.id,
      paymentId: payment.id,
      refundId,
    });
    const fully = request.amount === remaining;
    if (fully && order.status === 'PAID' && request.endsOrder !== false) {
      await this.close(unit, order, 'REFUNDED');
    }
    await this.notices.refunded(unit, order, request.amount, fully, request.reason);
    return request.amount;
  }

  /** Ends a paid order without money moving (a free one cancelled), or after a full refund. */
  async close(unit: SqlExecutor, order: Order, status: 'REFUNDED' | 'CANCELLED'): Promise<void> {
    const sold = await unit.query<{ ticket_type_id: string; quantity: number }>(Prisma.sql`
      SELECT ticket_type_id, count(*)::int AS quantity FROM tickets
      WHERE order_id = ${order.id}::uuid AND status <> 'VOID' GROUP BY ticket_type_id`);
    await this.tickets.voidAll(unit, order.organizationId, order.id);
    if (sold.length > 0) {
      await this.seats.giveBack(
        unit,
        order.eventId,
        sold.map((row) => ({ ticketTypeId: row.ticket_type_id, quantity: Number(row.quantity) })),
        'sold',
      );
    }
    await unit.execute(
      Prisma.sql`UPDATE orders SET status = ${status}::order_status, updated_at = now() WHERE id = ${order.id}::uuid`,
    );
  }

  ticketsFor(order: Order, lines: OrderLine[]) {
    return {
      organizationId: order.organizationId,
      userId: order.userId,
      orderId: order.id,
      eventId: order.eventId,
      holderName: order.buyerName,
      holderEmail: order.buyerEmail,
      lines,
    };
  }
}
