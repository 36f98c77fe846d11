import { Prop, Schema, SchemaFactory } from '@nestjs/mongoose';
import type { Types } from 'mongoose';

/**
 * One single-use recovery code, stored only as SHA-256 of the account id and
 * the code (80 random bits, so a fast hash is enough). Using one also inserts
 * its single-use claim, so two concurrent uses cannot both succeed.
 */
@Schema({ collection: 'recovery_codes', versionKey: false })
export class RecoveryCode {
  _id!: Types.ObjectId;

  @Prop({ type: String, required: true })
  userId!: string;

  @Prop({ type: String, required: true })
  codeHash!: string;

  @Prop({ type: Date, required: true })
  createdAt!: Date;

  @Prop({ type: Date, default: null })
  usedAt!: Date | null;
}

export const RecoveryCodeSchema = SchemaFactory.createForClass(RecoveryCode);
RecoveryCodeSchema.index({ codeHash: 1 }, { unique: true, name: 'code_hash_unique' });
RecoveryCodeSchema.index({ userId: 1 }, { name: 'user_codes' });
