import { Prop, Schema, SchemaFactory } from '@nestjs/mongoose';
import type { Types } from 'mongoose';
import { OutboxFields } from '../domain-events/outbox.js';

export const PLATFORM_ROLES = ['super_admin'] as const;
export type PlatformRole = (typeof PLATFORM_ROLES)[number];

/** Languages an account can choose (mail and clients); Spanish unless chosen otherwise. */
export const LOCALES = ['es', 'en'] as const;
export type Locale = (typeof LOCALES)[number];
export const DEFAULT_LOCALE: Locale = 'es';

/** An account: one normalized email, global across organizations. */
@Schema({ collection: 'users', timestamps: true, versionKey: false })
export class User extends OutboxFields {
  _id!: Types.ObjectId;

  /** Normalized (trimmed, lower-cased); unique. */
  @Prop({ type: String, required: true })
  email!: string;

  @Prop({ type: String, required: true })
  name!: string;

  /** argon2id PHC string. */
  @Prop({ type: String, required: true })
  passwordHash!: string;

  @Prop({ type: Date, default: null })
  emailVerifiedAt!: Date | null;

  /** Set only by the create-super-admin command. */
  @Prop({ type: String, enum: PLATFORM_ROLES, default: null })
  platformRole!: PlatformRole | null;

  @Prop({ type: String, enum: LOCALES, default: DEFAULT_LOCALE })
  locale!: Locale;

  /** When the password was last set by a change or a reset: older reset links are void. */
  @Prop({ type: Date, default: null })
  passwordChangedAt!: Date | null;

  /** Set by a super admin: sign-in is refused (ACCOUNT_DISABLED) and sessions were revoked. */
  @Prop({ type: Date, default: null })
  disabledAt!: Date | null;

  @Prop({ type: String, default: null })
  disabledBy!: string | null;

  createdAt!: Date;
  updatedAt!: Date;
}

export const UserSchema = SchemaFactory.createForClass(User);
UserSchema.index({ email: 1 }, { unique: true, name: 'email_unique' });
UserSchema.index({ lastEventAt: 1 }, { name: 'last_event' });
UserSchema.index({ disabledAt: 1 }, { name: 'disabled_at' });
