import { randomInt } from 'node:crypto';
import { z } from 'zod';
import type { AcceptanceTokens } from './acceptance.js';
import { parseInput, StandInError } from './errors.js';
import { buildTransactionEvent, type EventDeliveries, type TransactionEvent } from './events.js';
import type { Caller, Merchant } from './merchants.js';
import type { PaymentSources } from './payment-sources.js';
import { hexDigestsEqual, integritySignature } from './signatures.js';
import { NEQUI_SANDBOX, nequiPhoneSchema, type TokenVault } from './tokens.js';

export const TRANSACTION_STATUSES = ['PENDING', 'APPROVED', 'DECLINED', 'VOIDED', 'ERROR'] as const;
export type TransactionStatus = (typeof TRANSACTION_STATUSES)[number];
export type PaymentMethodType = 'CARD' | 'NEQUI';

export interface TransactionData {
  id: string;
  created_at: string;
  finalized_at: string | null;
  amount_in_cents: number;
  reference: string;
  currency: 'COP';
  customer_email: string;
  payment_method_type: PaymentMethodType;
  payment_method: Record<string, unknown>;
  status: TransactionStatus;
  status_message: string | null;
  redirect_url: string | null;
  payment_source_id: number | null;
  customer_data: Record<string, unknown> | null;
}

const installmentsSchema = z.number().int().min(1).max(36);

export const transactionInputSchema = z.strictObject({
  amount_in_cents: z.number().int().positive(),
  currency: z.literal('COP'),
  customer_email: z.email(),
  reference: z.string().min(1).max(255),
  signature: z.string().regex(/^[0-9a-fA-F]{64}$/, 'Debe ser un SHA-256 en hexadecimal'),
  acceptance_token: z.string().min(1).optional(),
  accept_personal_auth: z.string().min(1).optional(),
  // Its shape depends on whether a payment source is charged, so it is parsed in a second step.
  payment_method: z.unknown().optional(),
  payment_source_id: z.number().int().positive().optional(),
  redirect_url: z.url({ protocol: /^https?$/ }).optional(),
  customer_data: z.record(z.string(), z.unknown()).optional(),
});

export type TransactionInput = z.output<typeof transactionInputSchema>;

const directMethodSchema = z.discriminatedUnion('type', [
  z.strictObject({
    type: z.literal('CARD'),
    token: z.string().min(1),
    installments: installmentsSchema,
  }),
  z.strictObject({ type: z.literal('NEQUI'), phone_number: nequiPhoneSchema }),
]);

const sourceMethodSchema = z
  .strictObject({
    type: z.enum(['CARD', 'NEQUI']).optional(),
    installments: installmentsSchema.optional(),
  })
  .optional();

interface Outcome {
  status: 'APPROVED' | 'DECLINED' | 'ERROR';
  message: string | null;
}

/** Wompi's sandbox decides by the test card number or Nequi phone; see its "datos de prueba". */
const CARD_SANDBOX: Record<string, Outcome['status']> = {
  '4242424242424242': 'APPROVED',
  '4111111111111111': 'DECLINED',
};

function cardOutcome(number: string): Outcome {
  const status = CARD_SANDBOX[number] ?? 'ERROR';
  return { status, message: STATUS_MESSAGES[status] };
}

function nequiOutcome(phoneNumber: string): Outcome {
  const status = NEQUI_SANDBOX[phoneNumber] ?? 'ERROR';
  return { status, message: STATUS_MESSAGES[status] };
}

const STATUS_MESSAGES: Record<TransactionStatus, string | null> = {
  PENDING: null,
  APPROVED: null,
  DECLINED: 'Transacción rechazada (sandbox)',
  VOIDED: 'Transacción anulada',
  ERROR: 'El medio de pago no es uno de los datos de prueba del sandbox',
};

interface StoredTransaction {
  merchant: Merchant;
  data: TransactionData;
  timer: NodeJS.Timeout | undefined;
  lastEvent: TransactionEvent | undefined;
}

export interface TransactionsOptions {
  tokens: TokenVault;
  sources: PaymentSources;
  acceptance: AcceptanceTokens;
  deliveries: EventDeliveries;
  /** How long a transaction stays PENDING before its sandbox outcome. */
  transitionDelayMs: number;
  now?: () => Date;
}

