import { Prop, Schema, SchemaFactory } from '@nestjs/mongoose';
import type { Types } from 'mongoose';
import { ORGANIZATION_ROLES, type OrganizationRole } from '../memberships/roles.js';

/** An invitation to an organization, sent by email; the token is stored only as SHA-256. */
@Schema({ collection: 'invitations', versionKey: false })
export class Invitation {
  _id!: Types.ObjectId;

  @Prop({ type: String, required: true })
  tokenHash!: string;

  @Prop({ type: String, required: true })
  organizationId!: string;

  /** Normalized email of the invitee. */
  @Prop({ type: String, required: true })
  email!: string;

  @Prop({ type: String, enum: ORGANIZATION_ROLES, required: true })
  role!: OrganizationRole;

  /** `service:<clientId>` that created it, plus the end user the caller names, if any. */
  @Prop({ type: String, required: true })
  invitedBy!: string;

  /**
   * `<clientId>:<organizationId>:<Idempotency-Key>` when the caller sent one,
   * otherwise a random value (unique index; FerretDB has no partial indexes).
   */
  @Prop({ type: String, required: true })
  idempotencyKey!: string;

  /** SHA-256 of the request the key was first used with: another request under it is refused. */
  @Prop({ type: String, default: null })
  requestHash!: string | null;

  @Prop({ type: Date, required: true })
  createdAt!: Date;

  @Prop({ type: Date, required: true })
  expiresAt!: Date;

  @Prop({ type: Date, default: null })
  acceptedAt!: Date | null;

  @Prop({ type: String, default: null })
  acceptedByUserId!: string | null;

  /** Withdrawn by an admin (or because the member was removed): the link no longer works. */
  @Prop({ type: Date, default: null })
  revokedAt!: Date | null;

  @Prop({ type: String, default: null })
  revokedBy!: string | null;
}

export const InvitationSchema = SchemaFactory.createForClass(Invitation);
InvitationSchema.index({ tokenHash: 1 }, { unique: true, name: 'token_hash_unique' });
InvitationSchema.index({ organizationId: 1, email: 1 }, { name: 'organization_email' });
InvitationSchema.index({ organizationId: 1, _id: -1 }, { name: 'organization_newest' });
InvitationSchema.index({ expiresAt: 1 }, { name: 'expiry' });
InvitationSchema.index({ idempotencyKey: 1 }, { unique: true, name: 'idempotency_key_unique' });
