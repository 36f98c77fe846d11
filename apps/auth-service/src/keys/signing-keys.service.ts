import { Inject, Injectable, Logger, type OnModuleInit } from '@nestjs/common';
import { InjectModel } from '@nestjs/mongoose';
import type { JWK } from 'jose';
import type { Model } from 'mongoose';
import { decryptWithKek, encryptWithKek } from '@trivance/shared';
import {
  createPrivateKey,
  createPublicKey,
  generateKeyPairSync,
  randomBytes,
  type KeyObject,
} from 'node:crypto';
import { AUTH_CONFIG, type AuthConfig } from '../config/auth-config.js';
import { ACCESS_TOKEN_TTL_SECONDS } from '../tokens/token-lifetimes.js';
import { SigningKey } from './signing-key.schema.js';
import { ensureCollection } from '../database/ensure-collection.js';

/** Clock skew allowed on top of a token's lifetime before a retired public key is dropped. */
const PUBLISH_MARGIN_SECONDS = 5 * 60;
/** An unknown kid triggers a re-read at most this often (no database amplification). */
const UNKNOWN_KID_REFRESH_MS = 5_000;

interface LoadedKey {
  kid: string;
  generation: number;
  publicJwk: JWK;
  publicKey: KeyObject;
  encryptedPrivateJwk: string;
  activatesAt: Date;
  publishUntil: Date | null;
  revokedAt: Date | null;
}

function isDuplicateKey(error: unknown): boolean {
  return typeof error === 'object' && error !== null && (error as { code?: number }).code === 11000;
}

@Injectable()
export class SigningKeysService implements OnModuleInit {
  private readonly logger = new Logger(SigningKeysService.name);
  private readonly kek: Buffer;
  /** Newest generation first. */
  private keys: LoadedKey[] = [];
  private readonly privateKeys = new Map<string, KeyObject>();
  private loadedAt = 0;
  private lastUnknownKidRefresh = 0;
  /** Instances re-read the key set this often, so a rotation reaches every instance quickly. */
  private readonly refreshIntervalMs: number;
  /**
   * A rotated-in key signs only after every instance has had two chances to
   * publish it in its JWKS; until then the previous key keeps signing.
   */
  private readonly activationDelayMs: number;

  constructor(
    @InjectModel(SigningKey.name) private readonly model: Model<SigningKey>,
    @Inject(AUTH_CONFIG) config: AuthConfig,
  ) {
    this.kek = Buffer.from(config.KEY_ENCRYPTION_KEY, 'base64');
    this.refreshIntervalMs = config.SIGNING_KEY_REFRESH_SECONDS * 1000;
    this.activationDelayMs = 2 * this.refreshIntervalMs;
  }

  async onModuleInit(): Promise<void> {
    await ensureCollection(this.model);
    await this.reload();
    if (this.keys.length === 0) {
      // The very first key signs at once: no instance can have published another.
      await this.createKey(1, new Date());
      await this.reload();
    }
  }

  /** The key new tokens are signed with: the newest whose activation time has come. */
  async signingKey(): Promise<{ kid: string; privateKey: KeyObject }> {
    await this.reloadIfStale();
    const now = Date.now();
    const usable = this.keys.filter((candidate) => this.isPublished(candidate));
    const key = usable.find((candidate) => candidate.activatesAt.getTime() <= now) ?? usable.at(-1);
    if (!key) throw new Error('no signing key');
    let privateKey = this.privateKeys.get(key.kid);
    if (!privateKey) {
      const jwk = JSON.parse(decryptWithKek(this.kek, key.encryptedPrivateJwk, key.kid));
      privateKey = createPrivateKey({ key: jwk, format: 'jwk' });
      this.privateKeys.set(key.kid, privateKey);
    }
    return { kid: key.kid, privateKey };
  }

  /** The public key for a kid, or undefined when it is unknown or no longer published. */
  async publicKey(kid: string): Promise<KeyObject | undefined> {
    await this.reloadIfStale();
    let key = this.keys.find((candidate) => candidate.kid === kid);
    if (!key && Date.now() - this.lastUnknownKidRefresh > UNKNOWN_KID_REFRESH_MS) {
      this.lastUnknownKidRefresh = Date.now();
      await this.reload();
      key = this.keys.find((candidate) => candidate.kid === kid);
    }
    return key && this.isPublished(key) ? key.publicKey : undefined;
  }

  /** Public keys for GET /.well-known/jwks.json, including keys about to sign. */
  async jwks(): Promise<{ keys: JWK[] }> {
    await this.reloadIfStale();
    return { keys: this.keys.filter((key) => this.isPublished(key)).map((key) => key.publicJwk) };
  }

