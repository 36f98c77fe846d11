import { Injectable, type OnModuleInit } from '@nestjs/common';
import { AppError } from '@trivance/shared';
import type { SqlExecutor } from '../common/sql-executor.js';
import {
  type PaymentSettler,
  PaymentSettlers,
  type ProviderPayment,
} from '../payments/payment-settlers.js';
import { lockDonationRow } from './donation-rows.js';
import { DonationSettlement } from './donation-settlement.js';

/**
 * What a provider's capture, void or decline of a gift's payment does to the
 * gift. The payments path holds the payment's lock; the donation's is taken here.
 */
@Injectable()
export class DonationPaymentSettler implements PaymentSettler, OnModuleInit {
  constructor(
    private readonly settlers: PaymentSettlers,
    private readonly settlement: DonationSettlement,
  ) {}

  onModuleInit(): void {
    this.settlers.registerDonations(this);
  }

  async approved(sql: SqlExecutor, payment: ProviderPayment): Promise<void> {
    const donation = await this.donationOf(sql, payment);
    await this.settlement.succeed(sql, donation, payment, {
      actorId: null,
      externalReference: null,
    });
  }

  /** A captured payment the provider voided: whatever of it was not refunded yet goes back. */
  async voided(sql: SqlExecutor, payment: ProviderPayment): Promise<void> {
    await this.settlement.refund(sql, await this.donationOf(sql, payment), payment, {
      amount: 'rest',
      reason: 'The payment provider voided the payment',
      actorId: null,
      externalReference: null,
      kind: 'REVERSAL',
    });
  }

  async failed(sql: SqlExecutor, payment: ProviderPayment): Promise<void> {
    await this.settlement.fail(sql, await this.donationOf(sql, payment), payment);
  }

  private async donationOf(sql: SqlExecutor, payment: ProviderPayment) {
    const donation = await lockDonationRow(sql, payment.donationId!);
    if (!donation) throw new AppError('INTERNAL', `Payment ${payment.id} has no donation`);
    return donation;
  }
}
