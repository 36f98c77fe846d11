import { Injectable } from '@nestjs/common';
import { AppError, MFA_REQUIRED } from '@trivance/shared';
import { Types } from 'mongoose';
import { AuditService } from '../audit/audit.service.js';
import type { ClientInfo, UserAuthContext } from '../common/auth-context.js';
import type { AccountDto } from '../memberships/dto/membership.dto.js';
import { SecondFactorService } from '../mfa/second-factor.service.js';
import { RevocationPublisher } from '../revocations/revocation-publisher.js';
import { SessionsService } from '../sessions/sessions.service.js';
import { accountView } from '../users/account-view.js';
import { UsersRepository, type UserRecord } from '../users/users.repository.js';
import type { AdminUsersPageDto } from './dto/admin-users.dto.js';

/**
 * Platform operators' account controls: finding accounts, disabling them
 * (every session ends at once, sign-in is refused with ACCOUNT_DISABLED) and
 * enabling them again. Only super admins, and only with a second factor.
 */
@Injectable()
export class AdminUsersService {
  constructor(
    private readonly users: UsersRepository,
    private readonly sessions: SessionsService,
    private readonly secondFactor: SecondFactorService,
    private readonly revocations: RevocationPublisher,
    private readonly audit: AuditService,
  ) {}

  async search(
    auth: UserAuthContext,
    query: { search?: string; limit?: number; cursor?: string },
    client: ClientInfo,
  ): Promise<AdminUsersPageDto> {
    await this.assertOperator(auth);
    const limit = query.limit ?? 50;
    const rows = await this.users.search({
      search: query.search,
      limit: limit + 1,
      before: query.cursor,
    });
    const page = rows.slice(0, limit);
    await this.audit.record({
      type: 'admin.users_searched',
      actor: auth.userId,
      client,
      data: { search: query.search ?? null, results: page.length },
    });
    return {
      items: await Promise.all(page.map((user) => this.view(user))),
      nextCursor: rows.length > limit ? String(page.at(-1)!._id) : null,
    };
  }

  async disable(auth: UserAuthContext, userId: string, client: ClientInfo): Promise<AccountDto> {
    await this.assertOperator(auth);
    const user = await this.target(userId);
    if (userId === auth.userId) {
      throw new AppError('CONFLICT', 'You cannot disable your own account', {
        reason: 'CANNOT_DISABLE_SELF',
      });
    }
    const at = new Date();
    if (await this.users.setDisabled(user._id, at, auth.userId)) {
      // Sessions end, and every token issued until now is refused by every verifier.
      const revoked = await this.sessions.revokeAll(userId, 'account_disabled');
      await this.revocations.accountRevoked(userId, at);
      await this.audit.record({
        type: 'account.disabled',
        userId,
        actor: auth.userId,
        client,
        data: { sessionsRevoked: revoked },
      });
    }
    return this.view((await this.users.findById(userId))!);
  }

  async enable(auth: UserAuthContext, userId: string, client: ClientInfo): Promise<AccountDto> {
    await this.assertOperator(auth);
    const user = await this.target(userId);
    if (await this.users.setEnabled(user._id)) {
      await this.audit.record({ type: 'account.enabled', userId, actor: auth.userId, client });
    }
    return this.view((await this.users.findById(userId))!);
  }

  /** A super admin (checked against the account, not only the token) signed in with a second factor. */
  private async assertOperator(auth: UserAuthContext): Promise<void> {
    const operator = auth.role === 'super_admin' ? await this.users.findById(auth.userId) : null;
    if (operator?.platformRole !== 'super_admin') {
      throw new AppError('FORBIDDEN', 'Only platform operators may do this');
    }
    if (auth.aal !== 'aal2') {
      throw new AppError('FORBIDDEN', 'Platform operations need a second factor; step up first', {
        reason: MFA_REQUIRED,
      });
    }
  }

  private async target(userId: string): Promise<UserRecord> {
    const user = Types.ObjectId.isValid(userId) ? await this.users.findById(userId) : null;
    if (!user) throw new AppError('NOT_FOUND', 'No such account');
    return user;
  }

  private async view(user: UserRecord): Promise<AccountDto> {
    return accountView(user, await this.secondFactor.isEnabled(String(user._id)));
  }
}
