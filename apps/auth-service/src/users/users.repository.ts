import { Injectable, type OnModuleInit } from '@nestjs/common';
import { InjectModel } from '@nestjs/mongoose';
import { type Model, Types } from 'mongoose';
import {
  accountSnapshot,
  domainEvent,
  initialOutbox,
  updateWithEvent,
} from '../domain-events/outbox.js';
import { type Locale, User, type PlatformRole } from './user.schema.js';
import { ensureCollection } from '../database/ensure-collection.js';

export type UserRecord = User;

function escapeRegExp(text: string): string {
  return text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
}

function isDuplicateKey(error: unknown): boolean {
  return typeof error === 'object' && error !== null && (error as { code?: number }).code === 11000;
}

@Injectable()
export class UsersRepository implements OnModuleInit {
  constructor(@InjectModel(User.name) private readonly users: Model<User>) {}

  async onModuleInit(): Promise<void> {
    await ensureCollection(this.users);
  }

  findById(id: string): Promise<UserRecord | null> {
    if (!Types.ObjectId.isValid(id)) return Promise.resolve(null);
    return this.users.findById(id).lean<UserRecord>().exec();
  }

  findByIds(ids: string[]): Promise<UserRecord[]> {
    const valid = ids.filter((id) => Types.ObjectId.isValid(id));
    return this.users
      .find({ _id: { $in: valid } })
      .lean<UserRecord[]>()
      .exec();
  }

  findByEmail(normalizedEmail: string): Promise<UserRecord | null> {
    return this.users.findOne({ email: normalizedEmail }).lean<UserRecord>().exec();
  }

  /** Creates an account, or returns null when the email is already taken. */
  async create(data: {
    email: string;
    name: string;
    passwordHash: string;
    emailVerifiedAt?: Date | null;
    platformRole?: PlatformRole | null;
    locale?: Locale;
  }): Promise<UserRecord | null> {
    const _id = new Types.ObjectId();
    const fields = {
      emailVerifiedAt: null,
      platformRole: null,
      disabledAt: null,
      disabledBy: null,
      passwordChangedAt: null,
      ...data,
    };
    // The user.registered event is written with the account, in the same insert.
    const event = domainEvent('user.registered', accountSnapshot({ _id, ...fields }));
    try {
      const created = await this.users.create({
        _id,
        ...fields,
        ...initialOutbox(event),
      });
      return created.toObject<UserRecord>();
    } catch (error) {
      if (isDuplicateKey(error)) return null;
      throw error;
    }
  }

  async markEmailVerified(id: Types.ObjectId, at: Date): Promise<void> {
    const event = domainEvent('user.verified', { userId: String(id) });
    await this.users
      .updateOne(
        { _id: id, emailVerifiedAt: null },
        updateWithEvent(event, { emailVerifiedAt: at }),
      )
      .exec();
  }

  get model(): Model<User> {
    return this.users;
  }

  /** Replaces the hash only if it is still the one that was verified (no lost update). */
  async replacePasswordHash(id: Types.ObjectId, newHash: string, previousHash?: string) {
    const filter = previousHash ? { _id: id, passwordHash: previousHash } : { _id: id };
    await this.users.updateOne(filter, { $set: { passwordHash: newHash } }).exec();
  }

  /** A new password chosen by the owner (change or reset): reset links issued before it are void. */
  async setNewPassword(id: Types.ObjectId, newHash: string, at = new Date()): Promise<void> {
    await this.users
      .updateOne({ _id: id }, { $set: { passwordHash: newHash, passwordChangedAt: at } })
      .exec();
  }

  /** Changes the owner's name or language; the user.updated event rides in the same write. */
  async updateProfile(
    user: UserRecord,
    changes: { name?: string; locale?: Locale },
  ): Promise<UserRecord | null> {
    const next = { ...user, ...changes };
    const event = domainEvent('user.updated', accountSnapshot(next));
    return this.users
      .findOneAndUpdate({ _id: user._id }, updateWithEvent(event, changes), {
        returnDocument: 'after',
      })
      .lean<UserRecord>()
      .exec();
  }

  async setDisabled(id: Types.ObjectId, at: Date, by: string): Promise<boolean> {
    const result = await this.users
      .updateOne({ _id: id, disabledAt: null }, { $set: { disabledAt: at, disabledBy: by } })
      .exec();
    return result.modifiedCount > 0;
  }

  async setEnabled(id: Types.ObjectId): Promise<boolean> {
    const result = await this.users
      .updateOne(
        { _id: id, disabledAt: { $ne: null } },
        { $set: { disabledAt: null, disabledBy: null } },
      )
      .exec();
    return result.modifiedCount > 0;
  }

  /** Accounts disabled after `since` (republished to the revocation feed at start-up). */
  async disabledSince(since: Date): Promise<{ userId: string; disabledAt: Date }[]> {
    const rows = await this.users
      .find({ disabledAt: { $gt: since } }, { _id: 1, disabledAt: 1 })
      .lean<{ _id: Types.ObjectId; disabledAt: Date }[]>()
      .exec();
    return rows.map((row) => ({ userId: String(row._id), disabledAt: row.disabledAt }));
  }

  /**
   * Accounts newest first, optionally those whose email or name contains
   * `search` (case-insensitive; the text is matched literally), keyset by id.
   */
  async search(query: { search?: string; limit: number; before?: string }): Promise<UserRecord[]> {
    const filter: Record<string, unknown> = {};
    if (query.search) {
      const pattern = new RegExp(escapeRegExp(query.search), 'i');
      filter.$or = [{ email: pattern }, { name: pattern }];
    }
    if (query.before && Types.ObjectId.isValid(query.before)) {
      filter._id = { $lt: new Types.ObjectId(query.before) };
    }
    return this.users.find(filter).sort({ _id: -1 }).limit(query.limit).lean<UserRecord[]>().exec();
  }

  async setPlatformRole(id: Types.ObjectId, role: PlatformRole | null): Promise<void> {
    await this.users.updateOne({ _id: id }, { $set: { platformRole: role } }).exec();
  }
}
