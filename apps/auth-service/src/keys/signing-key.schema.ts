import { Prop, Schema, SchemaFactory } from '@nestjs/mongoose';
import type { Types } from 'mongoose';

/** An Ed25519 signing key. The private half is stored only encrypted (AES-256-GCM). */
@Schema({ collection: 'signing_keys', timestamps: { createdAt: true, updatedAt: false } })
export class SigningKey {
  _id!: Types.ObjectId;

  /** Increases by one per rotation; unique, so two instances cannot both create the next key. */
  @Prop({ type: Number, required: true })
  generation!: number;

  @Prop({ type: String, required: true })
  kid!: string;

  @Prop({ type: Object, required: true })
  publicJwk!: Record<string, string>;

  /** base64 of iv (12 bytes) | auth tag (16 bytes) | ciphertext of the private JWK JSON. */
  @Prop({ type: String, required: true })
  encryptedPrivateJwk!: string;

  /**
   * When instances start signing with it. A rotated-in key is published first
   * and used only once every instance has re-read the key set (see
   * SigningKeysService), so no token carries a kid a verifier cannot find.
   */
  @Prop({ type: Date, required: true })
  activatesAt!: Date;

  /** When a newer key takes over signing. */
  @Prop({ type: Date, default: null })
  retiredAt!: Date | null;

  /** The public key stays in the JWKS until every token it signed has expired. */
  @Prop({ type: Date, default: null })
  publishUntil!: Date | null;

  /** Withdrawn at once (compromised): out of the JWKS, and its tokens refused. */
  @Prop({ type: Date, default: null })
  revokedAt!: Date | null;

  createdAt!: Date;
}

export const SigningKeySchema = SchemaFactory.createForClass(SigningKey);
SigningKeySchema.index({ generation: 1 }, { unique: true, name: 'generation_unique' });
SigningKeySchema.index({ kid: 1 }, { unique: true, name: 'kid_unique' });
