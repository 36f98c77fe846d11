import { Injectable } from '@nestjs/common';
import { AppError, type Principal } from '@trivance/shared';
import { AuthClient } from '../auth-client/auth-client.js';
import type { TenantScope } from '../tenancy/tenant-scope.js';
import { MembersRepository } from './members.repository.js';
import { toUser } from './members.service.js';
import type { UserModel } from './models/user.model.js';

/**
 * An admin ends a member's sessions in the organization: the Auth Service
 * revokes them and announces it on the revocation feed, so the member's
 * tokens for this organization stop working here within seconds.
 */
@Injectable()
export class MemberSessionsService {
  constructor(
    private readonly auth: AuthClient,
    private readonly members: MembersRepository,
  ) {}

  async end(scope: TenantScope, userId: string, actor: Principal): Promise<UserModel> {
    const member = await this.members.findByUser(scope, userId);
    if (!member) throw new AppError('NOT_FOUND', 'Member not found');
    await this.auth.endMemberSessions(scope.organizationId, userId, actor.userId);
    return toUser(member);
  }
}
