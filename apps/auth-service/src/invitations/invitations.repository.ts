import { Injectable, type OnModuleInit } from '@nestjs/common';
import { InjectModel } from '@nestjs/mongoose';
import type { Model } from 'mongoose';
import { sha256Hex } from '../common/opaque-token.js';
import { SingleUseClaimsRepository } from '../database/single-use-claims.repository.js';
import { Invitation } from './invitation.schema.js';
import { ensureCollection } from '../database/ensure-collection.js';

export type InvitationRecord = Invitation;

@Injectable()
export class InvitationsRepository implements OnModuleInit {
  constructor(
    @InjectModel(Invitation.name) private readonly invitations: Model<Invitation>,
    private readonly claims: SingleUseClaimsRepository,
  ) {}

  async onModuleInit(): Promise<void> {
    await ensureCollection(this.invitations);
  }

  /**
   * Creates the invitation, or returns the one already created with the same
   * idempotency key (a retried request); `created` says which.
   */
  async create(
    data: Omit<Invitation, '_id' | 'acceptedAt' | 'acceptedByUserId'>,
  ): Promise<{ invitation: InvitationRecord; created: boolean }> {
    try {
      const created = await this.invitations.create({
        ...data,
        acceptedAt: null,
        acceptedByUserId: null,
      });
      return { invitation: created.toObject<InvitationRecord>(), created: true };
    } catch (error) {
      if ((error as { code?: number }).code !== 11000) throw error;
      const existing = await this.invitations
        .findOne({ idempotencyKey: data.idempotencyKey })
        .lean<InvitationRecord>()
        .exec();
      if (!existing) throw error;
      return { invitation: existing, created: false };
    }
  }

  findUsable(raw: string, now = new Date()): Promise<InvitationRecord | null> {
    return this.invitations
      .findOne({ tokenHash: sha256Hex(raw), acceptedAt: null, expiresAt: { $gt: now } })
      .lean<InvitationRecord>()
      .exec();
  }

  /** Single use: a conditional update plus the single-use claim; a second caller gets null. */
  async accept(raw: string, userId: string, now = new Date()): Promise<InvitationRecord | null> {
    const tokenHash = sha256Hex(raw);
    const invitation = await this.invitations
      .findOneAndUpdate(
        { tokenHash, acceptedAt: null, expiresAt: { $gt: now } },
        { $set: { acceptedAt: now, acceptedByUserId: userId } },
        { returnDocument: 'after' },
      )
      .lean<InvitationRecord>()
      .exec();
    if (!invitation) return null;
    const won = await this.claims.claimOnce(`invitation:${tokenHash}`, invitation.expiresAt);
    return won ? invitation : null;
  }

  async purgeExpired(now: Date): Promise<number> {
    const result = await this.invitations
      .deleteMany({ expiresAt: { $lt: now }, acceptedAt: null })
      .exec();
    return result.deletedCount;
  }
}