export class Transactions {
  private readonly byId = new Map<string, StoredTransaction>();
  private readonly references = new Set<string>();
  private readonly now: () => Date;

  constructor(private readonly options: TransactionsOptions) {
    this.now = options.now ?? (() => new Date());
  }

  create(caller: Caller, input: TransactionInput): TransactionData {
    const { merchant } = caller;
    const expected = integritySignature(
      input.reference,
      input.amount_in_cents,
      input.currency,
      merchant.integritySecret,
    );
    if (!hexDigestsEqual(expected, input.signature)) {
      throw StandInError.invalid('signature', 'La firma de integridad no es válida');
    }
    const referenceKey = `${merchant.id}:${input.reference}`;
    if (this.references.has(referenceKey)) {
      throw StandInError.invalid('reference', 'La referencia ya fue usada por otra transacción');
    }
    const charge =
      input.payment_source_id === undefined
        ? this.directCharge(merchant, input)
        : this.sourceCharge(caller, input.payment_source_id, input.payment_method);
    if (input.accept_personal_auth) {
      this.options.acceptance.verify(
        input.accept_personal_auth,
        'PERSONAL_DATA_AUTH',
        'accept_personal_auth',
      );
    }

    const createdAt = this.now();
    const data: TransactionData = {
      id: this.newId(merchant, createdAt),
      created_at: createdAt.toISOString(),
      finalized_at: null,
      amount_in_cents: input.amount_in_cents,
      reference: input.reference,
      currency: input.currency,
      customer_email: input.customer_email,
      payment_method_type: charge.type,
      payment_method: charge.paymentMethod,
      status: 'PENDING',
      status_message: null,
      redirect_url: input.redirect_url ?? null,
      payment_source_id: input.payment_source_id ?? null,
      customer_data: input.customer_data ?? null,
    };
    this.references.add(referenceKey);
    const stored: StoredTransaction = { merchant, data, timer: undefined, lastEvent: undefined };
    this.byId.set(data.id, stored);
    stored.timer = setTimeout(() => {
      stored.timer = undefined;
      this.transition(stored, charge.outcome.status, charge.outcome.message);
    }, this.options.transitionDelayMs);
    return structuredClone(data);
  }

  /** Another merchant's transaction is not found, never forbidden. */
  get(merchant: Merchant, id: string): TransactionData {
    const stored = this.byId.get(id);
    if (!stored || stored.merchant.id !== merchant.id) throw StandInError.notFound();
    return structuredClone(stored.data);
  }

  listByReference(merchant: Merchant, reference: string): TransactionData[] {
    return [...this.byId.values()]
      .filter((stored) => stored.merchant.id === merchant.id && stored.data.reference === reference)
      .map((stored) => structuredClone(stored.data));
  }

  void(merchant: Merchant, id: string): TransactionData {
    const stored = this.byId.get(id);
    if (!stored || stored.merchant.id !== merchant.id) throw StandInError.notFound();
    if (stored.data.payment_method_type !== 'CARD' || stored.data.status !== 'APPROVED') {
      throw StandInError.invalid(
        'transaction',
        'Solo se anulan transacciones con tarjeta aprobadas',
      );
    }
    this.transition(stored, 'VOIDED', STATUS_MESSAGES.VOIDED);
    return structuredClone(stored.data);
  }

  /** Stand-in only: sets any status, even the current one, and always sends its event. */
  forceStatus(id: string, status: TransactionStatus): TransactionData {
    const stored = this.byId.get(id);
    if (!stored) throw StandInError.notFound();
    clearTimeout(stored.timer);
    stored.timer = undefined;
    this.transition(stored, status, STATUS_MESSAGES[status]);
    return structuredClone(stored.data);
  }

  /**
   * Stand-in only: delivers the last event again byte for byte, as a
   * duplicate delivery would arrive; before any event, signs the current state.
   */
  resend(id: string): TransactionEvent | undefined {
    const stored = this.byId.get(id);
    if (!stored) throw StandInError.notFound();
    stored.lastEvent ??= buildTransactionEvent(
      stored.data,
      stored.merchant.eventsSecret,
      this.now(),
    );
    this.options.deliveries.send(stored.merchant, stored.lastEvent);
    return structuredClone(stored.lastEvent);
  }

