import { Inject, Injectable, Logger, type OnModuleInit } from '@nestjs/common';
import { InjectModel } from '@nestjs/mongoose';
import type { JWK } from 'jose';
import type { Model } from 'mongoose';
import {
  createPrivateKey,
  createPublicKey,
  generateKeyPairSync,
  randomBytes,
  type KeyObject,
} from 'node:crypto';
import { AUTH_CONFIG, type AuthConfig } from '../config/auth-config.js';
import { ACCESS_TOKEN_TTL_SECONDS } from '../tokens/token-lifetimes.js';
import { decryptWithKek, encryptWithKek } from './key-encryption.js';
import { SigningKey } from './signing-key.schema.js';

/** Clock skew allowed on top of a token's lifetime before a retired public key is dropped. */
const PUBLISH_MARGIN_SECONDS = 5 * 60;
/** Instances re-read the key set this often, so a rotation reaches every instance quickly. */
const REFRESH_INTERVAL_MS = 60_000;
/** An unknown kid triggers a re-read at most this often (no database amplification). */
const UNKNOWN_KID_REFRESH_MS = 5_000;

interface LoadedKey {
  kid: string;
  generation: number;
  publicJwk: JWK;
  publicKey: KeyObject;
  privateKey?: KeyObject;
  retiredAt: Date | null;
  publishUntil: Date | null;
}

function isDuplicateKey(error: unknown): boolean {
  return typeof error === 'object' && error !== null && (error as { code?: number }).code === 11000;
}

@Injectable()
export class SigningKeysService implements OnModuleInit {
  private readonly logger = new Logger(SigningKeysService.name);
  private readonly kek: Buffer;
  private keys = new Map<string, LoadedKey>();
  private active?: LoadedKey;
  private loadedAt = 0;
  private lastUnknownKidRefresh = 0;

  constructor(
    @InjectModel(SigningKey.name) private readonly model: Model<SigningKey>,
    @Inject(AUTH_CONFIG) config: AuthConfig,
  ) {
    this.kek = Buffer.from(config.KEY_ENCRYPTION_KEY, 'base64');
  }

  async onModuleInit(): Promise<void> {
    await this.model.createCollection().catch(() => undefined);
    await this.model.createIndexes();
    await this.reload();
    if (!this.active) {
      await this.createNextKey(0);
      await this.reload();
    }
  }

  /** The key new tokens are signed with. */
  async signingKey(): Promise<{ kid: string; privateKey: KeyObject }> {
    if (Date.now() - this.loadedAt > REFRESH_INTERVAL_MS) await this.reload();
    const active = this.active;
    if (!active?.privateKey) throw new Error('no active signing key');
    return { kid: active.kid, privateKey: active.privateKey };
  }

  /** The public key for a kid, or undefined when it is unknown or no longer published. */
  async publicKey(kid: string): Promise<KeyObject | undefined> {
    if (Date.now() - this.loadedAt > REFRESH_INTERVAL_MS) await this.reload();
    let key = this.keys.get(kid);
    if (!key && Date.now() - this.lastUnknownKidRefresh > UNKNOWN_KID_REFRESH_MS) {
      this.lastUnknownKidRefresh = Date.now();
      await this.reload();
      key = this.keys.get(kid);
    }
    return key && this.isPublished(key) ? key.publicKey : undefined;
  }

  /** Public keys for GET /.well-known/jwks.json. */
  async jwks(): Promise<{ keys: JWK[] }> {
    if (Date.now() - this.loadedAt > REFRESH_INTERVAL_MS) await this.reload();
    const keys = [...this.keys.values()]
      .filter((key) => this.isPublished(key))
      .sort((a, b) => b.generation - a.generation)
      .map((key) => key.publicJwk);
    return { keys };
  }

  /**
   * Adds a new signing key and retires the current one. The retired public key
   * stays published until every token it signed has expired.
   */
  async rotate(): Promise<{ kid: string; retiredKid?: string }> {
    await this.reload();
    const previous = this.active;
    const created = await this.createNextKey(previous?.generation ?? 0);
    if (previous) {
      const now = new Date();
      await this.model.updateOne(
        { kid: previous.kid, retiredAt: null },
        {
          $set: {
            retiredAt: now,
            publishUntil: new Date(
              now.getTime() + (ACCESS_TOKEN_TTL_SECONDS + PUBLISH_MARGIN_SECONDS) * 1000,
            ),
          },
        },
      );
    }
    await this.reload();
    return { kid: created.kid, retiredKid: previous?.kid };
  }

  /** Removes keys whose public half is no longer published. */
  async purgeUnpublished(now = new Date()): Promise<number> {
    const result = await this.model.deleteMany({ publishUntil: { $ne: null, $lt: now } });
    return result.deletedCount;
  }

  private isPublished(key: LoadedKey): boolean {
    return key.publishUntil === null || key.publishUntil.getTime() > Date.now();
  }

  private async createNextKey(afterGeneration: number): Promise<{ kid: string }> {
    const { publicKey, privateKey } = generateKeyPairSync('ed25519');
    const kid = randomBytes(12).toString('base64url');
    const publicJwk = { ...publicKey.export({ format: 'jwk' }), kid, alg: 'EdDSA', use: 'sig' };
    const privateJwk = JSON.stringify(privateKey.export({ format: 'jwk' }));
    try {
      await this.model.create({
        generation: afterGeneration + 1,
        kid,
        publicJwk,
        encryptedPrivateJwk: encryptWithKek(this.kek, privateJwk, kid),
        retiredAt: null,
        publishUntil: null,
      });
      this.logger.log({ kid }, 'signing key created');
      return { kid };
    } catch (error) {
      // Another instance created this generation first; use its key.
      if (isDuplicateKey(error)) {
        const winner = await this.model
          .findOne({ generation: afterGeneration + 1 })
          .lean()
          .exec();
        if (winner) return { kid: winner.kid };
      }
      throw error;
    }
  }

  private async reload(): Promise<void> {
    const docs = await this.model.find({}).sort({ generation: -1 }).lean<SigningKey[]>().exec();
    const keys = new Map<string, LoadedKey>();
    let active: LoadedKey | undefined;
    for (const doc of docs) {
      const loaded: LoadedKey = {
        kid: doc.kid,
        generation: doc.generation,
        publicJwk: doc.publicJwk as JWK,
        publicKey: createPublicKey({
          key: doc.publicJwk as unknown as JWK & { kty: string },
          format: 'jwk',
        }),
        retiredAt: doc.retiredAt ?? null,
        publishUntil: doc.publishUntil ?? null,
      };
      if (!active && loaded.retiredAt === null) {
        const privateJwk = JSON.parse(decryptWithKek(this.kek, doc.encryptedPrivateJwk, doc.kid));
        loaded.privateKey = createPrivateKey({ key: privateJwk, format: 'jwk' });
        active = loaded;
      }
      keys.set(loaded.kid, loaded);
    }
    this.keys = keys;
    this.active = active;
    this.loadedAt = Date.now();
  }
}
