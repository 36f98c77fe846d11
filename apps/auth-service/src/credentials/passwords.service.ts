import { Inject, Injectable } from '@nestjs/common';
import { AppError } from '@trivance/shared';
import { AuditService } from '../audit/audit.service.js';
import type { ClientInfo, UserAuthContext } from '../common/auth-context.js';
import { BackgroundTasks } from '../common/background-tasks.js';
import { AUTH_CONFIG, type AuthConfig } from '../config/auth-config.js';
import { passwordChangedMail, passwordResetMail } from '../mail/mail-templates.js';
import { MailService } from '../mail/mail.service.js';
import { RateLimitService } from '../rate-limit/rate-limit.service.js';
import { SessionsService } from '../sessions/sessions.service.js';
import { OneTimeTokensRepository } from '../tokens/one-time-tokens.repository.js';
import { PASSWORD_RESET_TTL_SECONDS } from '../tokens/token-lifetimes.js';
import { normalizeEmail } from '../users/email.js';
import { UsersRepository, type UserRecord } from '../users/users.repository.js';
import { PasswordHasher } from './password-hasher.js';
import { PasswordPolicy } from './password-policy.js';

/** Tokens carry their issue time; a password set after it makes the token void. */
function issuedBeforePasswordChange(issuedAt: Date, user: UserRecord): boolean {
  const changedAt = user.passwordChangedAt;
  return changedAt != null && issuedAt.getTime() <= changedAt.getTime();
}

function invalidResetToken(): AppError {
  return new AppError('INVALID_TOKEN', 'The reset link is invalid, used or expired');
}

/** Forgotten password, reset by emailed token, and change while signed in. */
@Injectable()
export class PasswordsService {
  constructor(
    private readonly users: UsersRepository,
    private readonly oneTimeTokens: OneTimeTokensRepository,
    private readonly hasher: PasswordHasher,
    private readonly policy: PasswordPolicy,
    private readonly sessions: SessionsService,
    private readonly mail: MailService,
    private readonly limits: RateLimitService,
    private readonly audit: AuditService,
    private readonly background: BackgroundTasks,
    @Inject(AUTH_CONFIG) private readonly config: AuthConfig,
  ) {}

  /**
   * Always succeeds for the caller, in the same time: everything after the
   * per-IP limit runs in the background. A reset mail goes out only for an
   * account, throttled.
   */
  async forgot(rawEmail: string, client: ClientInfo): Promise<void> {
    const email = normalizeEmail(rawEmail);
    if ((await this.limits.tryConsume('mailRequestsPerIp', client.ip, { email, client })) !== 0) {
      return;
    }
    this.background.run('password-forgot', () => this.sendReset(email, client));
  }

  private async sendReset(email: string, client: ClientInfo): Promise<void> {
    const user = await this.users.findByEmail(email);
    const subject = { email, client, userId: user ? String(user._id) : null };
    const emailKey = RateLimitService.emailKey(email);
    if ((await this.limits.tryConsume('mailRequestsPerEmail', emailKey, subject)) !== 0) return;
    if (!user) return;
    if ((await this.limits.tryConsume('mailPerAddress', `reset:${emailKey}`, subject)) !== 0) {
      return;
    }
    const userId = String(user._id);
    const token = await this.oneTimeTokens.issue(
      userId,
      'reset_password',
      PASSWORD_RESET_TTL_SECONDS,
    );
    const link = `${this.config.PUBLIC_APP_URL}/reset-password?token=${encodeURIComponent(token)}`;
    await this.mail.enqueue(passwordResetMail(user.email, link, token));
    await this.audit.record({ type: 'password.reset_requested', userId, client });
  }

  /**
   * Sets a new password with a reset token (single use) and revokes every
   * session. A link issued before the password last changed is void, even if
   * it was not yet marked so (the mark and the change are separate writes).
   */
  async reset(token: string, password: string, client: ClientInfo): Promise<void> {
    await this.limits.consume('tokenSubmissionsPerIp', client.ip, { client });
    const usable = await this.oneTimeTokens.findUsable(token, 'reset_password');
    const owner = usable ? await this.users.findById(usable.userId) : null;
    if (!usable || !owner || issuedBeforePasswordChange(usable.createdAt, owner)) {
      throw invalidResetToken();
    }
    await this.policy.assertAcceptable(password, owner);
    const used = await this.oneTimeTokens.consume(token, 'reset_password');
    const user = used ? await this.users.findById(used.userId) : null;
    if (!used || !user || issuedBeforePasswordChange(used.createdAt, user)) {
      throw invalidResetToken();
    }
    const userId = String(user._id);
    await this.users.setNewPassword(user._id, await this.hasher.hash(password));
    // Receiving the reset mail proves the address, too.
    await this.users.markEmailVerified(user._id, new Date());
    await this.oneTimeTokens.invalidateAll(userId, 'reset_password');
    // A sign-in half done with the old password does not finish either.
    await this.oneTimeTokens.invalidateAll(userId, 'mfa_login');
    const revoked = await this.sessions.revokeAll(userId, 'password_reset');
    await this.limits.clearLoginFailures(user.email);
    await this.notifyChanged(user.email);
    await this.audit.record({
      type: 'password.reset',
      userId,
      actor: userId,
      client,
      data: { sessionsRevoked: revoked },
    });
  }

  /** Changes the password (current one required) and revokes the caller's other sessions. */
  async change(
    auth: UserAuthContext,
    input: { currentPassword: string; newPassword: string },
    client: ClientInfo,
  ): Promise<void> {
    const user = await this.users.findById(auth.userId);
    if (!user) throw new AppError('UNAUTHENTICATED', 'The account no longer exists');
    const subject = { email: user.email, client, userId: auth.userId };
    const attempt = await this.limits.beginCredentialAttempt(user.email, subject);
    try {
      if (!(await this.hasher.verify(user.passwordHash, input.currentPassword))) {
        await attempt.failed();
        throw new AppError('INVALID_CURRENT_PASSWORD', 'The current password is incorrect');
      }
      await attempt.succeeded();
    } finally {
      await attempt.release();
    }
    await this.policy.assertAcceptable(input.newPassword, user, 'newPassword');
    await this.users.setNewPassword(user._id, await this.hasher.hash(input.newPassword));
    // A reset link mailed before the change must not undo it.
    await this.oneTimeTokens.invalidateAll(auth.userId, 'reset_password');
    await this.oneTimeTokens.invalidateAll(auth.userId, 'mfa_login');
    const revoked = await this.sessions.revokeAll(auth.userId, 'password_changed', auth.sessionId);
    await this.notifyChanged(user.email);
    await this.audit.record({
      type: 'password.changed',
      userId: auth.userId,
      actor: auth.userId,
      client,
      data: { sessionsRevoked: revoked },
    });
  }

  /** ASVS: the account owner hears of every password change. */
  private notifyChanged(email: string): Promise<void> {
    return this.mail.enqueue(
      passwordChangedMail(email, `${this.config.PUBLIC_APP_URL}/forgot-password`),
    );
  }
}
