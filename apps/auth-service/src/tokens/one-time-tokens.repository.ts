import { Injectable, type OnModuleInit } from '@nestjs/common';
import { InjectModel } from '@nestjs/mongoose';
import type { Model } from 'mongoose';
import { randomToken, sha256Hex } from '../common/opaque-token.js';
import { SingleUseClaimsRepository } from '../database/single-use-claims.repository.js';
import { OneTimeToken, type OneTimeTokenPurpose } from './one-time-token.schema.js';
import { ensureCollection } from '../database/ensure-collection.js';

@Injectable()
export class OneTimeTokensRepository implements OnModuleInit {
  constructor(
    @InjectModel(OneTimeToken.name) private readonly tokens: Model<OneTimeToken>,
    private readonly claims: SingleUseClaimsRepository,
  ) {}

  async onModuleInit(): Promise<void> {
    await ensureCollection(this.tokens);
  }

  /** Issues a 256-bit token; only its hash is stored. Returns the raw token for the email. */
  async issue(
    userId: string,
    purpose: OneTimeTokenPurpose,
    ttlSeconds: number,
    extra: { organizationId?: string | null } = {},
  ): Promise<string> {
    const raw = randomToken(32);
    const now = new Date();
    await this.tokens.create({
      tokenHash: sha256Hex(raw),
      purpose,
      userId,
      createdAt: now,
      expiresAt: new Date(now.getTime() + ttlSeconds * 1000),
      usedAt: null,
      organizationId: extra.organizationId ?? null,
    });
    return raw;
  }

  /** Looks a token up without using it (to validate other input first). */
  findUsable(raw: string, purpose: OneTimeTokenPurpose, now = new Date()) {
    return this.tokens
      .findOne({ tokenHash: sha256Hex(raw), purpose, usedAt: null, expiresAt: { $gt: now } })
      .lean<OneTimeToken>()
      .exec();
  }

  /**
   * Uses a token: a conditional update plus the single-use claim (see
   * SingleUseClaimsRepository), so only one caller can ever get it back.
   */
  async consume(raw: string, purpose: OneTimeTokenPurpose, now = new Date()) {
    const tokenHash = sha256Hex(raw);
    const token = await this.tokens
      .findOneAndUpdate(
        { tokenHash, purpose, usedAt: null, expiresAt: { $gt: now } },
        { $set: { usedAt: now } },
        { returnDocument: 'after' },
      )
      .lean<OneTimeToken>()
      .exec();
    if (!token) return null;
    return (await this.claims.claimOnce(`${purpose}:${tokenHash}`, token.expiresAt)) ? token : null;
  }

  /** Invalidates a user's outstanding tokens of one purpose (e.g. after a reset). */
  async invalidateAll(userId: string, purpose: OneTimeTokenPurpose, now = new Date()) {
    await this.tokens
      .updateMany({ userId, purpose, usedAt: null }, { $set: { usedAt: now } })
      .exec();
  }

  async purgeExpired(now: Date): Promise<number> {
    const result = await this.tokens.deleteMany({ expiresAt: { $lt: now } }).exec();
    return result.deletedCount;
  }
}
