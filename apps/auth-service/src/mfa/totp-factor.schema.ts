import { Prop, Schema, SchemaFactory } from '@nestjs/mongoose';
import type { Types } from 'mongoose';

/**
 * An account's authenticator-app factor (TOTP, RFC 6238). The shared secret
 * is stored only encrypted with the key-encryption key (AES-256-GCM, the
 * account id as additional data, so a ciphertext cannot be moved to another
 * account). Pending until a first code confirms it; one per account.
 */
@Schema({ collection: 'totp_factors', versionKey: false })
export class TotpFactor {
  _id!: Types.ObjectId;

  @Prop({ type: String, required: true })
  userId!: string;

  @Prop({ type: String, required: true })
  encryptedSecret!: string;

  @Prop({ type: Date, required: true })
  createdAt!: Date;

  @Prop({ type: Date, default: null })
  confirmedAt!: Date | null;
}

export const TotpFactorSchema = SchemaFactory.createForClass(TotpFactor);
TotpFactorSchema.index({ userId: 1 }, { unique: true, name: 'user_unique' });
