import { Injectable, type OnModuleInit } from '@nestjs/common';
import { InjectModel } from '@nestjs/mongoose';
import type { Model } from 'mongoose';
import { ensureCollection } from '../database/ensure-collection.js';
import { OrganizationPolicy } from './organization-policy.schema.js';

export interface OrganizationPolicyView {
  organizationId: string;
  requireMfaForStaff: boolean;
  updatedAt: Date | null;
}

@Injectable()
export class OrganizationPoliciesRepository implements OnModuleInit {
  constructor(
    @InjectModel(OrganizationPolicy.name) private readonly policies: Model<OrganizationPolicy>,
  ) {}

  async onModuleInit(): Promise<void> {
    await ensureCollection(this.policies);
  }

  /** The organization's policy; the defaults when none was ever stored. */
  async get(organizationId: string): Promise<OrganizationPolicyView> {
    const stored = await this.policies.findById(organizationId).lean<OrganizationPolicy>().exec();
    return {
      organizationId,
      requireMfaForStaff: stored?.requireMfaForStaff ?? false,
      updatedAt: stored?.updatedAt ?? null,
    };
  }

  async set(
    organizationId: string,
    changes: { requireMfaForStaff: boolean },
    updatedBy: string,
  ): Promise<OrganizationPolicyView> {
    const updatedAt = new Date();
    await this.policies
      .updateOne(
        { _id: organizationId },
        { $set: { ...changes, updatedAt, updatedBy } },
        { upsert: true },
      )
      .exec();
    return { organizationId, ...changes, updatedAt };
  }
}
