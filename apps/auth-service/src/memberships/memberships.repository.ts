import { Injectable, type OnModuleInit } from '@nestjs/common';
import { InjectModel } from '@nestjs/mongoose';
import type { AccountSnapshot } from '@trivance/shared';
import type { Model } from 'mongoose';
import { domainEvent, initialOutbox, updateWithEvent } from '../domain-events/outbox.js';
import { Membership } from './membership.schema.js';
import type { OrganizationRole } from './roles.js';
import { ensureCollection } from '../database/ensure-collection.js';

export type MembershipRecord = Membership;

const ACTIVE = { removedAt: null };

function changed(account: AccountSnapshot, organizationId: string, role: OrganizationRole | null) {
  return domainEvent('membership.changed', { ...account, organizationId, role });
}

@Injectable()
export class MembershipsRepository implements OnModuleInit {
  constructor(@InjectModel(Membership.name) private readonly memberships: Model<Membership>) {}

  async onModuleInit(): Promise<void> {
    await ensureCollection(this.memberships);
  }

  get model(): Model<Membership> {
    return this.memberships;
  }

  listForUser(userId: string): Promise<MembershipRecord[]> {
    return this.memberships
      .find({ userId, ...ACTIVE })
      .sort({ createdAt: 1 })
      .lean<MembershipRecord[]>()
      .exec();
  }

  find(organizationId: string, userId: string): Promise<MembershipRecord | null> {
    return this.memberships
      .findOne({ organizationId, userId, ...ACTIVE })
      .lean<MembershipRecord>()
      .exec();
  }

  /** Active memberships of an organization in account-id order, after a cursor. */
  pageForOrganization(
    organizationId: string,
    after: string | undefined,
    limit: number,
  ): Promise<MembershipRecord[]> {
    return this.memberships
      .find({ organizationId, ...ACTIVE, ...(after ? { userId: { $gt: after } } : {}) })
      .sort({ userId: 1 })
      .limit(limit)
      .lean<MembershipRecord[]>()
      .exec();
  }

  /**
   * Adds the membership if the user has none in the organization (re-activating
   * a removed one, or inserting on the unique pair); returns the stored one and
   * whether it was added. The membership.changed event rides in the same write.
   */
  async addIfAbsent(
    organizationId: string,
    account: AccountSnapshot,
    role: OrganizationRole,
  ): Promise<{ membership: MembershipRecord; created: boolean }> {
    const userId = account.userId;
    const now = new Date();
    const reactivated = await this.memberships
      .findOneAndUpdate(
        { organizationId, userId, removedAt: { $ne: null } },
        updateWithEvent(changed(account, organizationId, role), {
          removedAt: null,
          role,
          createdAt: now,
          updatedAt: now,
        }),
        { returnDocument: 'after', timestamps: false },
      )
      .lean<MembershipRecord>()
      .exec();
    if (reactivated) return { membership: reactivated, created: true };

    let result;
    try {
      result = await this.upsert(organizationId, account, role, now);
    } catch (error) {
      // Two concurrent upserts: the unique pair lets one insert; the other finds it.
      if ((error as { code?: number }).code !== 11000) throw error;
      result = await this.upsert(organizationId, account, role, now);
    }
    const raw = result as unknown as {
      value: MembershipRecord;
      lastErrorObject?: { updatedExisting?: boolean };
    };
    return { membership: raw.value, created: !raw.lastErrorObject?.updatedExisting };
  }

  private upsert(
    organizationId: string,
    account: AccountSnapshot,
    role: OrganizationRole,
    now: Date,
  ) {
    const userId = account.userId;
    return this.memberships
      .findOneAndUpdate(
        { organizationId, userId },
        {
          $setOnInsert: {
            organizationId,
            userId,
            role,
            removedAt: null,
            createdAt: now,
            updatedAt: now,
            ...initialOutbox(changed(account, organizationId, role)),
          },
        },
        { upsert: true, returnDocument: 'after', includeResultMetadata: true, timestamps: false },
      )
      .lean()
      .exec();
  }

  changeRole(
    organizationId: string,
    account: AccountSnapshot,
    role: OrganizationRole,
  ): Promise<MembershipRecord | null> {
    return this.memberships
      .findOneAndUpdate(
        { organizationId, userId: account.userId, ...ACTIVE },
        updateWithEvent(changed(account, organizationId, role), { role }),
        { returnDocument: 'after' },
      )
      .lean<MembershipRecord>()
      .exec();
  }

  /** Marks the membership removed (with its event); false when there was none. */
  async remove(organizationId: string, account: AccountSnapshot): Promise<boolean> {
    const result = await this.memberships
      .updateOne(
        { organizationId, userId: account.userId, ...ACTIVE },
        updateWithEvent(changed(account, organizationId, null), { removedAt: new Date() }),
      )
      .exec();
    return result.modifiedCount > 0;
  }

  /** Deletes memberships removed before `before` (their events were relayed long since). */
  async purgeRemoved(before: Date): Promise<number> {
    const result = await this.memberships
      .deleteMany({ removedAt: { $ne: null, $lt: before } })
      .exec();
    return result.deletedCount;
  }
}
