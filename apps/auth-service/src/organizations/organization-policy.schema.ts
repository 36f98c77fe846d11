import { Prop, Schema, SchemaFactory } from '@nestjs/mongoose';

/**
 * Security settings of one organization that the Auth Service enforces when
 * it issues tokens (the Auth Service owns memberships; the Management API's
 * admins change these through the internal API). Keyed by organization id.
 */
@Schema({ collection: 'organization_policies', versionKey: false })
export class OrganizationPolicy {
  /** The organization id (a Management UUID). */
  @Prop({ type: String, required: true })
  _id!: string;

  /** Staff tokens scoped to the organization carry `org_mfa_required`. */
  @Prop({ type: Boolean, default: false })
  requireMfaForStaff!: boolean;

  @Prop({ type: Date, required: true })
  updatedAt!: Date;

  @Prop({ type: String, default: null })
  updatedBy!: string | null;
}

export const OrganizationPolicySchema = SchemaFactory.createForClass(OrganizationPolicy);
