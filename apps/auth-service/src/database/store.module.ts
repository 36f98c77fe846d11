import { Global, Module } from '@nestjs/common';
import { MongooseModule } from '@nestjs/mongoose';
import { AuditEvent, AuditEventSchema } from '../audit/audit-event.schema.js';
import { AuditService } from '../audit/audit.service.js';
import { Invitation, InvitationSchema } from '../invitations/invitation.schema.js';
import { InvitationsRepository } from '../invitations/invitations.repository.js';
import { Membership, MembershipSchema } from '../memberships/membership.schema.js';
import { MembershipsRepository } from '../memberships/memberships.repository.js';
import { RefreshToken, RefreshTokenSchema } from '../sessions/refresh-token.schema.js';
import { RefreshTokensRepository } from '../sessions/refresh-tokens.repository.js';
import { Session, SessionSchema } from '../sessions/session.schema.js';
import { SessionsRepository } from '../sessions/sessions.repository.js';
import { OneTimeToken, OneTimeTokenSchema } from '../tokens/one-time-token.schema.js';
import { OneTimeTokensRepository } from '../tokens/one-time-tokens.repository.js';
import { User, UserSchema } from '../users/user.schema.js';
import { SingleUseClaim, SingleUseClaimSchema } from './single-use-claim.schema.js';
import { SingleUseClaimsRepository } from './single-use-claims.repository.js';
import { UsersRepository } from '../users/users.repository.js';
import { RecoveryCode, RecoveryCodeSchema } from '../mfa/recovery-code.schema.js';
import { RecoveryCodesRepository } from '../mfa/recovery-codes.repository.js';
import { TotpFactor, TotpFactorSchema } from '../mfa/totp-factor.schema.js';
import { TotpFactorsRepository } from '../mfa/totp-factors.repository.js';
import {
  OrganizationPolicy,
  OrganizationPolicySchema,
} from '../organizations/organization-policy.schema.js';
import { OrganizationPoliciesRepository } from '../organizations/organization-policies.repository.js';
import { SessionStepUp, SessionStepUpSchema } from '../sessions/session-step-up.schema.js';
import { SessionStepUpsRepository } from '../sessions/session-step-ups.repository.js';

const repositories = [
  UsersRepository,
  SessionsRepository,
  RefreshTokensRepository,
  MembershipsRepository,
  OneTimeTokensRepository,
  InvitationsRepository,
  AuditService,
  SingleUseClaimsRepository,
  SessionStepUpsRepository,
  TotpFactorsRepository,
  RecoveryCodesRepository,
  OrganizationPoliciesRepository,
];

/**
 * The persistence layer: every collection's schema and repository, created
 * (with indexes) at boot. Feature modules depend on repositories, never on
 * each other's models, so there are no module cycles.
 */
@Global()
@Module({
  imports: [
    MongooseModule.forFeature([
      { name: User.name, schema: UserSchema },
      { name: Session.name, schema: SessionSchema },
      { name: RefreshToken.name, schema: RefreshTokenSchema },
      { name: Membership.name, schema: MembershipSchema },
      { name: OneTimeToken.name, schema: OneTimeTokenSchema },
      { name: Invitation.name, schema: InvitationSchema },
      { name: AuditEvent.name, schema: AuditEventSchema },
      { name: SingleUseClaim.name, schema: SingleUseClaimSchema },
      { name: SessionStepUp.name, schema: SessionStepUpSchema },
      { name: TotpFactor.name, schema: TotpFactorSchema },
      { name: RecoveryCode.name, schema: RecoveryCodeSchema },
      { name: OrganizationPolicy.name, schema: OrganizationPolicySchema },
    ]),
  ],
  providers: repositories,
  exports: repositories,
})
export class StoreModule {}
