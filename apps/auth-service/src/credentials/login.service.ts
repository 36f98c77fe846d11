import { Injectable } from '@nestjs/common';
import { AppError } from '@trivance/shared';
import { AuditService } from '../audit/audit.service.js';
import type { ClientInfo } from '../common/auth-context.js';
import { Metrics } from '../metrics/metrics.js';
import { RateLimitService } from '../rate-limit/rate-limit.service.js';
import { SessionsService, type TokenPair } from '../sessions/sessions.service.js';
import { normalizeEmail } from '../users/email.js';
import { UsersRepository } from '../users/users.repository.js';
import { PasswordHasher } from './password-hasher.js';

/**
 * Password sign-in. An unknown email and a wrong password take the same path
 * (one argon2id verification, a counted failure, the same 401), so neither the
 * answer nor the work done reveals whether an account exists.
 */
@Injectable()
export class LoginService {
  constructor(
    private readonly users: UsersRepository,
    private readonly hasher: PasswordHasher,
    private readonly limits: RateLimitService,
    private readonly sessions: SessionsService,
    private readonly audit: AuditService,
    private readonly metrics: Metrics,
  ) {}

  async login(input: { email: string; password: string }, client: ClientInfo): Promise<TokenPair> {
    const email = normalizeEmail(input.email);
    const subject = { email, client };
    await this.limits.consume('loginPerIp', client.ip, subject);
    await this.limits.assertLoginAllowed(email, subject);

    const user = await this.users.findByEmail(email);
    const ok = await this.hasher.verify(user?.passwordHash, input.password);
    if (!user || !ok) {
      const userId = user ? String(user._id) : null;
      await this.limits.recordLoginFailure(email, { ...subject, userId });
      await this.audit.record({
        type: 'login.failed',
        userId,
        client,
        data: { email, reason: 'invalid_credentials' },
      });
      this.metrics.logins.inc({ outcome: 'invalid_credentials' });
      throw new AppError('INVALID_CREDENTIALS', 'Invalid email or password');
    }
    const userId = String(user._id);
    if (!user.emailVerifiedAt) {
      await this.audit.record({
        type: 'login.failed',
        userId,
        client,
        data: { email, reason: 'email_not_verified' },
      });
      this.metrics.logins.inc({ outcome: 'email_not_verified' });
      throw new AppError('EMAIL_NOT_VERIFIED', 'Confirm your email address before signing in');
    }
    await this.limits.clearLoginFailures(email);
    if (this.hasher.needsRehash(user.passwordHash)) {
      const upgraded = await this.hasher.hash(input.password);
      await this.users.replacePasswordHash(user._id, upgraded, user.passwordHash);
      await this.audit.record({ type: 'password.rehashed', userId, client });
    }
    const { pair, session } = await this.sessions.start(user, client);
    await this.audit.record({
      type: 'login.succeeded',
      userId,
      actor: userId,
      client,
      data: { sessionId: String(session._id) },
    });
    this.metrics.logins.inc({ outcome: 'success' });
    return pair;
  }
}
