import { z } from 'zod';
import type { AcceptanceTokens } from './acceptance.js';
import { StandInError } from './errors.js';
import type { CardToken, NequiToken, TokenVault } from './tokens.js';

/** A saved card or Nequi account a merchant charges again without the payer (recurring donations). */
export const paymentSourceInputSchema = z.strictObject({
  type: z.enum(['CARD', 'NEQUI']),
  token: z.string().min(1),
  customer_email: z.email(),
  acceptance_token: z.string().min(1),
  accept_personal_auth: z.string().min(1).optional(),
});

export type PaymentSourceInput = z.output<typeof paymentSourceInputSchema>;

export interface PaymentSourceData {
  id: number;
  type: 'CARD' | 'NEQUI';
  token: string;
  status: 'AVAILABLE';
  customer_email: string;
  created_at: string;
  public_data: Record<string, string>;
}

export interface PaymentSource {
  merchantId: number;
  instrument: CardToken | NequiToken;
  data: PaymentSourceData;
}

function publicData(instrument: CardToken | NequiToken): Record<string, string> {
  if (instrument.kind === 'NEQUI') {
    return { type: 'NEQUI', phone_number: instrument.data.phone_number };
  }
  const { bin, last_four, exp_month, exp_year, card_holder, brand, validity_ends_at } =
    instrument.data;
  return {
    type: 'CARD',
    bin,
    last_four,
    exp_month,
    exp_year,
    card_holder,
    brand,
    validity_ends_at,
  };
}

export class PaymentSources {
  private readonly sources = new Map<number, PaymentSource>();
  private nextId = 3000;

  constructor(
    private readonly tokens: TokenVault,
    private readonly acceptance: AcceptanceTokens,
    private readonly now: () => Date = () => new Date(),
  ) {}

  create(merchantId: number, input: PaymentSourceInput): PaymentSource {
    this.acceptance.verify(input.acceptance_token, 'END_USER_POLICY', 'acceptance_token');
    if (input.accept_personal_auth) {
      this.acceptance.verify(
        input.accept_personal_auth,
        'PERSONAL_DATA_AUTH',
        'accept_personal_auth',
      );
    }
    const instrument = this.tokens.require(merchantId, input.type, input.token, 'token');
    if (instrument.kind === 'NEQUI' && instrument.data.status !== 'APPROVED') {
      throw StandInError.invalid('token', 'La suscripción de Nequi no fue aprobada');
    }
    const source: PaymentSource = {
      merchantId,
      instrument,
      data: {
        id: this.nextId++,
        type: input.type,
        token: input.token,
        status: 'AVAILABLE',
        customer_email: input.customer_email,
        created_at: this.now().toISOString(),
        public_data: publicData(instrument),
      },
    };
    this.sources.set(source.data.id, source);
    return source;
  }

  find(merchantId: number, id: number): PaymentSource | undefined {
    const source = this.sources.get(id);
    return source?.merchantId === merchantId ? source : undefined;
  }
}
