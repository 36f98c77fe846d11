import { AppError } from '@trivance/shared';
import { Injectable } from '@nestjs/common';
import type { SqlExecutor } from '../common/sql-executor.js';

/** A provider payment as settlement needs it, read and locked in the payments path's transaction. */
export interface ProviderPayment {
  id: string;
  organizationId: string;
  orderId: string;
  amount: bigint;
  currency: string;
  fee: bigint;
}

/**
 * What a payment pays for (an order today, a donation next) books the money
 * when the provider captures it and reverses it when the provider voids it,
 * in the transaction it is given, ledger included.
 */
export interface PaymentSettler {
  approved(sql: SqlExecutor, payment: ProviderPayment, transactionId: string): Promise<void>;
  voided(sql: SqlExecutor, payment: ProviderPayment): Promise<void>;
}

/**
 * Where the payments path finds the settler of a payment. Feature modules
 * register theirs at start, so payments depends on none of them.
 */
@Injectable()
export class PaymentSettlers {
  private orders?: PaymentSettler;

  registerOrders(settler: PaymentSettler): void {
    this.orders = settler;
  }

  for(payment: ProviderPayment): PaymentSettler {
    if (payment.orderId && this.orders) return this.orders;
    throw new AppError('INTERNAL', `No settler for payment ${payment.id}`);
  }
}
