import { Injectable } from '@nestjs/common';
import { randomUUID } from 'node:crypto';
import { Prisma } from '../generated/prisma/client.js';
import type { PaymentProvider } from '../generated/prisma/enums.js';
import { newPaymentReference } from './payment-reference.js';
import { nextCheckAt } from './reconciliation/check-schedule.js';
import { WompiCheckouts } from './wompi/wompi-checkouts.js';

export interface PaymentToStart {
  organizationId: string;
  userId: string | null;
  /** What it pays for: an order or a donation. */
  orderId?: string;
  donationId?: string;
  provider: PaymentProvider;
  amount: bigint;
  currency: string;
  /** False when we charge a saved payment source ourselves: no checkout page to show. */
  hostedCheckout?: boolean;
}

/**
 * A new payment for what an order or a donation owes: our unique reference and, for
 * Wompi, the merchant and checkout signature fixed now and the first
 * reconciliation check scheduled. Returned as a statement, so the caller
 * writes it with its own rows in one round trip.
 */
@Injectable()
export class PaymentStarts {
  constructor(private readonly checkouts: WompiCheckouts) {}

  async statement(payment: PaymentToStart, now = new Date()): Promise<Prisma.Sql> {
    const reference = newPaymentReference();
    const wompi =
      payment.provider === 'WOMPI'
        ? await this.checkouts.terms(payment.organizationId, { ...payment, reference })
        : null;
    const checkout = wompi && payment.hostedCheckout !== false ? wompi : null;
    return Prisma.sql`
      INSERT INTO payments (id, organization_id, user_id, order_id, donation_id, provider, amount, currency, reference,
                            own_merchant, checkout_public_key, integrity_signature, next_check_at,
                            created_at, updated_at)
      VALUES (${randomUUID()}::uuid, ${payment.organizationId}::uuid, ${payment.userId},
              ${payment.orderId ?? null}::uuid, ${payment.donationId ?? null}::uuid,
              ${payment.provider}::payment_provider, ${payment.amount}, ${payment.currency}, ${reference},
              ${wompi?.ownMerchant ?? false}, ${checkout?.publicKey ?? null},
              ${checkout?.integritySignature ?? null},
              ${wompi ? nextCheckAt(now, 0) : null}, ${now}, ${now})`;
  }
}
