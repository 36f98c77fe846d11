import { Injectable } from '@nestjs/common';
import { AppError } from '@trivance/shared';
import { AuditService } from '../audit/audit.service.js';
import { PasswordHasher } from '../credentials/password-hasher.js';
import { PasswordPolicy } from '../credentials/password-policy.js';
import { normalizeEmail } from './email.js';
import { UsersRepository } from './users.repository.js';

/**
 * The only way to make a super_admin: the create-super-admin command. An
 * existing account is promoted (its password is untouched) only once its
 * owner has confirmed the address and while it is enabled: otherwise whoever
 * registered the address first, without ever receiving its mail, would become
 * the platform operator. A new account is created verified with the given
 * password. There is no default.
 */
@Injectable()
export class SuperAdminService {
  constructor(
    private readonly users: UsersRepository,
    private readonly hasher: PasswordHasher,
    private readonly policy: PasswordPolicy,
    private readonly audit: AuditService,
  ) {}

  async createOrPromote(input: {
    email: string;
    name?: string;
    password?: string;
  }): Promise<{ userId: string; created: boolean }> {
    const email = normalizeEmail(input.email);
    const existing = await this.users.findByEmail(email);
    if (existing) {
      if (!existing.emailVerifiedAt) {
        throw new AppError(
          'EMAIL_NOT_VERIFIED',
          'The account has not confirmed its email address; confirm it first, then run again',
        );
      }
      if (existing.disabledAt) {
        throw new AppError('ACCOUNT_DISABLED', 'The account is disabled; enable it first');
      }
      await this.users.setPlatformRole(existing._id, 'super_admin');
      await this.audit.record({
        type: 'platform_role.granted',
        userId: String(existing._id),
        actor: 'cli',
        data: { role: 'super_admin' },
      });
      return { userId: String(existing._id), created: false };
    }
    if (!input.password || !input.name) {
      throw new AppError('VALIDATION_FAILED', 'A new super admin needs a name and a password');
    }
    await this.policy.assertAcceptable(input.password, { email, name: input.name });
    const created = await this.users.create({
      email,
      name: input.name,
      passwordHash: await this.hasher.hash(input.password),
      emailVerifiedAt: new Date(),
      platformRole: 'super_admin',
    });
    if (!created) throw new AppError('CONFLICT', 'The account was created concurrently; run again');
    await this.audit.record({
      type: 'platform_role.granted',
      userId: String(created._id),
      actor: 'cli',
      data: { role: 'super_admin', accountCreated: true },
    });
    return { userId: String(created._id), created: true };
  }
}
