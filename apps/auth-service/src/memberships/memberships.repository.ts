import { Injectable, type OnModuleInit } from '@nestjs/common';
import { InjectModel } from '@nestjs/mongoose';
import type { Model } from 'mongoose';
import { Membership } from './membership.schema.js';
import type { OrganizationRole } from './roles.js';

export type MembershipRecord = Membership;

@Injectable()
export class MembershipsRepository implements OnModuleInit {
  constructor(@InjectModel(Membership.name) private readonly memberships: Model<Membership>) {}

  async onModuleInit(): Promise<void> {
    await this.memberships.createCollection().catch(() => undefined);
    await this.memberships.createIndexes();
  }

  listForUser(userId: string): Promise<MembershipRecord[]> {
    return this.memberships
      .find({ userId })
      .sort({ createdAt: 1 })
      .lean<MembershipRecord[]>()
      .exec();
  }

  find(organizationId: string, userId: string): Promise<MembershipRecord | null> {
    return this.memberships.findOne({ organizationId, userId }).lean<MembershipRecord>().exec();
  }

  async memberIds(organizationId: string): Promise<string[]> {
    const rows = await this.memberships
      .find({ organizationId }, { userId: 1 })
      .lean<{ userId: string }[]>()
      .exec();
    return rows.map((row) => row.userId);
  }

  listForOrganization(organizationId: string): Promise<MembershipRecord[]> {
    return this.memberships
      .find({ organizationId })
      .sort({ createdAt: 1 })
      .lean<MembershipRecord[]>()
      .exec();
  }

  /**
   * Adds the membership if absent (upsert on the unique pair); returns the
   * stored one and whether it was created.
   */
  async addIfAbsent(
    organizationId: string,
    userId: string,
    role: OrganizationRole,
  ): Promise<{ membership: MembershipRecord; created: boolean }> {
    const now = new Date();
    let result;
    try {
      result = await this.upsert(organizationId, userId, role, now);
    } catch (error) {
      // Two concurrent upserts: the unique pair lets one insert; the other finds it.
      if ((error as { code?: number }).code !== 11000) throw error;
      result = await this.upsert(organizationId, userId, role, now);
    }
    const raw = result as unknown as {
      value: MembershipRecord;
      lastErrorObject?: { updatedExisting?: boolean };
    };
    return { membership: raw.value, created: !raw.lastErrorObject?.updatedExisting };
  }

  private upsert(organizationId: string, userId: string, role: OrganizationRole, now: Date) {
    return this.memberships
      .findOneAndUpdate(
        { organizationId, userId },
        { $setOnInsert: { organizationId, userId, role, createdAt: now, updatedAt: now } },
        { upsert: true, returnDocument: 'after', includeResultMetadata: true, timestamps: false },
      )
      .lean()
      .exec();
  }

  changeRole(
    organizationId: string,
    userId: string,
    role: OrganizationRole,
  ): Promise<MembershipRecord | null> {
    return this.memberships
      .findOneAndUpdate({ organizationId, userId }, { $set: { role } }, { returnDocument: 'after' })
      .lean<MembershipRecord>()
      .exec();
  }

  async remove(organizationId: string, userId: string): Promise<boolean> {
    const result = await this.memberships.deleteOne({ organizationId, userId }).exec();
    return result.deletedCount > 0;
  }
}
