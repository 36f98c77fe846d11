import { Injectable } from '@nestjs/common';
import { AppError } from '@trivance/shared';
import { AuditService } from '../audit/audit.service.js';
import type { ClientInfo, UserAuthContext } from '../common/auth-context.js';
import { MembershipsRepository } from '../memberships/memberships.repository.js';
import { SecondFactorService } from '../mfa/second-factor.service.js';
import { accountView } from './account-view.js';
import type { MeDto } from './dto/responses.dto.js';
import type { Locale } from './user.schema.js';
import { UsersRepository } from './users.repository.js';

@Injectable()
export class UsersService {
  constructor(
    private readonly users: UsersRepository,
    private readonly memberships: MembershipsRepository,
    private readonly secondFactor: SecondFactorService,
    private readonly audit: AuditService,
  ) {}

  async profile(userId: string): Promise<MeDto> {
    const user = await this.users.findById(userId);
    if (!user) throw new AppError('UNAUTHENTICATED', 'The account no longer exists');
    const memberships = await this.memberships.listForUser(userId);
    return {
      ...accountView(user, await this.secondFactor.isEnabled(userId)),
      memberships: memberships.map((m) => ({ organizationId: m.organizationId, role: m.role })),
    };
  }

  /** The owner changes their name or language; announced as user.updated. */
  async updateProfile(
    auth: UserAuthContext,
    changes: { name?: string; locale?: Locale },
    client: ClientInfo,
  ): Promise<MeDto> {
    const user = await this.users.findById(auth.userId);
    if (!user) throw new AppError('UNAUTHENTICATED', 'The account no longer exists');
    const changed = Object.fromEntries(
      Object.entries(changes).filter(
        ([field, value]) => value !== undefined && value !== user[field as keyof typeof changes],
      ),
    ) as { name?: string; locale?: Locale };
    if (Object.keys(changed).length > 0) {
      await this.users.updateProfile(user, changed);
      await this.audit.record({
        type: 'user.updated',
        userId: auth.userId,
        actor: auth.userId,
        client,
        data: { fields: Object.keys(changed) },
      });
    }
    return this.profile(auth.userId);
  }
}
