import { Injectable, type OnModuleInit } from '@nestjs/common';
import { InjectModel } from '@nestjs/mongoose';
import { type Model, Types } from 'mongoose';
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
    data: Omit<Invitation, '_id' | 'acceptedAt' | 'acceptedByUserId' | 'revokedAt' | 'revokedBy'>,
  ): Promise<{ invitation: InvitationRecord; created: boolean }> {
    try {
      const created = await this.invitations.create({
        ...data,
        acceptedAt: null,
        acceptedByUserId: null,
        revokedAt: null,
        revokedBy: null,
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
      .findOne({
        tokenHash: sha256Hex(raw),
        acceptedAt: null,
        revokedAt: null,
        expiresAt: { $gt: now },
      })
      .lean<InvitationRecord>()
      .exec();
  }

  /** Single use: a conditional update plus the single-use claim; a second caller gets null. */
  async accept(raw: string, userId: string, now = new Date()): Promise<InvitationRecord | null> {
    const tokenHash = sha256Hex(raw);
    const invitation = await this.invitations
      .findOneAndUpdate(
        { tokenHash, acceptedAt: null, revokedAt: null, expiresAt: { $gt: now } },
        { $set: { acceptedAt: now, acceptedByUserId: userId } },
        { returnDocument: 'after' },
      )
      .lean<InvitationRecord>()
      .exec();
    if (!invitation) return null;
    const won = await this.claims.claimOnce(`invitation:${tokenHash}`, invitation.expiresAt);
    return won ? invitation : null;
  }

  /**
   * Pending invitations of an organization, newest first, keyset by id: up to
   * `limit` after (older than) or before (newer than) a cursor id. Sorted
   * newest first either way.
   */
  async listPending(
    organizationId: string,
    page: { limit: number; after?: string; before?: string },
    now = new Date(),
  ): Promise<InvitationRecord[]> {
    const filter: Record<string, unknown> = {
      organizationId,
      acceptedAt: null,
      revokedAt: null,
      expiresAt: { $gt: now },
    };
    if (page.after) filter._id = { $lt: new Types.ObjectId(page.after) };
    if (page.before) filter._id = { $gt: new Types.ObjectId(page.before) };
    const rows = await this.invitations
      .find(filter)
      .sort({ _id: page.before ? 1 : -1 })
      .limit(page.limit)
      .lean<InvitationRecord[]>()
      .exec();
    return page.before ? rows.reverse() : rows;
  }

  /** Pending invitations of one address to an organization (to revoke them with the member). */
  findPendingFor(organizationId: string, email: string, now = new Date()) {
    return this.invitations
      .find({ organizationId, email, acceptedAt: null, revokedAt: null, expiresAt: { $gt: now } })
      .lean<InvitationRecord[]>()
      .exec();
  }

  findInOrganization(organizationId: string, id: string): Promise<InvitationRecord | null> {
    if (!Types.ObjectId.isValid(id)) return Promise.resolve(null);
    return this.invitations.findOne({ _id: id, organizationId }).lean<InvitationRecord>().exec();
  }

  /**
   * Withdraws a pending invitation. Acceptance and revocation claim the same
   * single-use key, so of an acceptance and a revocation racing, exactly one
   * wins: a revoked invitation is never accepted, an accepted one stays so.
   * Returns the invitation as it now stands, or null when it was not pending.
   */
  async revoke(
    invitation: InvitationRecord,
    by: string,
    now = new Date(),
  ): Promise<InvitationRecord | null> {
    if (invitation.revokedAt) return invitation;
    if (invitation.acceptedAt || invitation.expiresAt.getTime() <= now.getTime()) return null;
    const won = await this.claims.claimOnce(
      `invitation:${invitation.tokenHash}`,
      invitation.expiresAt,
    );
    if (!won) {
      const current = await this.findInOrganization(
        invitation.organizationId,
        String(invitation._id),
      );
      return current?.revokedAt ? current : null;
    }
    await this.invitations
      .updateOne({ _id: invitation._id }, { $set: { revokedAt: now, revokedBy: by } })
      .exec();
    return { ...invitation, revokedAt: now, revokedBy: by };
  }

  async purgeExpired(now: Date): Promise<number> {
    const result = await this.invitations
      .deleteMany({ expiresAt: { $lt: now }, acceptedAt: null })
      .exec();
    return result.deletedCount;
  }
}
