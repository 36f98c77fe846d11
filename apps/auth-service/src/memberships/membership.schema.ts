import { Prop, Schema, SchemaFactory } from '@nestjs/mongoose';
import type { Types } from 'mongoose';
import { OutboxFields } from '../domain-events/outbox.js';
import { ORGANIZATION_ROLES, type OrganizationRole } from './roles.js';

/** A user's role in one organization (organization ids are Management's UUIDs). */
@Schema({ collection: 'memberships', timestamps: true, versionKey: false })
export class Membership extends OutboxFields {
  _id!: Types.ObjectId;

  @Prop({ type: String, required: true })
  userId!: string;

  @Prop({ type: String, required: true })
  organizationId!: string;

  @Prop({ type: String, enum: ORGANIZATION_ROLES, required: true })
  role!: OrganizationRole;

  /**
   * Set when the membership is removed. The document stays until its
   * membership.changed event has been relayed (the event rides in the same
   * write), then the purge job deletes it.
   */
  @Prop({ type: Date, default: null })
  removedAt!: Date | null;

  createdAt!: Date;
  updatedAt!: Date;
}

export const MembershipSchema = SchemaFactory.createForClass(Membership);
MembershipSchema.index(
  { userId: 1, organizationId: 1 },
  { unique: true, name: 'user_organization_unique' },
);
MembershipSchema.index({ organizationId: 1, userId: 1 }, { name: 'organization_members' });
MembershipSchema.index({ lastEventAt: 1 }, { name: 'last_event' });