  close(): void {
    for (const stored of this.byId.values()) {
      clearTimeout(stored.timer);
      stored.timer = undefined;
    }
  }

  private transition(stored: StoredTransaction, status: TransactionStatus, message: string | null) {
    const now = this.now();
    stored.data = {
      ...stored.data,
      status,
      status_message: message,
      finalized_at: status === 'PENDING' ? null : (stored.data.finalized_at ?? now.toISOString()),
    };
    stored.lastEvent = buildTransactionEvent(stored.data, stored.merchant.eventsSecret, now);
    this.options.deliveries.send(stored.merchant, stored.lastEvent);
  }

  private directCharge(merchant: Merchant, input: TransactionInput) {
    if (input.acceptance_token === undefined) {
      throw StandInError.invalid('acceptance_token', 'Es requerido');
    }
    if (input.payment_method === undefined) {
      throw StandInError.invalid('payment_method', 'Es requerido si no se envía payment_source_id');
    }
    this.options.acceptance.verify(input.acceptance_token, 'END_USER_POLICY', 'acceptance_token');
    const method = parseInput(directMethodSchema, input.payment_method, 'payment_method');
    if (method.type === 'NEQUI') {
      return {
        type: 'NEQUI' as const,
        paymentMethod: { type: 'NEQUI', phone_number: method.phone_number },
        outcome: nequiOutcome(method.phone_number),
      };
    }
    const card = this.options.tokens.require(
      merchant.id,
      'CARD',
      method.token,
      'payment_method.token',
    );
    return {
      type: 'CARD' as const,
      paymentMethod: cardPaymentMethod(card.data, method.installments, method.token),
      outcome: cardOutcome(card.number),
    };
  }

  /** Charging a saved source is a server-to-server call, so Wompi wants the private key. */
  private sourceCharge(caller: Caller, sourceId: number, rawMethod: unknown) {
    if (caller.keyKind !== 'private') {
      throw new StandInError(
        'INVALID_ACCESS_TOKEN',
        'Se esperaba una llave privada para cobrar a una fuente de pago',
      );
    }
    const method = parseInput(sourceMethodSchema, rawMethod, 'payment_method');
    const source = this.options.sources.find(caller.merchant.id, sourceId);
    if (!source) throw StandInError.invalid('payment_source_id', 'La fuente de pago no existe');
    const { instrument } = source;
    if (method?.type !== undefined && method.type !== instrument.kind) {
      throw StandInError.invalid('payment_method.type', 'No corresponde a la fuente de pago');
    }
    if (instrument.kind === 'NEQUI') {
      return {
        type: 'NEQUI' as const,
        paymentMethod: { type: 'NEQUI', phone_number: instrument.data.phone_number },
        outcome: nequiOutcome(instrument.data.phone_number),
      };
    }
    return {
      type: 'CARD' as const,
      paymentMethod: cardPaymentMethod(
        instrument.data,
        method?.installments ?? 1,
        instrument.data.id,
      ),
      outcome: cardOutcome(instrument.number),
    };
  }

  private newId(merchant: Merchant, at: Date): string {
    for (;;) {
      const id = `${merchant.id}-${Math.floor(at.getTime() / 1000)}-${randomInt(10000, 100000)}`;
      if (!this.byId.has(id)) return id;
    }
  }
}

function cardPaymentMethod(
  card: {
    bin: string;
    name: string;
    brand: string;
    exp_year: string;
    exp_month: string;
    card_holder: string;
    last_four: string;
  },
  installments: number,
  token: string,
): Record<string, unknown> {
  return {
    type: 'CARD',
    token,
    installments,
    extra: {
      bin: card.bin,
      name: card.name,
      brand: card.brand,
      exp_year: card.exp_year,
      exp_month: card.exp_month,
      card_holder: card.card_holder,
      last_four: card.last_four,
      is_three_ds: false,
    },
  };
}
