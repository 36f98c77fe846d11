import { Injectable, type OnModuleInit } from '@nestjs/common';
import { InjectModel } from '@nestjs/mongoose';
import type { Model } from 'mongoose';
import { ensureCollection } from '../database/ensure-collection.js';
import { TotpFactor } from './totp-factor.schema.js';

export type TotpFactorRecord = TotpFactor;

@Injectable()
export class TotpFactorsRepository implements OnModuleInit {
  constructor(@InjectModel(TotpFactor.name) private readonly factors: Model<TotpFactor>) {}

  async onModuleInit(): Promise<void> {
    await ensureCollection(this.factors);
  }

  findForUser(userId: string): Promise<TotpFactorRecord | null> {
    return this.factors.findOne({ userId }).lean<TotpFactorRecord>().exec();
  }

  /**
   * Stores a new pending secret, replacing an unconfirmed one. False when the
   * account already has a confirmed factor (it must be removed first).
   */
  async savePending(userId: string, encryptedSecret: string): Promise<boolean> {
    await this.factors.deleteMany({ userId, confirmedAt: null }).exec();
    try {
      await this.factors.create({
        userId,
        encryptedSecret,
        createdAt: new Date(),
        confirmedAt: null,
      });
      return true;
    } catch (error) {
      if ((error as { code?: number }).code === 11000) return false;
      throw error;
    }
  }

  async confirm(factor: TotpFactorRecord, at: Date): Promise<boolean> {
    const result = await this.factors
      .updateOne({ _id: factor._id, confirmedAt: null }, { $set: { confirmedAt: at } })
      .exec();
    return result.modifiedCount > 0;
  }

  async remove(userId: string): Promise<boolean> {
    const result = await this.factors.deleteMany({ userId }).exec();
    return result.deletedCount > 0;
  }
}
