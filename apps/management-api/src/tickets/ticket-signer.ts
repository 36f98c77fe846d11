import { Injectable } from '@nestjs/common';
import {
  createHash,
  createPrivateKey,
  createPublicKey,
  type KeyObject,
  sign,
  verify,
} from 'node:crypto';
import { InjectConfig, type ManagementConfig } from '../config/config.module.js';

/** DER prefix of a PKCS #8 Ed25519 private key; the 32-byte seed follows it. */
const PKCS8_ED25519_PREFIX = Buffer.from('302e020100300506032b657004220420', 'hex');
const FORMAT = 'T1';

export interface SigningKey {
  kid: string;
  /** The raw 32-byte public key, base64url. */
  publicKey: string;
}

interface KeyPair {
  kid: string;
  privateKey: KeyObject;
  publicKey: KeyObject;
  raw: Buffer;
}

function derive(secret: string): KeyPair {
  const seed = createHash('sha256').update(`trivance-ticket-signing:${secret}`).digest();
  const privateKey = createPrivateKey({
    key: Buffer.concat([PKCS8_ED25519_PREFIX, seed]),
    format: 'der',
    type: 'pkcs8',
  });
  const publicKey = createPublicKey(privateKey);
  const raw = publicKey.export({ format: 'der', type: 'spki' }).subarray(-32);
  const kid = createHash('sha256').update(raw).digest('base64url').slice(0, 8);
  return { kid, privateKey, publicKey, raw };
}

/** What a verified QR payload says: which event, which ticket code, signed by which key. */
export interface TicketClaim {
  kid: string;
  eventId: string;
  code: string;
}

/**
 * Signs and verifies ticket QR payloads (Management API README, "Ticket QR
 * codes"): `T1.<kid>.<eventId>.<code>.<signature>`, the signature Ed25519 over
 * everything before its dot, base64url. No personal data: a scanner with the
 * public key (from checkInSnapshot) verifies it offline.
 */
@Injectable()
export class TicketSigner {
  private readonly current: KeyPair;
  private readonly all: Map<string, KeyPair>;

  constructor(@InjectConfig() config: ManagementConfig) {
    this.current = derive(config.TICKET_SIGNING_KEY);
    this.all = new Map(
      [this.current, ...config.TICKET_SIGNING_KEYS_RETIRED.map(derive)].map((key) => [
        key.kid,
        key,
      ]),
    );
  }

  sign(eventId: string, code: string): string {
    const message = `${FORMAT}.${this.current.kid}.${eventId}.${code}`;
    const signature = sign(null, Buffer.from(message), this.current.privateKey).toString(
      'base64url',
    );
    return `${message}.${signature}`;
  }

  /** The claim of a payload whose signature holds under one of our keys; null otherwise. */
  verify(payload: string): TicketClaim | null {
    const parts = payload.trim().split('.');
    if (parts.length !== 5 || parts[0] !== FORMAT) return null;
    const [, kid, eventId, code, signature] = parts as [string, string, string, string, string];
    const key = this.all.get(kid);
    if (!key || !/^[0-9A-Z]{24}$/.test(code)) return null;
    const message = Buffer.from(parts.slice(0, 4).join('.'));
    const valid = verify(null, message, key.publicKey, Buffer.from(signature, 'base64url'));
    return valid ? { kid, eventId, code } : null;
  }

  /** Every key a scanner may meet, the current one first. */
  keys(): SigningKey[] {
    return [...this.all.values()].map((key) => ({
      kid: key.kid,
      publicKey: key.raw.toString('base64url'),
    }));
  }

  get currentKey(): SigningKey {
    return { kid: this.current.kid, publicKey: this.current.raw.toString('base64url') };
  }
}
