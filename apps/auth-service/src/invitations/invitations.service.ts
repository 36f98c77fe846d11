import { Inject, Injectable } from '@nestjs/common';
import { AppError } from '@trivance/shared';
import { AuditService } from '../audit/audit.service.js';
import type { ClientInfo } from '../common/auth-context.js';
import {
  idempotencyKeyReused,
  idempotencyScope,
  requestFingerprint,
} from '../common/idempotency.js';
import { constantTimeEqualHex, randomToken, sha256Hex } from '../common/opaque-token.js';
import { AUTH_CONFIG, type AuthConfig } from '../config/auth-config.js';
import { PasswordHasher } from '../credentials/password-hasher.js';
import { PasswordPolicy } from '../credentials/password-policy.js';
import { invitationMail } from '../mail/mail-templates.js';
import { MailService } from '../mail/mail.service.js';
import { MembershipsRepository } from '../memberships/memberships.repository.js';
import type { OrganizationRole } from '../memberships/roles.js';
import { RateLimitService } from '../rate-limit/rate-limit.service.js';
import { accountDisabled } from '../credentials/login.service.js';
import { type MfaChallenge, SecondFactorService } from '../mfa/second-factor.service.js';
import { SessionsService, type TokenPair } from '../sessions/sessions.service.js';
import { INVITATION_TTL_SECONDS } from '../tokens/token-lifetimes.js';
import { accountSnapshot } from '../domain-events/outbox.js';
import { normalizeEmail } from '../users/email.js';
import { UsersRepository, type UserRecord } from '../users/users.repository.js';
import type { InvitationDto } from './dto/invitation.dto.js';
import { InvitationsRepository, type InvitationRecord } from './invitations.repository.js';

