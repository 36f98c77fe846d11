import { Prop, Schema, SchemaFactory } from '@nestjs/mongoose';
import type { Types } from 'mongoose';

export const ONE_TIME_TOKEN_PURPOSES = ['verify_email', 'reset_password'] as const;
export type OneTimeTokenPurpose = (typeof ONE_TIME_TOKEN_PURPOSES)[number];

/** Email verification and password reset tokens: stored only as SHA-256, single use, expiring. */
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
}

export const OneTimeTokenSchema = SchemaFactory.createForClass(OneTimeToken);
OneTimeTokenSchema.index({ tokenHash: 1 }, { unique: true, name: 'token_hash_unique' });
OneTimeTokenSchema.index({ userId: 1, purpose: 1 }, { name: 'user_purpose' });
OneTimeTokenSchema.index({ expiresAt: 1 }, { name: 'expiry' });
