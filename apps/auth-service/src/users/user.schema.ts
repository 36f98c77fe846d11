import { Prop, Schema, SchemaFactory } from '@nestjs/mongoose';
import type { Types } from 'mongoose';
import { OutboxFields } from '../domain-events/outbox.js';

export const PLATFORM_ROLES = ['super_admin'] as const;
export type PlatformRole = (typeof PLATFORM_ROLES)[number];

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

  createdAt!: Date;
  updatedAt!: Date;
}

export const UserSchema = SchemaFactory.createForClass(User);
UserSchema.index({ email: 1 }, { unique: true, name: 'email_unique' });
UserSchema.index({ lastEventAt: 1 }, { name: 'last_event' });
