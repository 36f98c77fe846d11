import { Prop, Schema, SchemaFactory } from '@nestjs/mongoose';
import type { Types } from 'mongoose';

/** The closed set of security events. */
export const AUDIT_EVENT_TYPES = [
  'user.registered',
  'user.register_attempt_existing',
  'email.verified',
  'login.succeeded',
  'login.failed',
  'login.throttled',
  'rate_limit.exceeded',
  'token.refresh_reused',
  'session.revoked',
  'session.logout',
  'session.logout_all',
  'organization.switched',
  'password.reset_requested',
  'password.reset',
  'password.changed',
  'password.rehashed',
  'membership.added',
  'membership.role_changed',
  'membership.removed',
  'invitation.created',
  'invitation.accepted',
  'signing_key.rotated',
  'platform_role.granted',
  'service_token.issued',
  'service_token.refused',
  'signing_key.revoked',
  'user.updated',
  'mfa.totp_enrollment_started',
  'mfa.totp_enabled',
  'mfa.totp_disabled',
  'mfa.failed',
  'mfa.recovery_code_used',
  'session.stepped_up',
  'session.ended_by_admin',
  'invitation.revoked',
  'account.disabled',
  'account.enabled',
  'admin.users_searched',
  'organization.security_changed',
  'account.exported',
  'account.deleted',
] as const;
export type AuditEventType = (typeof AUDIT_EVENT_TYPES)[number];

@Schema({ collection: 'audit_events', versionKey: false })
export class AuditEvent {
  _id!: Types.ObjectId;

  @Prop({ type: String, enum: AUDIT_EVENT_TYPES, required: true })
  type!: AuditEventType;

  /** The account the event is about, when known. */
  @Prop({ type: String, default: null })
  userId!: string | null;

  /** The organization the event is about (membership changes, org-scoped sessions). */
  @Prop({ type: String, default: null })
  organizationId!: string | null;

  /** Who acted: a user id, `service:<clientId>` or `cli`; null for anonymous requests. */
  @Prop({ type: String, default: null })
  actor!: string | null;

  @Prop({ type: String, default: null })
  ip!: string | null;

  @Prop({ type: String, default: null })
  userAgent!: string | null;

  @Prop({ type: Object, default: {} })
  data!: Record<string, unknown>;

  @Prop({ type: Date, required: true })
  createdAt!: Date;
}

export const AuditEventSchema = SchemaFactory.createForClass(AuditEvent);

/** What the application may never do to a recorded event. */
const REWRITES = [
  'updateOne',
  'updateMany',
  'findOneAndUpdate',
  'replaceOne',
  'findOneAndReplace',
  'deleteOne',
  'deleteMany',
  'findOneAndDelete',
] as const;

export class AuditLogIsAppendOnly extends Error {
  constructor(operation: string) {
    super(`The audit log is append-only: ${operation} is refused`);
    this.name = 'AuditLogIsAppendOnly';
  }
}

/*
 * Append-only for the application: every update, replace and delete through
 * the model is refused before it reaches the database, and a loaded event
 * cannot be saved back. In production the database role of the service
 * grants only find and insert on audit_events as well (deploy/mongo).
 */
for (const operation of REWRITES) {
  AuditEventSchema.pre(operation, { document: false, query: true }, () => {
    throw new AuditLogIsAppendOnly(operation);
  });
}
AuditEventSchema.pre('save', function refuseRewrite() {
  if (!this.isNew) throw new AuditLogIsAppendOnly('save');
});
AuditEventSchema.pre('bulkWrite', () => {
  throw new AuditLogIsAppendOnly('bulkWrite');
});
AuditEventSchema.index({ userId: 1, _id: -1 }, { name: 'by_user' });
AuditEventSchema.index({ organizationId: 1, _id: -1 }, { name: 'by_organization' });
