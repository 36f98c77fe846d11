import { Prop, Schema, SchemaFactory } from '@nestjs/mongoose';
import type { Types } from 'mongoose';
import type { TokenRole } from '../memberships/roles.js';

/** A signed-in device. Expiry is checked on every read; the purge job deletes ended sessions. */
@Schema({ collection: 'sessions', versionKey: false })
export class Session {
  _id!: Types.ObjectId;

  @Prop({ type: String, required: true })
  userId!: string;

  /** Active organization of the tokens issued for this session, or null. */
  @Prop({ type: String, default: null })
  organizationId!: string | null;

  @Prop({ type: String, default: null })
  role!: TokenRole | null;

  @Prop({ type: String, default: '' })
  userAgent!: string;

  @Prop({ type: String, default: '' })
  ip!: string;

  @Prop({ type: Date, required: true })
  createdAt!: Date;

  @Prop({ type: Date, required: true })
  lastUsedAt!: Date;

  /** Sliding (inactivity) expiry, moved forward on every refresh. */
  @Prop({ type: Date, required: true })
  idleExpiresAt!: Date;

  /** Absolute expiry, never moved forward. */
  @Prop({ type: Date, required: true })
  absoluteExpiresAt!: Date;

  @Prop({ type: Date, default: null })
  revokedAt!: Date | null;

  @Prop({ type: String, default: null })
  revokedReason!: string | null;
}

export const SessionSchema = SchemaFactory.createForClass(Session);
SessionSchema.index({ userId: 1, revokedAt: 1 }, { name: 'user_sessions' });
SessionSchema.index({ organizationId: 1, userId: 1 }, { name: 'organization_sessions' });
SessionSchema.index({ absoluteExpiresAt: 1 }, { name: 'absolute_expiry' });
