import { Prop, Schema, SchemaFactory } from '@nestjs/mongoose';
import type { Types } from 'mongoose';
import { ORGANIZATION_ROLES, type OrganizationRole } from './roles.js';

/** A user's role in one organization (organization ids are Management's UUIDs). */
@Schema({ collection: 'memberships', timestamps: true, versionKey: false })
export class Membership {
  _id!: Types.ObjectId;

  @Prop({ type: String, required: true })
  userId!: string;

  @Prop({ type: String, required: true })
  organizationId!: string;

  @Prop({ type: String, enum: ORGANIZATION_ROLES, required: true })
  role!: OrganizationRole;

  createdAt!: Date;
  updatedAt!: Date;
}

export const MembershipSchema = SchemaFactory.createForClass(Membership);
MembershipSchema.index(
  { userId: 1, organizationId: 1 },
  { unique: true, name: 'user_organization_unique' },
);
MembershipSchema.index({ organizationId: 1, userId: 1 }, { name: 'organization_members' });
