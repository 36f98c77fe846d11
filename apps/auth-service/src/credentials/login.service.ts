import { Injectable } from '@nestjs/common';
import { AppError } from '@trivance/shared';
import { AuditService } from '../audit/audit.service.js';
import type { ClientInfo } from '../common/auth-context.js';
import { Metrics } from '../metrics/metrics.js';
import { type MfaChallenge, SecondFactorService } from '../mfa/second-factor.service.js';
import { RateLimitService } from '../rate-limit/rate-limit.service.js';
import { SessionsService, type TokenPair } from '../sessions/sessions.service.js';
import { normalizeEmail } from '../users/email.js';
import { UsersRepository, type UserRecord } from '../users/users.repository.js';
import { PasswordHasher } from './password-hasher.js';

export function accountDisabled(): AppError {
  return new AppError('ACCOUNT_DISABLED', 'This account has been disabled; contact support');
}

/**
 * Password sign-in. An unknown email and a wrong password take the same path
 * (one counted attempt, one argon2id verification, the same 401), so neither
 * the answer nor the work done reveals whether an account exists. The attempt
 * is counted before the hash is checked, so parallel guesses cannot outrun the
 * per-email limit. Refusals that reveal the account (unverified, disabled) come
 * only after a correct password; an account with a second factor gets a
 * challenge instead of tokens.
 */
@Injectable()
export class LoginService {
  constructor(
    private readonly users: UsersRepository,
    private readonly hasher: PasswordHasher,
    private readonly limits: RateLimitService,
    private readonly sessions: SessionsService,
    private readonly secondFactor: SecondFactorService,
    private readonly audit: AuditService,
    private readonly metrics: Metrics,
  ) {}

  async login(
    input: { email: string; password: string },
    client: ClientInfo,
  ): Promise<TokenPair | MfaChallenge> {
    const email = normalizeEmail(input.email);
    const subject = { email, client };
    await this.limits.consume('loginPerIp', client.ip, subject);
    const attempt = await this.limits.beginCredentialAttempt(email, subject);
    let user: UserRecord | null;
    try {
      user = await this.users.findByEmail(email);
      const ok = await this.hasher.verify(user?.passwordHash, input.password);
      if (!user || !ok) {
        const userId = user ? String(user._id) : null;
        await attempt.failed({ userId });
        await this.audit.record({
          type: 'login.failed',
          userId,
          client,
          data: { email, reason: 'invalid_credentials' },
        });
        this.metrics.logins.inc({ outcome: 'invalid_credentials' });
        throw new AppError('INVALID_CREDENTIALS', 'Invalid email or password');
      }
      await attempt.succeeded();
    } finally {
      await attempt.release();
    }
    const userId = String(user._id);
    await this.refuseInactive(user, client);
    if (this.hasher.needsRehash(user.passwordHash)) {
      const upgraded = await this.hasher.hash(input.password);
      await this.users.replacePasswordHash(user._id, upgraded, user.passwordHash);
      await this.audit.record({ type: 'password.rehashed', userId, client });
    }
    if (await this.secondFactor.isEnabled(userId)) {
      this.metrics.logins.inc({ outcome: 'mfa_required' });
      return this.secondFactor.challenge(user);
    }
    const { pair, session } = await this.sessions.start(user, client);
    await this.audit.record({
      type: 'login.succeeded',
      userId,
      actor: userId,
      client,
      data: { sessionId: String(session._id), aal: 'aal1' },
    });
    this.metrics.logins.inc({ outcome: 'success' });
    return pair;
  }

  /** After a correct password: an unverified or disabled account gets no session. */
  async refuseInactive(user: UserRecord, client: ClientInfo): Promise<void> {
    const userId = String(user._id);
    if (!user.emailVerifiedAt) {
      await this.audit.record({
        type: 'login.failed',
        userId,
        client,
        data: { email: user.email, reason: 'email_not_verified' },
      });
      this.metrics.logins.inc({ outcome: 'email_not_verified' });
      throw new AppError('EMAIL_NOT_VERIFIED', 'Confirm your email address before signing in');
    }
    if (user.disabledAt) {
      await this.audit.record({
        type: 'login.failed',
        userId,
        client,
        data: { email: user.email, reason: 'account_disabled' },
      });
      this.metrics.logins.inc({ outcome: 'account_disabled' });
      throw accountDisabled();
    }
  }
}
