import { Injectable, type OnModuleInit } from '@nestjs/common';
import { InjectModel } from '@nestjs/mongoose';
import type { Model } from 'mongoose';
import { SingleUseClaim } from './single-use-claim.schema.js';
import { ensureCollection } from './ensure-collection.js';

@Injectable()
export class SingleUseClaimsRepository implements OnModuleInit {
  constructor(@InjectModel(SingleUseClaim.name) private readonly claims: Model<SingleUseClaim>) {}

  async onModuleInit(): Promise<void> {
    await ensureCollection(this.claims);
  }

  /** True for exactly one caller per key, however many race. */
  async claimOnce(key: string, expiresAt: Date): Promise<boolean> {
    try {
      await this.claims.create({ _id: key, claimedAt: new Date(), expiresAt });
      return true;
    } catch (error) {
      if ((error as { code?: number }).code === 11000) return false;
      throw error;
    }
  }

  async purgeExpired(now: Date): Promise<number> {
    const result = await this.claims.deleteMany({ expiresAt: { $lt: now } }).exec();
    return result.deletedCount;
  }
}
