import { Injectable } from '@nestjs/common';
import { z } from '@trivance/shared';
import { InjectConfig, type ManagementConfig } from '../../config/config.module.js';
import type { WompiMerchant } from '../merchants/wompi-merchant.js';
import {
  integritySignature,
  type WompiTransaction,
  wompiTransactionSchema,
} from './wompi-contract.js';

const transactionList = z.object({ data: z.array(wompiTransactionSchema) });
const paymentSourceAnswer = z.object({
  data: z.object({
    id: z.number().int().positive(),
    public_data: z.record(z.string(), z.unknown()).optional(),
  }),
});
const transactionAnswer = z.object({ data: wompiTransactionSchema });

/** A saved card (Wompi's payment source) and how to show it to its owner. */
export interface SavedPaymentSource {
  id: number;
  label: string | null;
}

/** A charge of a saved payment source, under our reference. */
export interface SourceCharge {
  paymentSourceId: number;
  reference: string;
  amountInCents: bigint;
  currency: string;
  customerEmail: string;
}

/** What Wompi said to a charge: taken (its transaction), or refused because the reference was used before. */
export type SourceChargeOutcome =
  { kind: 'created'; transaction: WompiTransaction } | { kind: 'reference-used' };

export class WompiApiError extends Error {
  override readonly name = 'WompiApiError';
}

/** Wompi understood the request and said no (a bad card token, say): retrying will not help. */
export class WompiRefusal extends Error {
  override readonly name = 'WompiRefusal';
}

/**
 * Wompi's REST API, authenticated with the merchant's private key: the
 * transactions of our reference (reconciliation), saving a card as a payment
 * source and charging it (monthly gifts). One attempt per call with a
 * timeout: the callers' own schedules are the retry.
 */
@Injectable()
export class WompiApi {
  constructor(@InjectConfig() private readonly config: ManagementConfig) {}

  async transactionsByReference(
    merchant: WompiMerchant,
    reference: string,
  ): Promise<WompiTransaction[]> {
    const url = new URL(`${this.config.WOMPI_API_URL.replace(/\/$/, '')}/transactions`);
    url.searchParams.set('reference', reference);
    let response: Response;
    try {
      response = await fetch(url, {
        headers: { authorization: `Bearer ${merchant.privateKey}`, accept: 'application/json' },
        signal: AbortSignal.timeout(this.config.WOMPI_API_TIMEOUT_MS),
      });
    } catch (error) {
      throw new WompiApiError(`Wompi unreachable: ${(error as Error).message}`);
    }
    if (!response.ok) {
      await response.body?.cancel();
      throw new WompiApiError(`Wompi answered ${response.status} for transactions by reference`);
    }
    const parsed = transactionList.safeParse(await response.json().catch(() => null));
    if (!parsed.success) throw new WompiApiError('Wompi answered a body we do not understand');
    // Another reference's transactions are not ours to settle.
    return parsed.data.data.filter((transaction) => transaction.reference === reference);
  }

  /** Saves a tokenized card, with the donor's acceptance of the merchant's terms. */
  async createPaymentSource(
    merchant: WompiMerchant,
    source: { token: string; acceptanceToken: string; customerEmail: string },
  ): Promise<SavedPaymentSource> {
    const response = await this.post(merchant, '/payment_sources', {
      type: 'CARD',
      token: source.token,
      customer_email: source.customerEmail,
      acceptance_token: source.acceptanceToken,
    });
    if (response.status === 422) {
      await response.body?.cancel();
      throw new WompiRefusal('Wompi refused the card or the acceptance token');
    }
    const parsed = paymentSourceAnswer.safeParse(await this.json(response, 'a payment source'));
    if (!parsed.success) throw new WompiApiError('Wompi answered a body we do not understand');
    const data = parsed.data.data.public_data ?? {};
    const brand = typeof data.brand === 'string' ? data.brand : null;
    const lastFour = typeof data.last_four === 'string' ? data.last_four : null;
    return {
      id: parsed.data.data.id,
      label: lastFour ? `${brand ?? 'CARD'} •••• ${lastFour}` : null,
    };
  }

  /** Charges a saved payment source; the reference is never charged twice by Wompi. */
  async chargePaymentSource(
    merchant: WompiMerchant,
    charge: SourceCharge,
  ): Promise<SourceChargeOutcome> {
    const response = await this.post(merchant, '/transactions', {
      amount_in_cents: Number(charge.amountInCents),
      currency: charge.currency,
      customer_email: charge.customerEmail,
      reference: charge.reference,
      signature: integritySignature(
        {
          reference: charge.reference,
          amountInCents: charge.amountInCents,
          currency: charge.currency,
        },
        merchant.integritySecret,
      ),
      payment_source_id: charge.paymentSourceId,
      payment_method: { installments: 1 },
    });
    if (response.status === 422) {
      const body = (await response.json().catch(() => null)) as {
        error?: { messages?: Record<string, unknown> };
      } | null;
      if (body?.error?.messages && 'reference' in body.error.messages)
        return { kind: 'reference-used' };
      throw new WompiRefusal(`Wompi refused the charge: ${JSON.stringify(body?.error ?? null)}`);
    }
    const parsed = transactionAnswer.safeParse(await this.json(response, 'a transaction'));
    if (!parsed.success) throw new WompiApiError('Wompi answered a body we do not understand');
    return { kind: 'created', transaction: parsed.data.data };
  }

  private async post(merchant: WompiMerchant, path: string, body: unknown): Promise<Response> {
    try {
      return await fetch(`${this.config.WOMPI_API_URL.replace(/\/$/, '')}${path}`, {
        method: 'POST',
        headers: {
          authorization: `Bearer ${merchant.privateKey}`,
          accept: 'application/json',
          'content-type': 'application/json',
        },
        body: JSON.stringify(body),
        signal: AbortSignal.timeout(this.config.WOMPI_API_TIMEOUT_MS),
      });
    } catch (error) {
      throw new WompiApiError(`Wompi unreachable: ${(error as Error).message}`);
    }
  }

  private async json(response: Response, what: string): Promise<unknown> {
    if (!response.ok) {
      await response.body?.cancel();
      throw new WompiApiError(`Wompi answered ${response.status} for ${what}`);
    }
    return response.json().catch(() => null);
  }
}
