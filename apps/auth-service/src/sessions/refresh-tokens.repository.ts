import { Injectable, type OnModuleInit } from '@nestjs/common';
import { InjectModel } from '@nestjs/mongoose';
import type { Model } from 'mongoose';
import { RefreshToken } from './refresh-token.schema.js';

export type RefreshTokenRecord = RefreshToken;

@Injectable()
export class RefreshTokensRepository implements OnModuleInit {
  constructor(@InjectModel(RefreshToken.name) private readonly tokens: Model<RefreshToken>) {}

  async onModuleInit(): Promise<void> {
    await this.tokens.createCollection().catch(() => undefined);
    await this.tokens.createIndexes();
  }

  async create(data: {
    tokenHash: string;
    sessionId: string;
    userId: string;
    expiresAt: Date;
  }): Promise<void> {
    await this.tokens.create({ ...data, createdAt: new Date(), rotatedAt: null });
  }

  /**
   * The rotation: one conditional update that only an unused, unexpired token
   * passes. Of two concurrent refreshes with the same token, exactly one gets
   * the document back.
   */
  claim(tokenHash: string, now: Date): Promise<RefreshTokenRecord | null> {
    return this.tokens
      .findOneAndUpdate(
        { tokenHash, rotatedAt: null, expiresAt: { $gt: now } },
        { $set: { rotatedAt: now } },
        { returnDocument: 'after' },
      )
      .lean<RefreshTokenRecord>()
      .exec();
  }

  findByHash(tokenHash: string): Promise<RefreshTokenRecord | null> {
    return this.tokens.findOne({ tokenHash }).lean<RefreshTokenRecord>().exec();
  }

  async purgeExpired(now: Date): Promise<number> {
    const result = await this.tokens.deleteMany({ expiresAt: { $lt: now } }).exec();
    return result.deletedCount;
  }
}
