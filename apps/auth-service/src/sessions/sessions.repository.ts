import { Injectable, type OnModuleInit } from '@nestjs/common';
import { InjectModel } from '@nestjs/mongoose';
import { type Model, Types } from 'mongoose';
import { Session } from './session.schema.js';
import { ensureCollection } from '../database/ensure-collection.js';

export type SessionRecord = Session;

function activeFilter(now: Date) {
  return { revokedAt: null, absoluteExpiresAt: { $gt: now } };
}

@Injectable()
export class SessionsRepository implements OnModuleInit {
  constructor(@InjectModel(Session.name) private readonly sessions: Model<Session>) {}

  async onModuleInit(): Promise<void> {
    await ensureCollection(this.sessions);
  }

  async create(
    data: Omit<Session, '_id' | 'revokedAt' | 'revokedReason' | 'authTime'> & { authTime: Date },
  ): Promise<SessionRecord> {
    const created = await this.sessions.create({ ...data, revokedAt: null, revokedReason: null });
    return created.toObject<SessionRecord>();
  }

  findActive(sessionId: string, userId: string, now: Date): Promise<SessionRecord | null> {
    if (!Types.ObjectId.isValid(sessionId)) return Promise.resolve(null);
    return this.sessions
      .findOne({ _id: sessionId, userId, ...activeFilter(now) })
      .lean<SessionRecord>()
      .exec();
  }

  listActive(userId: string, now: Date): Promise<SessionRecord[]> {
    return this.sessions
      .find({ userId, ...activeFilter(now) })
      .sort({ createdAt: -1 })
      .lean<SessionRecord[]>()
      .exec();
  }

  async revoke(filter: { sessionId: string; userId?: string }, reason: string): Promise<boolean> {
    if (!Types.ObjectId.isValid(filter.sessionId)) return false;
    const query: Record<string, unknown> = { _id: filter.sessionId, revokedAt: null };
    if (filter.userId) query.userId = filter.userId;
    const result = await this.sessions
      .updateOne(query, { $set: { revokedAt: new Date(), revokedReason: reason } })
      .exec();
    return result.modifiedCount > 0;
  }

  /**
   * Revokes every session of a user (optionally sparing one, or only those
   * scoped to an organization) and returns the ids it revoked: they are read
   * back by the exact revocation time this call wrote, so a concurrent
   * revocation's sessions are not counted twice.
   */
  async revokeAllForUser(
    userId: string,
    reason: string,
    options: { exceptSessionId?: string; organizationId?: string } = {},
  ): Promise<string[]> {
    const query: Record<string, unknown> = { userId, revokedAt: null };
    if (options.exceptSessionId) query._id = { $ne: new Types.ObjectId(options.exceptSessionId) };
    if (options.organizationId) query.organizationId = options.organizationId;
    const at = new Date();
    const result = await this.sessions
      .updateMany(query, { $set: { revokedAt: at, revokedReason: reason } })
      .exec();
    if (result.modifiedCount === 0) return [];
    const rows = await this.sessions
      .find({ userId, revokedAt: at, revokedReason: reason }, { _id: 1 })
      .lean<{ _id: Types.ObjectId }[]>()
      .exec();
    return rows.map((row) => String(row._id));
  }

  /** Sessions revoked after `since` (republished to the revocation feed at start-up). */
  async revokedSince(since: Date): Promise<string[]> {
    const rows = await this.sessions
      .find({ revokedAt: { $gt: since } }, { _id: 1 })
      .lean<{ _id: Types.ObjectId }[]>()
      .exec();
    return rows.map((row) => String(row._id));
  }

  /** Deletes sessions that ended (expired, or revoked more than `keepRevokedFor` ago). */
  async purgeEnded(now: Date, revokedBefore: Date): Promise<number> {
    const result = await this.sessions
      .deleteMany({
        $or: [
          { absoluteExpiresAt: { $lt: now } },
          { revokedAt: { $ne: null, $lt: revokedBefore } },
        ],
      })
      .exec();
    return result.deletedCount;
  }
}
