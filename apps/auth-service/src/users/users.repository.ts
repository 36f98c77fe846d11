import { Injectable, type OnModuleInit } from '@nestjs/common';
import { InjectModel } from '@nestjs/mongoose';
import { type Model, Types } from 'mongoose';
import {
  accountSnapshot,
  domainEvent,
  initialOutbox,
  updateWithEvent,
} from '../domain-events/outbox.js';
import { User, type PlatformRole } from './user.schema.js';
import { ensureCollection } from '../database/ensure-collection.js';

export type UserRecord = User;

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
  }): Promise<UserRecord | null> {
    const _id = new Types.ObjectId();
    const fields = { emailVerifiedAt: null, platformRole: null, ...data };
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

  async setPlatformRole(id: Types.ObjectId, role: PlatformRole | null): Promise<void> {
    await this.users.updateOne({ _id: id }, { $set: { platformRole: role } }).exec();
  }
}
