import { Prop, Schema, SchemaFactory } from '@nestjs/mongoose';
import type { Types } from 'mongoose';

export const ONE_TIME_TOKEN_PURPOSES = ['verify_email', 'reset_password', 'mfa_login'] as const;
export type OneTimeTokenPurpose = (typeof ONE_TIME_TOKEN_PURPOSES)[number];

/**
 * Email verification, password reset and second-factor sign-in tokens (the
 * `mfaToken` a password sign-in answers with): stored only as SHA-256, single
 * use, expiring.
 */
@Schema({ collection: 'one_time_tokens', versionKey: false })
export class OneTimeToken {
  _id!: Types.ObjectId;

  @Prop({ type: String, required: true })
  tokenHash!: string;

  @Prop({ type: String, enum: ONE_TIME_TOKEN_PURPOSES, required: true })
  purpose!: OneTimeTokenPurpose;

  @Prop({ type: String, required: true })
  userId!: string;

  @Prop({ type: Date, required: true })
  createdAt!: Date;

  @Prop({ type: Date, required: true })
  expiresAt!: Date;

  @Prop({ type: Date, default: null })
  usedAt!: Date | null;

  /** mfa_login from an invitation: the organization the finished sign-in is scoped to. */
  @Prop({ type: String, default: null })
  organizationId!: string | null;
}

export const OneTimeTokenSchema = SchemaFactory.createForClass(OneTimeToken);
OneTimeTokenSchema.index({ tokenHash: 1 }, { unique: true, name: 'token_hash_unique' });
OneTimeTokenSchema.index({ userId: 1, purpose: 1 }, { name: 'user_purpose' });
OneTimeTokenSchema.index({ expiresAt: 1 }, { name: 'expiry' });