export function invitationView(invitation: InvitationRecord): InvitationDto {
  return {
    id: String(invitation._id),
    organizationId: invitation.organizationId,
    email: invitation.email,
    role: invitation.role,
    createdAt: invitation.createdAt,
    expiresAt: invitation.expiresAt,
    revokedAt: invitation.revokedAt ?? null,
  };
}

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
    private readonly secondFactor: SecondFactorService,
    private readonly mail: MailService,
    private readonly limits: RateLimitService,
    private readonly audit: AuditService,
    @Inject(AUTH_CONFIG) private readonly config: AuthConfig,
  ) {}

  /**
   * Creates an invitation and mails it. With an idempotency key (scoped to the
   * calling client and the organization, and bound to the request), a retry
   * returns the first invitation and sends nothing again; the same key with a
   * different request is refused (CONFLICT, IDEMPOTENCY_KEY_REUSED).
   */
  async create(
    input: {
      organizationId: string;
      email: string;
      role: OrganizationRole;
      invitedByUserId?: string;
    },
    clientId: string,
    idempotencyKey?: string,
  ): Promise<InvitationDto> {
    const actor = `service:${clientId}`;
    const email = normalizeEmail(input.email);
    const request = {
      organizationId: input.organizationId,
      email,
      role: input.role,
      invitedByUserId: input.invitedByUserId ?? null,
    };
    const requestHash = requestFingerprint(request);
    const token = randomToken(32);
    const now = new Date();
    const { invitation, created } = await this.invitations.create({
      idempotencyKey: idempotencyKey
        ? idempotencyScope(clientId, input.organizationId, idempotencyKey)
        : `none:${randomToken(16)}`,
      requestHash,
      tokenHash: sha256Hex(token),
      organizationId: input.organizationId,
      email,
      role: input.role,
      invitedBy: input.invitedByUserId ? `${actor} (user ${input.invitedByUserId})` : actor,
      createdAt: now,
      expiresAt: new Date(now.getTime() + INVITATION_TTL_SECONDS * 1000),
    });
    if (!created) {
      // A stored invitation without a fingerprint predates them: compare what it holds.
      const sameRequest = invitation.requestHash
        ? constantTimeEqualHex(invitation.requestHash, requestHash)
        : invitation.organizationId === request.organizationId &&
          invitation.email === email &&
          invitation.role === input.role;
      if (!sameRequest) throw idempotencyKeyReused();
      return invitationView(invitation);
    }
    const link = `${this.config.PUBLIC_APP_URL}/accept-invitation?token=${encodeURIComponent(token)}`;
    await this.mail.enqueue(invitationMail(email, input.role, link, token));
    await this.audit.record({
      type: 'invitation.created',
      organizationId: input.organizationId,
      actor: input.invitedByUserId ?? actor,
      data: { email, role: input.role, invitationId: String(invitation._id) },
    });
    return invitationView(invitation);
  }

  /** Pending invitations of an organization, newest first (a Relay-style page). */
  async listPending(
    organizationId: string,
    page: { first?: number; after?: string; last?: number; before?: string },
  ): Promise<{ items: InvitationDto[]; hasNextPage: boolean; hasPreviousPage: boolean }> {
    const backwards = page.last !== undefined || page.before !== undefined;
    const size = (backwards ? page.last : page.first) ?? 20;
    const rows = await this.invitations.listPending(organizationId, {
      limit: size + 1,
      after: backwards ? undefined : page.after,
      before: backwards ? page.before : undefined,
    });
    const more = rows.length > size;
    // Backwards pages hold the `size` invitations nearest the cursor: drop the newest extra.
    const items = more ? (backwards ? rows.slice(1) : rows.slice(0, size)) : rows;
    return {
      items: items.map(invitationView),
      hasNextPage: backwards ? page.before !== undefined : more,
      hasPreviousPage: backwards ? more : page.after !== undefined,
    };
  }

  /**
   * Withdraws a pending invitation of the organization (idempotent); another
   * organization's invitation, or one no longer pending, is NOT_FOUND.
   */
  async revoke(
    organizationId: string,
    invitationId: string,
    clientId: string,
    revokedByUserId?: string,
  ): Promise<InvitationDto> {
    const invitation = await this.invitations.findInOrganization(organizationId, invitationId);
    const by = revokedByUserId ?? `service:${clientId}`;
    const revoked = invitation ? await this.invitations.revoke(invitation, by) : null;
    if (!revoked) throw new AppError('NOT_FOUND', 'No pending invitation with this id');
    if (!invitation!.revokedAt) {
      await this.audit.record({
        type: 'invitation.revoked',
        organizationId,
        actor: by,
        data: { invitationId, email: revoked.email, role: revoked.role },
      });
    }
    return invitationView(revoked);
  }

  /** A removed member's pending invitations to the organization go with them. */
  async revokePendingFor(organizationId: string, email: string, by: string): Promise<number> {
    let count = 0;
    for (const invitation of await this.invitations.findPendingFor(organizationId, email)) {
      if (await this.invitations.revoke(invitation, by)) {
        count += 1;
        await this.audit.record({
          type: 'invitation.revoked',
          organizationId,
          actor: by,
          data: {
            invitationId: String(invitation._id),
            email,
            role: invitation.role,
            via: 'member_removed',
          },
        });
      }
    }
    return count;
  }

  /**
   * Accepts an invitation. No account yet: name and password create one (the
   * email is verified by the token). An existing account proves itself with
   * its password, so a leaked invitation link cannot sign anyone in.
   */
  async accept(
    input: { token: string; name?: string; password?: string },
    client: ClientInfo,
  ): Promise<TokenPair | MfaChallenge> {
    await this.limits.consume('tokenSubmissionsPerIp', client.ip, { client });
    const invitation = await this.invitations.findUsable(input.token);
    if (!invitation) throw invalidInvitation();

    let user: UserRecord | null = await this.users.findByEmail(invitation.email);
    let createdNow = false;
    if (!user) {
      const errors: Record<string, string[]> = {};
      if (!input.name) errors.name = ['name is required for a new account'];
      if (!input.password) errors.password = ['password is required for a new account'];
      if (Object.keys(errors).length > 0) {
        throw new AppError('VALIDATION_FAILED', 'The request has invalid fields', { errors });
      }
      await this.policy.assertAcceptable(input.password!, {
        email: invitation.email,
        name: input.name,
      });
      const created = await this.users.create({
        email: invitation.email,
        name: input.name!,
        passwordHash: await this.hasher.hash(input.password!),
        emailVerifiedAt: new Date(),
      });
      if (created) {
        user = created;
        createdNow = true;
        await this.audit.record({ type: 'user.registered', userId: String(user._id), client });
      } else {
        // The address got an account between our lookup and our insert (it was
        // registered concurrently). Nobody has proved that account's password
        // here, so it is treated like any existing account: the password given
        // must be its own, or the invitation does not go to it.
        user = await this.users.findByEmail(invitation.email);
        if (!user) throw invalidInvitation();
      }
    }
    if (!createdNow) await this.checkPassword(user, input.password, client);
    if (user.disabledAt) throw accountDisabled();

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
    // An account with a second factor finishes signing in with it.
    if (!createdNow && (await this.secondFactor.isEnabled(userId))) {
      return this.secondFactor.challenge(user, accepted.organizationId);
    }
    const { pair } = await this.sessions.start(user, client, {
      organizationId: accepted.organizationId,
    });
    return pair;
  }

  /** An existing account proves itself with its password, counted like a sign-in. */
  private async checkPassword(
    user: UserRecord,
    password: string | undefined,
    client: ClientInfo,
  ): Promise<void> {
    if (!password) {
      throw new AppError('VALIDATION_FAILED', 'The account password is required', {
        errors: { password: ['password is required for an existing account'] },
      });
    }
    const subject = { email: user.email, client, userId: String(user._id) };
    const attempt = await this.limits.beginCredentialAttempt(user.email, subject);
    try {
      if (!(await this.hasher.verify(user.passwordHash, password))) {
        await attempt.failed();
        throw new AppError('INVALID_CREDENTIALS', 'Invalid email or password');
      }
      await attempt.succeeded();
    } finally {
      await attempt.release();
    }
  }
}
