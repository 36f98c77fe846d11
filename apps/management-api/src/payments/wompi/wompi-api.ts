import { Injectable } from '@nestjs/common';
import { z } from '@trivance/shared';
import { InjectConfig, type ManagementConfig } from '../../config/config.module.js';
import type { WompiMerchant } from '../merchants/wompi-merchant.js';
import { type WompiTransaction, wompiTransactionSchema } from './wompi-contract.js';

const transactionList = z.object({ data: z.array(wompiTransactionSchema) });

export class WompiApiError extends Error {
  override readonly name = 'WompiApiError';
}

/**
 * Wompi's REST API, the part reconciliation reads: transactions by our
 * reference, authenticated with the merchant's private key. One attempt per
 * call with a timeout: reconciliation's own schedule is the retry.
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
}
