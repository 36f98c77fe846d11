import { Injectable, type OnModuleInit } from '@nestjs/common';
import { InjectModel } from '@nestjs/mongoose';
import type { Model } from 'mongoose';
import { SingleUseClaimsRepository } from '../database/single-use-claims.repository.js';
import { RefreshToken } from './refresh-token.schema.js';
import { ensureCollection } from '../database/ensure-collection.js';

export type RefreshTokenRecord = RefreshToken;

@Injectable()
export class RefreshTokensRepository implements OnModuleInit {
  constructor(
    @InjectModel(RefreshToken.name) private readonly tokens: Model<RefreshToken>,
    private readonly claims: SingleUseClaimsRepository,
  ) {}

  async onModuleInit(): Promise<void> {
    await ensureCollection(this.tokens);
  }

  async create(data: Omit<RefreshToken, '_id' | 'createdAt' | 'rotatedAt'>): Promise<void> {
    await this.tokens.create({ ...data, createdAt: new Date(), rotatedAt: null });
  }

  /** The unused, unexpired token of each session: its last use, device and sliding expiry. */
  async currentForSessions(sessionIds: string[], now: Date): Promise<Map<string, RefreshToken>> {
    const rows = await this.tokens
      .find({
        sessionId: { $in: sessionIds },
        rotatedAt: null,
        idleExpiresAt: { $gt: now },
        expiresAt: { $gt: now },
      })
      .lean<RefreshTokenRecord[]>()
      .exec();
    return new Map(rows.map((row) => [row.sessionId, row]));
  }

  /**
   * The rotation: one conditional update that only an unused, unexpired token
   * passes, then the single-use claim on its hash. On MongoDB the update alone
   * serialises concurrent refreshes; FerretDB 1.x can let two through it, and
   * the claim (a unique _id insert) stops the second. Of two concurrent
   * refreshes with the same token, exactly one gets the document back.
   */
  async claim(tokenHash: string, now: Date): Promise<RefreshTokenRecord | null> {
    const token = await this.tokens
      .findOneAndUpdate(
        { tokenHash, rotatedAt: null, idleExpiresAt: { $gt: now }, expiresAt: { $gt: now } },
        { $set: { rotatedAt: now } },
        { returnDocument: 'after' },
      )
      .lean<RefreshTokenRecord>()
      .exec();
    if (!token) return null;
    return (await this.claims.claimOnce(`refresh:${tokenHash}`, token.expiresAt)) ? token : null;
  }

  findByHash(tokenHash: string): Promise<RefreshTokenRecord | null> {
    return this.tokens.findOne({ tokenHash }).lean<RefreshTokenRecord>().exec();
  }

  async purgeExpired(now: Date): Promise<number> {
    const result = await this.tokens.deleteMany({ expiresAt: { $lt: now } }).exec();
    return result.deletedCount;
  }
}
