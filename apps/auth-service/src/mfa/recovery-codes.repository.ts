import { Injectable, type OnModuleInit } from '@nestjs/common';
import { InjectModel } from '@nestjs/mongoose';
import type { Model } from 'mongoose';
import { ensureCollection } from '../database/ensure-collection.js';
import { SingleUseClaimsRepository } from '../database/single-use-claims.repository.js';
import { RecoveryCode } from './recovery-code.schema.js';

/** Claims on used recovery codes are kept this long (codes never expire otherwise). */
const CLAIM_RETENTION_MS = 400 * 24 * 60 * 60 * 1000;

@Injectable()
export class RecoveryCodesRepository implements OnModuleInit {
  constructor(
    @InjectModel(RecoveryCode.name) private readonly codes: Model<RecoveryCode>,
    private readonly claims: SingleUseClaimsRepository,
  ) {}

  async onModuleInit(): Promise<void> {
    await ensureCollection(this.codes);
  }

  /** Replaces the account's codes with a new set (given as hashes). */
  async replaceAll(userId: string, codeHashes: string[]): Promise<void> {
    await this.codes.deleteMany({ userId }).exec();
    const createdAt = new Date();
    await this.codes.insertMany(
      codeHashes.map((codeHash) => ({ userId, codeHash, createdAt, usedAt: null })),
    );
  }

  /**
   * Uses a code once: the conditional update marks it, and the single-use
   * claim on its hash decides between concurrent uses (FerretDB 1.x can let
   * two conditional updates through; the unique insert cannot).
   */
  async use(userId: string, codeHash: string, now = new Date()): Promise<boolean> {
    const code = await this.codes
      .findOneAndUpdate({ userId, codeHash, usedAt: null }, { $set: { usedAt: now } })
      .lean<RecoveryCode>()
      .exec();
    if (!code) return false;
    return this.claims.claimOnce(
      `recovery:${codeHash}`,
      new Date(now.getTime() + CLAIM_RETENTION_MS),
    );
  }

  countUnused(userId: string): Promise<number> {
    return this.codes.countDocuments({ userId, usedAt: null }).exec();
  }

  async removeAll(userId: string): Promise<void> {
    await this.codes.deleteMany({ userId }).exec();
  }
}
