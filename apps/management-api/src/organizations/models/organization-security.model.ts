import { Field, GraphQLISODateTime, ID, ObjectType } from '@nestjs/graphql';

@ObjectType('OrganizationSecurity', {
  description: "The active organization's security settings (held by the Auth Service).",
})
export class OrganizationSecurityModel {
  @Field(() => ID)
  organizationId!: string;

  @Field({
    description:
      'Staff must sign in with a second factor: below aal2 their staff operations are ' +
      'FORBIDDEN (reason MFA_REQUIRED). Reaches tokens at their next refresh (15 minutes).',
  })
  requireMfaForStaff!: boolean;

  @Field(() => GraphQLISODateTime, { nullable: true })
  updatedAt!: Date | null;
}
