import { Prop, Schema, SchemaFactory } from '@nestjs/mongoose';
import type { Types } from 'mongoose';

/**
 * A session raised to aal2 by a second factor after it started (POST
 * /v1/auth/mfa/step-up). Insert-only: the newest record of a session is its
 * current assurance. A separate document rather than an update of the
 * session, because FerretDB 1.x applies updates as read-modify-write and a
 * step-up racing a revocation could otherwise undo it.
 */
@Schema({ collection: 'session_step_ups', versionKey: false })
export class SessionStepUp {
  _id!: Types.ObjectId;

  @Prop({ type: String, required: true })
  sessionId!: string;

  @Prop({ type: String, required: true })
  userId!: string;

  @Prop({ type: [String], required: true })
  amr!: string[];

  /** When the second factor was proved (`auth_time`). */
  @Prop({ type: Date, required: true })
  authTime!: Date;

  /** The session's absolute expiry: purged after it. */
  @Prop({ type: Date, required: true })
  expiresAt!: Date;
}

export const SessionStepUpSchema = SchemaFactory.createForClass(SessionStepUp);
SessionStepUpSchema.index({ sessionId: 1, authTime: -1 }, { name: 'session_latest' });
SessionStepUpSchema.index({ expiresAt: 1 }, { name: 'expiry' });
