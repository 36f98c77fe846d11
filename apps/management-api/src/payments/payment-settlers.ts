import { AppError } from '@trivance/shared';
import { Injectable } from '@nestjs/common';
import type { SqlExecutor } from '../common/sql-executor.js';

/** A provider payment as settlement needs it, read and locked in the payments path's transaction. */
export interface ProviderPayment {
  id: string;
  organizationId: string;
  /** What it pays for: exactly one of the two. */
  orderId: string | null;
  donationId: string | null;
  amount: bigint;
  currency: string;
  fee: bigint;
}

/**
 * What a payment pays for (an order or a donation) books the money when the
 * provider captures it, reverses it when the provider voids it and learns of
 * a payment that ended without money, in the transaction it is given, ledger
 * included.
 */
export interface PaymentSettler {
  approved(sql: SqlExecutor, payment: ProviderPayment, transactionId: string): Promise<void>;
  voided(sql: SqlExecutor, payment: ProviderPayment): Promise<void>;
  failed(
    sql: SqlExecutor,
    payment: ProviderPayment,
    status: 'DECLINED' | 'ERROR' | 'VOIDED',
  ): Promise<void>;
}

/**
 * Where the payments path finds the settler of a payment. Feature modules
 * register theirs at start, so payments depends on none of them.
 */
@Injectable()
export class PaymentSettlers {
  private orders?: PaymentSettler;
  private donations?: PaymentSettler;

  registerOrders(settler: PaymentSettler): void {
    this.orders = settler;
  }

  registerDonations(settler: PaymentSettler): void {
    this.donations = settler;
  }

  for(payment: ProviderPayment): PaymentSettler {
    const settler = payment.orderId ? this.orders : payment.donationId ? this.donations : undefined;
    if (settler) return settler;
    throw new AppError('INTERNAL', `No settler for payment ${payment.id}`);
  }
}
