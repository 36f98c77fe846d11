import { Injectable, type OnModuleInit } from '@nestjs/common';
import { AppError } from '@trivance/shared';
import type { SqlExecutor } from '../common/sql-executor.js';
import { Prisma } from '../generated/prisma/client.js';
import {
  type PaymentSettler,
  PaymentSettlers,
  type ProviderPayment,
} from '../payments/payment-settlers.js';
import { orderLines } from './order-lines.js';
import { eventSummaryRow, lockOrderRow } from './order-rows.js';
import { OrderSettlement } from './order-settlement.js';

/** What a provider's capture or void of an order's payment does to the order. */
@Injectable()
export class OrderPaymentSettler implements PaymentSettler, OnModuleInit {
  constructor(
    private readonly settlers: PaymentSettlers,
    private readonly settlement: OrderSettlement,
  ) {}

  onModuleInit(): void {
    this.settlers.registerOrders(this);
  }

  async approved(sql: SqlExecutor, payment: ProviderPayment): Promise<void> {
    const order = await lockOrderRow(sql, payment.orderId!);
    const event = order && (await eventSummaryRow(sql, order.eventId));
    if (!order || !event) throw new AppError('INTERNAL', `Payment ${payment.id} has no order`);
    await this.settlement.approve(sql, order, payment, event, await orderLines(sql, order.id), {
      actorId: null,
      externalReference: null,
    });
  }

  /** A captured payment the provider voided: whatever of it was not refunded yet goes back. */
  async voided(sql: SqlExecutor, payment: ProviderPayment): Promise<void> {
    const order = await lockOrderRow(sql, payment.orderId!);
    if (!order) throw new AppError('INTERNAL', `Payment ${payment.id} has no order`);
    const [{ refunded }] = (await sql.query<{ refunded: bigint }>(
      Prisma.sql`SELECT coalesce(sum(amount), 0)::bigint AS refunded FROM refunds WHERE payment_id = ${payment.id}::uuid`,
    )) as [{ refunded: bigint }];
    const remaining = payment.amount - BigInt(refunded);
    if (remaining <= 0n) return;
    await this.settlement.refund(sql, order, payment, {
      amount: remaining,
      reason: 'The payment provider voided the payment',
      actorId: null,
      externalReference: null,
      kind: 'REVERSAL',
    });
  }

  /** A declined order payment changes nothing: the buyer may pay again until the hold ends. */
  async failed(): Promise<void> {}
}
