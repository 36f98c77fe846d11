import { z } from 'zod';
import { StandInError } from './errors.js';

/**
 * Wompi tells keys apart by prefix (`pub_test_…`, `prv_test_…`); keeping that
 * rule lets the stand-in refuse a private key where a public one belongs.
 */
export const merchantInputSchema = z.strictObject({
  publicKey: z.string().regex(/^pub_\w+$/, 'Debe empezar por pub_'),
  privateKey: z.string().regex(/^prv_\w+$/, 'Debe empezar por prv_'),
  eventsSecret: z.string().min(1),
  integritySecret: z.string().min(1),
  eventsUrl: z.url({ protocol: /^https?$/ }).optional(),
  name: z.string().min(1).max(100).optional(),
});

export type MerchantInput = z.input<typeof merchantInputSchema>;

export interface Merchant {
  /** Wompi's numeric merchant id; it prefixes the merchant's transaction ids. */
  readonly id: number;
  readonly name: string;
  readonly publicKey: string;
  readonly privateKey: string;
  readonly eventsSecret: string;
  readonly integritySecret: string;
  readonly eventsUrl: string | undefined;
}

export type KeyKind = 'public' | 'private';

export interface Caller {
  merchant: Merchant;
  keyKind: KeyKind;
}

const FIRST_MERCHANT_ID = 10001;

export class MerchantRegistry {
  private readonly byPublicKey = new Map<string, Merchant>();
  private readonly byPrivateKey = new Map<string, Merchant>();
  private nextId = FIRST_MERCHANT_ID;

  /**
   * Registering the same public key again replaces its secrets and events URL
   * but keeps its id, so tests can repoint a merchant at a new receiver.
   */
  register(input: MerchantInput): Merchant {
    const parsed = merchantInputSchema.parse(input);
    const existing = this.byPublicKey.get(parsed.publicKey);
    const holder = this.byPrivateKey.get(parsed.privateKey);
    if (holder && holder !== existing) {
      throw StandInError.invalid('privateKey', 'La llave privada pertenece a otro comercio');
    }
    if (this.byPrivateKey.has(parsed.publicKey) || this.byPublicKey.has(parsed.privateKey)) {
      throw StandInError.invalid('publicKey', 'La llave ya está registrada con otro uso');
    }
    const merchant: Merchant = {
      id: existing?.id ?? this.nextId++,
      name: parsed.name ?? existing?.name ?? `Comercio de pruebas ${parsed.publicKey}`,
      publicKey: parsed.publicKey,
      privateKey: parsed.privateKey,
      eventsSecret: parsed.eventsSecret,
      integritySecret: parsed.integritySecret,
      eventsUrl: parsed.eventsUrl,
    };
    if (existing) this.byPrivateKey.delete(existing.privateKey);
    this.byPublicKey.set(merchant.publicKey, merchant);
    this.byPrivateKey.set(merchant.privateKey, merchant);
    return merchant;
  }

  findByPublicKey(publicKey: string): Merchant | undefined {
    return this.byPublicKey.get(publicKey);
  }

  findById(id: number): Merchant | undefined {
    for (const merchant of this.byPublicKey.values()) if (merchant.id === id) return merchant;
    return undefined;
  }

  list(): Merchant[] {
    return [...this.byPublicKey.values()];
  }

  /** Resolves `Authorization: Bearer <key>` to its merchant, accepting only the given kinds. */
  authenticate(authorization: string | undefined, accepted: readonly KeyKind[]): Caller {
    const match = /^Bearer\s+(\S+)$/i.exec(authorization ?? '');
    if (!match) {
      throw new StandInError(
        'INVALID_ACCESS_TOKEN',
        'Se esperaba una llave en el header Authorization',
      );
    }
    const key = match[1]!;
    const asPublic = this.byPublicKey.get(key);
    const asPrivate = this.byPrivateKey.get(key);
    const caller: Caller | undefined = asPublic
      ? { merchant: asPublic, keyKind: 'public' }
      : asPrivate
        ? { merchant: asPrivate, keyKind: 'private' }
        : undefined;
    if (!caller)
      throw new StandInError('INVALID_ACCESS_TOKEN', 'La llave proporcionada no es válida');
    if (!accepted.includes(caller.keyKind)) {
      const expected = accepted.includes('public') ? 'pública' : 'privada';
      throw new StandInError(
        'INVALID_ACCESS_TOKEN',
        `Se esperaba una llave ${expected} pero se recibió otra`,
      );
    }
    return caller;
  }
}