  /**
   * Adds a new key, published at once and signing after the activation delay (twice the refresh interval).
   * The key it replaces stays published until every token it signed has expired.
   */
  async rotate(): Promise<{ kid: string; retiredKid?: string; activatesAt: Date }> {
    await this.reload();
    const previous = this.keys[0];
    const activatesAt = new Date(Date.now() + this.activationDelayMs);
    const created = await this.createKey((previous?.generation ?? 0) + 1, activatesAt);
    if (previous) {
      await this.model.updateOne(
        { kid: previous.kid, retiredAt: null },
        {
          $set: {
            retiredAt: activatesAt,
            publishUntil: new Date(
              activatesAt.getTime() + (ACCESS_TOKEN_TTL_SECONDS + PUBLISH_MARGIN_SECONDS) * 1000,
            ),
          },
        },
      );
    }
    await this.reload();
    return { kid: created.kid, retiredKid: previous?.kid, activatesAt };
  }

  /**
   * Withdraws a key at once: it leaves the JWKS and stops verifying. When it
   * was the one signing, signing moves at once to a published newer key or to
   * a new key (verifiers fetch an unknown kid on sight; an emergency cannot
   * wait for the usual activation delay).
   */
  async revoke(kid: string): Promise<{ revoked: boolean; signingKid: string }> {
    await this.reload();
    const target = this.keys.find((key) => key.kid === kid);
    if (!target) return { revoked: false, signingKid: (await this.signingKey()).kid };
    const now = new Date();
    await this.model.updateOne(
      { kid },
      {
        $set: {
          revokedAt: now,
          publishUntil: now,
          retiredAt: target.activatesAt < now ? now : target.activatesAt,
        },
      },
    );
    await this.reload();
    const remaining = this.keys.filter((key) => this.isPublished(key));
    const active = remaining.find((key) => key.activatesAt.getTime() <= now.getTime());
    if (!active) {
      const pending = remaining.at(-1);
      if (pending) {
        await this.model.updateOne({ kid: pending.kid }, { $set: { activatesAt: now } });
      } else {
        await this.createKey((this.keys[0]?.generation ?? 0) + 1, now);
      }
      await this.reload();
    }
    return { revoked: true, signingKid: (await this.signingKey()).kid };
  }

  /** Re-reads the key set now (instances also do so every minute). */
  async refresh(): Promise<void> {
    await this.reload();
  }

  /** Removes keys whose public half is no longer published. */
  async purgeUnpublished(now = new Date()): Promise<number> {
    const result = await this.model.deleteMany({ publishUntil: { $ne: null, $lt: now } });
    return result.deletedCount;
  }

  private isPublished(key: LoadedKey): boolean {
    if (key.revokedAt) return false;
    return key.publishUntil === null || key.publishUntil.getTime() > Date.now();
  }

  private async reloadIfStale(): Promise<void> {
    if (Date.now() - this.loadedAt > this.refreshIntervalMs) await this.reload();
  }

  private async createKey(generation: number, activatesAt: Date): Promise<{ kid: string }> {
    const { publicKey, privateKey } = generateKeyPairSync('ed25519');
    // Hex, not base64url: a key id an operator passes on a command line
    // (`--kid …`) must never begin with a dash.
    const kid = randomBytes(12).toString('hex');
    const publicJwk = { ...publicKey.export({ format: 'jwk' }), kid, alg: 'EdDSA', use: 'sig' };
    const privateJwk = JSON.stringify(privateKey.export({ format: 'jwk' }));
    try {
      await this.model.create({
        generation,
        kid,
        publicJwk,
        encryptedPrivateJwk: encryptWithKek(this.kek, privateJwk, kid),
        activatesAt,
        retiredAt: null,
        publishUntil: null,
      });
      this.logger.log({ kid, activatesAt }, 'signing key created');
      return { kid };
    } catch (error) {
      // Another instance created this generation first; use its key.
      if (isDuplicateKey(error)) {
        const winner = await this.model.findOne({ generation }).lean().exec();
        if (winner) return { kid: winner.kid };
      }
      throw error;
    }
  }

  private async reload(): Promise<void> {
    const docs = await this.model.find({}).sort({ generation: -1 }).lean<SigningKey[]>().exec();
    this.keys = docs.map((doc) => ({
      kid: doc.kid,
      generation: doc.generation,
      publicJwk: doc.publicJwk as unknown as JWK,
      publicKey: createPublicKey({
        key: doc.publicJwk as unknown as JWK & { kty: string },
        format: 'jwk',
      }),
      encryptedPrivateJwk: doc.encryptedPrivateJwk,
      activatesAt: doc.activatesAt ?? doc.createdAt ?? new Date(0),
      publishUntil: doc.publishUntil ?? null,
      revokedAt: doc.revokedAt ?? null,
    }));
    this.loadedAt = Date.now();
  }
}
