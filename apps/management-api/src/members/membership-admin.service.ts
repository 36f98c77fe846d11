import { Injectable } from '@nestjs/common';
import { AppError, type Principal } from '@trivance/shared';
import { AuthClient, type AuthMemberRole } from '../auth-client/auth-client.js';
import { Role } from '../common/graphql-enums.js';
import type { MemberRole } from '../generated/prisma/client.js';
import { Idempotency } from '../idempotency/idempotency.js';
import type { TenantScope } from '../tenancy/tenant-scope.js';
import { ViewerService } from '../viewer/viewer.service.js';
import type {
  ChangeMemberRoleInput,
  InviteMemberInput,
  RemoveMemberInput,
} from './dto/member.inputs.js';
import { MembersRepository } from './members.repository.js';
import { toUser } from './members.service.js';
import type { InvitationModel } from './models/invitation.model.js';
import type { UserModel } from './models/user.model.js';

function memberRole(role: Role): MemberRole {
  if (role === Role.SUPER_ADMIN) {
    throw new AppError('BAD_USER_INPUT', 'SUPER_ADMIN is a platform role, not a member role', {
      errors: { role: ['must be ADMIN, MODERATOR or USER'] },
    });
  }
  return role;
}

const authRole = (role: MemberRole) => role.toLowerCase() as AuthMemberRole;

/**
 * Membership changes: the Auth Service (source of truth) changes first, with
 * an idempotency key; only on success is the local projection changed, at
 * once, in the same way the domain event that follows will change it again
 * (idempotently). On failure nothing changes here and the caller is told so.
 */
@Injectable()
export class MembershipAdminService {
  constructor(
    private readonly auth: AuthClient,
    private readonly members: MembersRepository,
    private readonly viewers: ViewerService,
    private readonly idempotency: Idempotency,
  ) {}

  /**
   * Invites through the Auth Service under the one idempotency mechanism: a
   * retry with the same key returns the first invitation, the same key with
   * another email or role is refused, and the key the Auth Service sees is
   * derived here, never taken from the client.
   */
  invite(
    scope: TenantScope,
    input: InviteMemberInput,
    inviter: Principal,
  ): Promise<InvitationModel> {
    const role = memberRole(input.role);
    const email = input.email.trim().toLowerCase();
    return this.idempotency.run(
      {
        operation: 'inviteMember',
        organizationId: scope.organizationId,
        key: input.idempotencyKey,
        input: { email, role },
      },
      async (key) => {
        const invitation = await this.auth.inviteMember(
          {
            organizationId: scope.organizationId,
            email,
            role: authRole(role),
            invitedByUserId: inviter.userId,
          },
          key,
        );
        return {
          id: invitation.id,
          email: invitation.email,
          role: input.role,
          expiresAt: new Date(invitation.expiresAt),
        };
      },
      // The Auth Service's own timeouts and retries fit inside.
      { timeoutMs: 20_000 },
    );
  }

  async changeRole(scope: TenantScope, input: ChangeMemberRoleInput): Promise<UserModel> {
    const role = memberRole(input.role);
    await this.requireMember(scope, input.userId);
    await this.auth.setMembership(
      scope.organizationId,
      input.userId,
      authRole(role),
      `change-role:${scope.organizationId}:${input.userId}:${role}`,
    );
    const updated = await this.members.updateRole(scope, input.userId, role);
    await this.viewers.invalidate(input.userId);
    return toUser(updated);
  }

  async remove(scope: TenantScope, input: RemoveMemberInput, actor: Principal): Promise<UserModel> {
    if (input.userId === actor.userId) {
      throw new AppError('BAD_USER_INPUT', 'You cannot remove yourself', {
        reason: 'CANNOT_REMOVE_SELF',
      });
    }
    const member = await this.requireMember(scope, input.userId);
    await this.auth.removeMembership(
      scope.organizationId,
      input.userId,
      `remove-member:${scope.organizationId}:${input.userId}`,
    );
    await this.members.remove(scope, input.userId);
    await this.viewers.invalidate(input.userId);
    return toUser(member);
  }

  private async requireMember(scope: TenantScope, userId: string) {
    const member = await this.members.findByUser(scope, userId);
    if (!member) throw new AppError('NOT_FOUND', 'Member not found');
    return member;
  }
}
