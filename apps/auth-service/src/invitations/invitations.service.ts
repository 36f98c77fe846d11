import { Inject, Injectable } from '@nestjs/common';
import { AppError } from '@trivance/shared';
import { AuditService } from '../audit/audit.service.js';
import type { ClientInfo } from '../common/auth-context.js';
import { randomToken, sha256Hex } from '../common/opaque-token.js';
import { AUTH_CONFIG, type AuthConfig } from '../config/auth-config.js';
import { PasswordHasher } from '../credentials/password-hasher.js';
import { PasswordPolicy } from '../credentials/password-policy.js';
import { invitationMail } from '../mail/mail-templates.js';
import { MailService } from '../mail/mail.service.js';
import { MembershipsRepository } from '../memberships/memberships.repository.js';
import type { OrganizationRole } from '../memberships/roles.js';
import { RateLimitService } from '../rate-limit/rate-limit.service.js';
import { SessionsService, type TokenPair } from '../sessions/sessions.service.js';
import { INVITATION_TTL_SECONDS } from '../tokens/token-lifetimes.js';
import { accountSnapshot } from '../domain-events/outbox.js';
import { normalizeEmail } from '../users/email.js';
import { UsersRepository, type UserRecord } from '../users/users.repository.js';
import type { InvitationDto } from './dto/invitation.dto.js';
import { InvitationsRepository } from './invitations.repository.js';

function invalidInvitation(): AppError {
  return new AppError('INVALID_TOKEN', 'The invitation is invalid, used or expired');
}

/** Invitations by email; accepting one creates an account or links an existing one. */
@Injectable()
export class InvitationsService {
  constructor(
    private readonly invitations: InvitationsRepository,
    private readonly users: UsersRepository,
    private readonly memberships: MembershipsRepository,
    private readonly hasher: PasswordHasher,
    private readonly policy: PasswordPolicy,
    private readonly sessions: SessionsService,
    private readonly mail: MailService,
    private readonly limits: RateLimitService,
    private readonly audit: AuditService,
    @Inject(AUTH_CONFIG) private readonly config: AuthConfig,
  ) {}

  /**
   * Creates an invitation and mails it. With an idempotency key, a retried
   * request returns the first invitation and sends nothing again.
   */
  async create(
    input: {
      organizationId: string;
      email: string;
      role: OrganizationRole;
      invitedByUserId?: string;
    },
    actor: string,
    idempotencyKey?: string,
  ): Promise<InvitationDto> {
    const email = normalizeEmail(input.email);
    const token = randomToken(32);
    const now = new Date();
    const { invitation, created } = await this.invitations.create({
      idempotencyKey: idempotencyKey ? `${actor}:${idempotencyKey}` : `none:${randomToken(16)}`,
      tokenHash: sha256Hex(token),
      organizationId: input.organizationId,
      email,
      role: input.role,
      invitedBy: input.invitedByUserId ? `${actor} (user ${input.invitedByUserId})` : actor,
      createdAt: now,
      expiresAt: new Date(now.getTime() + INVITATION_TTL_SECONDS * 1000),
    });
    const view: InvitationDto = {
      id: String(invitation._id),
      organizationId: invitation.organizationId,
      email: invitation.email,
      role: invitation.role,
      expiresAt: invitation.expiresAt,
    };
    if (!created) return view;
    const link = `${this.config.PUBLIC_APP_URL}/accept-invitation?token=${encodeURIComponent(token)}`;
    await this.mail.enqueue(invitationMail(email, input.role, link, token));
    await this.audit.record({
      type: 'invitation.created',
      organizationId: input.organizationId,
      actor: input.invitedByUserId ?? actor,
      data: { email, role: input.role, invitationId: String(invitation._id) },
    });
    return view;
  }

  /**
   * Accepts an invitation. No account yet: name and password create one (the
   * email is verified by the token). An existing account proves itself with
   * its password, so a leaked invitation link cannot sign anyone in.
   */
  async accept(
    input: { token: string; name?: string; password?: string },
    client: ClientInfo,
  ): Promise<TokenPair> {
    await this.limits.consume('tokenSubmissionsPerIp', client.ip, { client });
    const invitation = await this.invitations.findUsable(input.token);
    if (!invitation) throw invalidInvitation();

    let user: UserRecord | null = await this.users.findByEmail(invitation.email);
    if (user) {
      if (!input.password) {
        throw new AppError('VALIDATION_FAILED', 'The account password is required', {
          errors: { password: ['password is required for an existing account'] },
        });
      }
      const subject = { email: user.email, client, userId: String(user._id) };
      await this.limits.assertLoginAllowed(user.email, subject);
      if (!(await this.hasher.verify(user.passwordHash, input.password))) {
        await this.limits.recordLoginFailure(user.email, subject);
        throw new AppError('INVALID_CREDENTIALS', 'Invalid email or password');
      }
    } else {
      const errors: Record<string, string[]> = {};
      if (!input.name) errors.name = ['name is required for a new account'];
      if (!input.password) errors.password = ['password is required for a new account'];
      if (Object.keys(errors).length > 0) {
        throw new AppError('VALIDATION_FAILED', 'The request has invalid fields', { errors });
      }
      this.policy.assertAcceptable(input.password!);
      user =
        (await this.users.create({
          email: invitation.email,
          name: input.name!,
          passwordHash: await this.hasher.hash(input.password!),
          emailVerifiedAt: new Date(),
        })) ?? (await this.users.findByEmail(invitation.email));
      if (!user) throw invalidInvitation();
      await this.audit.record({ type: 'user.registered', userId: String(user._id), client });
    }

    const userId = String(user._id);
    const accepted = await this.invitations.accept(input.token, userId);
    if (!accepted) throw invalidInvitation();
    if (!user.emailVerifiedAt) {
      await this.users.markEmailVerified(user._id, new Date());
      user = { ...user, emailVerifiedAt: new Date() };
    }
    const { created, membership } = await this.memberships.addIfAbsent(
      accepted.organizationId,
      accountSnapshot(user),
      accepted.role,
    );
    await this.audit.record({
      type: 'invitation.accepted',
      userId,
      organizationId: accepted.organizationId,
      actor: userId,
      client,
      data: { invitationId: String(accepted._id), role: membership.role },
    });
    if (created) {
      await this.audit.record({
        type: 'membership.added',
        userId,
        organizationId: accepted.organizationId,
        actor: userId,
        client,
        data: { role: membership.role, via: 'invitation' },
      });
    }
    const { pair } = await this.sessions.start(user, client, {
      organizationId: accepted.organizationId,
    });
    return pair;
  }
}
