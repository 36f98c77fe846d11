import { Injectable } from '@nestjs/common';
import { AppError } from '@trivance/shared';
import { AuditService } from '../audit/audit.service.js';
import { InvitationsService } from '../invitations/invitations.service.js';
import { SecondFactorService } from '../mfa/second-factor.service.js';
import { accountView } from '../users/account-view.js';
import { SessionsService } from '../sessions/sessions.service.js';
import { accountSnapshot } from '../domain-events/outbox.js';
import { normalizeEmail } from '../users/email.js';
import { UsersRepository } from '../users/users.repository.js';
import type { AccountDto, MemberPageDto, MembershipResponseDto } from './dto/membership.dto.js';
import { MembershipsRepository, type MembershipRecord } from './memberships.repository.js';
import type { OrganizationRole } from './roles.js';

function view(m: MembershipRecord): MembershipResponseDto {
  return {
    userId: m.userId,
    organizationId: m.organizationId,
    role: m.role,
    createdAt: m.createdAt,
    updatedAt: m.updatedAt,
  };
}

/**
 * Membership changes requested by the Management API. A new role reaches the
 * user's tokens at their next refresh (within 15 minutes); removal revokes the
 * user's sessions scoped to the organization at once.
 */
@Injectable()
export class MembershipsService {
  constructor(
    private readonly memberships: MembershipsRepository,
    private readonly users: UsersRepository,
    private readonly sessions: SessionsService,
    private readonly invitations: InvitationsService,
    private readonly secondFactor: SecondFactorService,
    private readonly audit: AuditService,
  ) {}

  async account(userId: string): Promise<AccountDto> {
    const user = await this.users.findById(userId);
    if (!user) throw new AppError('NOT_FOUND', 'No such account');
    return accountView(user, await this.secondFactor.isEnabled(userId));
  }

  /** A verified account by email; an unverified or unknown one is NOT_FOUND alike. */
  async verifiedAccountByEmail(email: string): Promise<AccountDto> {
    const user = await this.users.findByEmail(normalizeEmail(email));
    if (!user || user.emailVerifiedAt === null) throw new AppError('NOT_FOUND', 'No such account');
    return this.account(String(user._id));
  }

  /** One page of an organization's members with their accounts (for reconciling projections). */
  async page(
    organizationId: string,
    after: string | undefined,
    limit: number,
  ): Promise<MemberPageDto> {
    const memberships = await this.memberships.pageForOrganization(
      organizationId,
      after,
      limit + 1,
    );
    const page = memberships.slice(0, limit);
    const accounts = new Map(
      (await this.users.findByIds(page.map((m) => m.userId))).map((user) => [
        String(user._id),
        user,
      ]),
    );
    const items = page.flatMap((membership) => {
      const user = accounts.get(membership.userId);
      if (!user) return [];
      const account = accountSnapshot(user);
      return [
        {
          ...view(membership),
          email: account.email,
          name: account.name,
          emailVerified: account.emailVerified,
        },
      ];
    });
    return {
      items,
      nextCursor: memberships.length > limit ? (page.at(-1)?.userId ?? null) : null,
    };
  }

  /** Adds the membership or changes its role; idempotent. */
  async set(
    organizationId: string,
    userId: string,
    role: OrganizationRole,
    actor: string,
  ): Promise<MembershipResponseDto> {
    const user = await this.users.findById(userId);
    if (!user) throw new AppError('NOT_FOUND', 'No such account');
    const account = accountSnapshot(user);
    const { membership, created } = await this.memberships.addIfAbsent(
      organizationId,
      account,
      role,
    );
    if (created) {
      await this.audit.record({
        type: 'membership.added',
        userId,
        organizationId,
        actor,
        data: { role },
      });
      return view(membership);
    }
    if (membership.role === role) return view(membership);
    const changed = await this.memberships.changeRole(organizationId, account, role);
    if (!changed) throw new AppError('NOT_FOUND', 'No such membership');
    await this.audit.record({
      type: 'membership.role_changed',
      userId,
      organizationId,
      actor,
      data: { from: membership.role, to: role },
    });
    return view(changed);
  }

  /**
   * Removes the membership (idempotent), ends the user's sessions in that
   * organization and withdraws their pending invitations to it, so the
   * removed member cannot walk back in with an old link.
   */
  async remove(organizationId: string, userId: string, actor: string): Promise<void> {
    const user = await this.users.findById(userId);
    const removed = user
      ? await this.memberships.remove(organizationId, accountSnapshot(user))
      : false;
    const revoked = await this.sessions.revokeForOrganization(userId, organizationId);
    const invitationsRevoked = user
      ? await this.invitations.revokePendingFor(organizationId, user.email, actor)
      : 0;
    if (removed) {
      await this.audit.record({
        type: 'membership.removed',
        userId,
        organizationId,
        actor,
        data: { sessionsRevoked: revoked, invitationsRevoked },
      });
    }
  }

  /** An admin ends a member's sessions in the organization (idempotent). */
  async endSessions(
    organizationId: string,
    userId: string,
    actor: string,
  ): Promise<{ revoked: number }> {
    if (!(await this.users.findById(userId))) throw new AppError('NOT_FOUND', 'No such account');
    const revoked = await this.sessions.revokeForOrganization(
      userId,
      organizationId,
      'ended_by_admin',
    );
    await this.audit.record({
      type: 'session.ended_by_admin',
      userId,
      organizationId,
      actor,
      data: { sessionsRevoked: revoked },
    });
    return { revoked };
  }
}
