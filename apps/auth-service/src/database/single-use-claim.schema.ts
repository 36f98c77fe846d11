import { Prop, Schema, SchemaFactory } from '@nestjs/mongoose';

/**
 * One document per single-use secret that has been used, keyed by `_id`.
 * Inserting it is the atomic "first use wins" step: FerretDB 1.x runs
 * findAndModify as a read followed by a write, so two concurrent conditional
 * updates can both match; a duplicate `_id` insert cannot both succeed on
 * FerretDB or MongoDB.
 */
@Schema({ collection: 'single_use_claims', versionKey: false })
export class SingleUseClaim {
  @Prop({ type: String, required: true })
  _id!: string;

  @Prop({ type: Date, required: true })
  claimedAt!: Date;

  /** Kept until the secret could no longer be valid anyway, then purged. */
  @Prop({ type: Date, required: true })
  expiresAt!: Date;
}

export const SingleUseClaimSchema = SchemaFactory.createForClass(SingleUseClaim);
SingleUseClaimSchema.index({ expiresAt: 1 }, { name: 'expiry' });
