import { Prop, Schema, SchemaFactory } from '@nestjs/mongoose';
import type { Types } from 'mongoose';

/**
 * One refresh token, stored only as its SHA-256. A token is used once: rotation
 * sets rotatedAt in a single conditional update, and a rotated token presented
 * again revokes its session (reuse detection). Kept until the session's
 * absolute expiry so reuse is still recognised, then purged.
 */
@Schema({ collection: 'refresh_tokens', versionKey: false })
export class RefreshToken {
  _id!: Types.ObjectId;

  @Prop({ type: String, required: true })
  tokenHash!: string;

  @Prop({ type: String, required: true })
  sessionId!: string;

  @Prop({ type: String, required: true })
  userId!: string;

  /** When it was issued: the session's last use. */
  @Prop({ type: Date, required: true })
  createdAt!: Date;

  @Prop({ type: Date, default: null })
  rotatedAt!: Date | null;

  /** Sliding (inactivity) expiry of the session, moved forward by each new token. */
  @Prop({ type: Date, required: true })
  idleExpiresAt!: Date;

  /** The session's absolute expiry; the record is kept until then for reuse detection. */
  @Prop({ type: Date, required: true })
  expiresAt!: Date;

  /** Device and address of the request that received this token. */
  @Prop({ type: String, default: '' })
  userAgent!: string;

  @Prop({ type: String, default: '' })
  ip!: string;
}

export const RefreshTokenSchema = SchemaFactory.createForClass(RefreshToken);
RefreshTokenSchema.index({ tokenHash: 1 }, { unique: true, name: 'token_hash_unique' });
RefreshTokenSchema.index({ sessionId: 1, rotatedAt: 1 }, { name: 'session_current' });
RefreshTokenSchema.index({ expiresAt: 1 }, { name: 'expiry' });
