import { Injectable } from '@nestjs/common';
import { InjectConfig, type ManagementConfig } from '../../config/config.module.js';
import type { Payment } from '../../generated/prisma/client.js';
import { PaymentMerchants } from '../merchants/payment-merchants.system-path.js';
import type { WompiCheckoutModel } from '../models/wompi-checkout.model.js';
import { checkoutUrl, integritySignature } from './wompi-contract.js';

/** What a Wompi payment records when it starts: whose merchant, and the checkout's signature. */
export interface CheckoutTerms {
  ownMerchant: boolean;
  publicKey: string;
  integritySignature: string;
}

/** Where the payer returns after the checkout, and until when it holds (an order's seats). */
export interface CheckoutReturn {
  path: string;
  expiresAt: Date | null;
}

/**
 * The hosted checkout of a Wompi payment. Its terms are fixed when the
 * payment starts (the organization's own merchant, else the platform's), so
 * showing the checkout later needs no secret.
 */
@Injectable()
export class WompiCheckouts {
  constructor(
    @InjectConfig() private readonly config: ManagementConfig,
    private readonly merchants: PaymentMerchants,
  ) {}

  async terms(
    organizationId: string,
    payment: { reference: string; amount: bigint; currency: string },
  ): Promise<CheckoutTerms> {
    const merchant = await this.merchants.forOrganization(organizationId);
    return {
      ownMerchant: merchant.ownedBy !== null,
      publicKey: merchant.publicKey,
      integritySignature: integritySignature(
        { reference: payment.reference, amountInCents: payment.amount, currency: payment.currency },
        merchant.integritySecret,
      ),
    };
  }

  /**
   * The checkout to show, or null for a payment that has none (manual, or
   * settled). The payer comes back to the app's page of what they paid for.
   */
  of(payment: Payment, paidFor: CheckoutReturn | null): WompiCheckoutModel | null {
    if (payment.provider !== 'WOMPI' || !payment.checkoutPublicKey || !payment.integritySignature) {
      return null;
    }
    const redirectUrl = paidFor
      ? new URL(paidFor.path, this.config.PUBLIC_APP_URL).toString()
      : null;
    const terms = {
      reference: payment.reference,
      amountInCents: payment.amount,
      currency: payment.currency,
      publicKey: payment.checkoutPublicKey,
      integritySignature: payment.integritySignature,
    };
    return {
      url: checkoutUrl(this.config.WOMPI_CHECKOUT_URL, {
        ...terms,
        redirectUrl: redirectUrl ?? undefined,
      }),
      publicKey: terms.publicKey,
      reference: terms.reference,
      amountInCents: Number(payment.amount),
      currency: payment.currency,
      integritySignature: terms.integritySignature,
      redirectUrl,
      expiresAt: paidFor?.expiresAt ?? null,
    };
  }
}
