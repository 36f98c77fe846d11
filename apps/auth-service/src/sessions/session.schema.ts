import { Prop, Schema, SchemaFactory } from '@nestjs/mongoose';
import type { Types } from 'mongoose';
import type { AssuranceLevel } from '@trivance/shared';
import type { TokenRole } from '../memberships/roles.js';

/**
 * A signed-in device. Written only when it starts and when it is revoked:
 * refreshes write to refresh_tokens instead (last use, sliding expiry), because
 * FerretDB 1.x applies updates as read-modify-write and a refresh racing a
 * revocation could otherwise undo it. Expiry is checked on every read; the
 * purge job deletes ended sessions.
 */
@Schema({ collection: 'sessions', versionKey: false })
export class Session {
  _id!: Types.ObjectId;

  @Prop({ type: String, required: true })
  userId!: string;

  /** Active organization of the tokens issued for this session, or null (fixed for its life). */
  @Prop({ type: String, default: null })
  organizationId!: string | null;

  /** Role when the session started; refreshes re-read memberships. */
  @Prop({ type: String, default: null })
  role!: TokenRole | null;

  /** Device and address at sign-in (the current ones are on the session's refresh token). */
  @Prop({ type: String, default: '' })
  userAgent!: string;

  @Prop({ type: String, default: '' })
  ip!: string;

  @Prop({ type: Date, required: true })
  createdAt!: Date;

  /**
   * Assurance when the session started (aal1 after a password, aal2 after a
   * second factor). A later step-up is recorded in session_step_ups instead
   * of here, so this document is still written only at start and revocation.
   */
  @Prop({ type: String, enum: ['aal1', 'aal2'], default: 'aal1' })
  aal!: AssuranceLevel;

  /** Authentication methods (RFC 8176 `amr`), e.g. ["pwd"] or ["pwd", "otp", "mfa"]. */
  @Prop({ type: [String], default: ['pwd'] })
  amr!: string[];

  /** When the session last proved a factor (`auth_time`). */
  @Prop({ type: Date, default: null })
  authTime!: Date | null;

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
SessionSchema.index({ revokedAt: 1 }, { name: 'revoked_at' });
