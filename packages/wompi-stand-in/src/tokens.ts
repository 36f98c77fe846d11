import { randomBytes, randomInt } from 'node:crypto';
import { z } from 'zod';
import { StandInError } from './errors.js';

/**
 * Tokenized cards and Nequi accounts. The stand-in keeps the full card number
 * behind its token because Wompi's sandbox decides a transaction's outcome by
 * it; nothing else ever sees it.
 */

function passesLuhn(digits: string): boolean {
  let sum = 0;
  for (let i = 0; i < digits.length; i++) {
    let digit = Number(digits[digits.length - 1 - i]);
    if (i % 2 === 1) {
      digit *= 2;
      if (digit > 9) digit -= 9;
    }
    sum += digit;
  }
  return sum % 10 === 0;
}

export const cardTokenInputSchema = z
  .strictObject({
    number: z
      .string()
      .regex(/^\d{13,19}$/, 'Debe tener entre 13 y 19 dígitos')
      .refine(passesLuhn, 'El número de tarjeta no es válido'),
    cvc: z.string().regex(/^\d{3,4}$/, 'Debe tener 3 o 4 dígitos'),
    exp_month: z.string().regex(/^(0[1-9]|1[0-2])$/, 'Debe ser un mes de 2 dígitos (01-12)'),
    exp_year: z.string().regex(/^\d{2}$/, 'Debe ser un año de 2 dígitos'),
    card_holder: z.string().trim().min(1).max(64),
  })
  .refine(
    (card) => {
      const now = new Date();
      const year = 2000 + Number(card.exp_year);
      const month = Number(card.exp_month);
      return (
        year > now.getUTCFullYear() ||
        (year === now.getUTCFullYear() && month >= now.getUTCMonth() + 1)
      );
    },
    { message: 'La tarjeta está vencida', path: ['exp_year'] },
  );

export type CardTokenInput = z.output<typeof cardTokenInputSchema>;

/** Colombian mobile numbers, as Nequi accounts are. */
export const nequiPhoneSchema = z.string().regex(/^3\d{9}$/, 'Debe ser un celular de 10 dígitos');

export const nequiTokenInputSchema = z.strictObject({ phone_number: nequiPhoneSchema });

export type CardBrand = 'VISA' | 'MASTERCARD' | 'AMEX' | 'DINERS' | 'UNKNOWN';

export function cardBrand(number: string): CardBrand {
  if (/^4/.test(number)) return 'VISA';
  if (/^(5[1-5]|2[2-7])/.test(number)) return 'MASTERCARD';
  if (/^3[47]/.test(number)) return 'AMEX';
  if (/^3(0[0-5]|[68])/.test(number)) return 'DINERS';
  return 'UNKNOWN';
}

export interface CardToken {
  kind: 'CARD';
  merchantId: number;
  number: string;
  data: {
    id: string;
    created_at: string;
    brand: CardBrand;
    name: string;
    last_four: string;
    bin: string;
    exp_year: string;
    exp_month: string;
    card_holder: string;
    created_with_cvc: boolean;
    expires_at: string;
    validity_ends_at: string;
  };
}

export type NequiTokenStatus = 'APPROVED' | 'DECLINED' | 'ERROR';

export interface NequiToken {
  kind: 'NEQUI';
  merchantId: number;
  data: { id: string; status: NequiTokenStatus; phone_number: string; name: string };
}

export type PaymentToken = CardToken | NequiToken;

/** Nequi's sandbox numbers: the subscription is accepted or refused on the "phone" at once. */
export const NEQUI_SANDBOX: Record<string, 'APPROVED' | 'DECLINED'> = {
  '3991111111': 'APPROVED',
  '3992222222': 'DECLINED',
};

const TOKEN_LIFETIME_MS = 30 * 60 * 1000;

export class TokenVault {
  private readonly tokens = new Map<string, PaymentToken>();

  constructor(private readonly now: () => Date = () => new Date()) {}

  tokenizeCard(merchantId: number, card: CardTokenInput): CardToken {
    const brand = cardBrand(card.number);
    const createdAt = this.now();
    const validityEnd = new Date(Date.UTC(2000 + Number(card.exp_year), Number(card.exp_month), 0));
    const token: CardToken = {
      kind: 'CARD',
      merchantId,
      number: card.number,
      data: {
        id: `tok_test_${randomInt(10000, 99999)}_${randomBytes(16).toString('hex')}`,
        created_at: createdAt.toISOString(),
        brand,
        name: `${brand}-${card.number.slice(-4)}`,
        last_four: card.number.slice(-4),
        bin: card.number.slice(0, 6),
        exp_year: card.exp_year,
        exp_month: card.exp_month,
        card_holder: card.card_holder,
        created_with_cvc: true,
        expires_at: new Date(createdAt.getTime() + TOKEN_LIFETIME_MS).toISOString(),
        validity_ends_at: validityEnd.toISOString(),
      },
    };
    this.tokens.set(token.data.id, token);
    return token;
  }

  tokenizeNequi(merchantId: number, phoneNumber: string): NequiToken {
    const token: NequiToken = {
      kind: 'NEQUI',
      merchantId,
      data: {
        id: `nequi_test_${randomBytes(16).toString('hex')}`,
        status: NEQUI_SANDBOX[phoneNumber] ?? 'ERROR',
        phone_number: phoneNumber,
        name: `NEQUI-${phoneNumber.slice(-4)}`,
      },
    };
    this.tokens.set(token.data.id, token);
    return token;
  }

  /** A merchant only ever sees its own tokens; another's is as good as unknown. */
  find<K extends PaymentToken['kind']>(
    merchantId: number,
    kind: K,
    id: string,
  ): Extract<PaymentToken, { kind: K }> | undefined {
    const token = this.tokens.get(id);
    if (!token || token.merchantId !== merchantId || token.kind !== kind) return undefined;
    return token as Extract<PaymentToken, { kind: K }>;
  }

  /** Resolves a token for a charge or a payment source, refusing expired card tokens. */
  require<K extends PaymentToken['kind']>(
    merchantId: number,
    kind: K,
    id: string,
    field: string,
  ): Extract<PaymentToken, { kind: K }> {
    const token = this.find(merchantId, kind, id);
    if (!token) throw StandInError.invalid(field, 'El token no existe');
    const card: PaymentToken = token;
    if (card.kind === 'CARD' && Date.parse(card.data.expires_at) <= this.now().getTime()) {
      throw StandInError.invalid(field, 'El token expiró');
    }
    return token;
  }
}
