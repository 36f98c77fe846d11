import { Inject, Injectable } from '@nestjs/common';
import { AppError } from '@trivance/shared';
import { AuditService } from '../audit/audit.service.js';
import type { ClientInfo } from '../common/auth-context.js';
import { BackgroundTasks } from '../common/background-tasks.js';
import { AUTH_CONFIG, type AuthConfig } from '../config/auth-config.js';
import { PasswordHasher } from '../credentials/password-hasher.js';
import { PasswordPolicy } from '../credentials/password-policy.js';
import { existingAccountMail, verificationMail } from '../mail/mail-templates.js';
import { MailService } from '../mail/mail.service.js';
import { RateLimitService } from '../rate-limit/rate-limit.service.js';
import { OneTimeTokensRepository } from '../tokens/one-time-tokens.repository.js';
import { EMAIL_VERIFICATION_TTL_SECONDS } from '../tokens/token-lifetimes.js';
import { normalizeEmail } from './email.js';
import { UsersRepository, type UserRecord } from './users.repository.js';

export const REGISTER_MESSAGE =
  'If the address can be used, we have sent an email with the next step.';
export const RESEND_MESSAGE =
  'If the address belongs to an unverified account, we have sent a new verification email.';

/** Registration, email verification and resend. Answers never reveal whether an email has an account. */
@Injectable()
export class RegistrationService {
  constructor(
    private readonly users: UsersRepository,
    private readonly oneTimeTokens: OneTimeTokensRepository,
    private readonly hasher: PasswordHasher,
    private readonly policy: PasswordPolicy,
    private readonly mail: MailService,
    private readonly limits: RateLimitService,
    private readonly audit: AuditService,
    private readonly background: BackgroundTasks,
    @Inject(AUTH_CONFIG) private readonly config: AuthConfig,
  ) {}

  /**
   * The same work whether or not the email is taken: the limits, the password
   * policy and one argon2id hash, then the answer. Creating the account (or
   * noticing it exists) and the mail happen in the background, so neither the
   * answer nor its timing depends on the address.
   */
  async register(
    input: { email: string; password: string; name: string },
    client: ClientInfo,
  ): Promise<void> {
    const email = normalizeEmail(input.email);
    const subject = { email, client };
    await this.limits.consume('registerPerIp', client.ip, subject);
    await this.limits.consume('registerPerEmail', RateLimitService.emailKey(email), subject);
    await this.policy.assertAcceptable(input.password, { email, name: input.name });
    const passwordHash = await this.hasher.hash(input.password);
    this.background.run('registration', () =>
      this.createOrNotify({ email, name: input.name, passwordHash }, client),
    );
  }

  private async createOrNotify(
    input: { email: string; name: string; passwordHash: string },
    client: ClientInfo,
  ): Promise<void> {
    const { email } = input;
    const created = await this.users.create(input);
    if (!created) {
      const existing = await this.users.findByEmail(email);
      const userId = existing ? String(existing._id) : null;
      await this.audit.record({ type: 'user.register_attempt_existing', userId, client });
      if (await this.mailAllowed(email, client, userId, 'notice')) {
        await this.mail.enqueue(existingAccountMail(email, `${this.config.PUBLIC_APP_URL}/login`));
      }
      return;
    }
    await this.audit.record({ type: 'user.registered', userId: String(created._id), client });
    if (await this.mailAllowed(email, client)) await this.sendVerification(created);
  }

  async verifyEmail(token: string, client: ClientInfo): Promise<void> {
    await this.limits.consume('tokenSubmissionsPerIp', client.ip, { client });
    const used = await this.oneTimeTokens.consume(token, 'verify_email');
    if (!used) throw new AppError('INVALID_TOKEN', 'The verification link is invalid or expired');
    const user = await this.users.findById(used.userId);
    if (!user) throw new AppError('INVALID_TOKEN', 'The verification link is invalid or expired');
    await this.users.markEmailVerified(user._id, new Date());
    await this.audit.record({ type: 'email.verified', userId: used.userId, client });
  }

  /**
   * Always succeeds for the caller, in the same time: everything after the
   * per-IP limit runs in the background. Throttled or pointless requests send nothing.
   */
  async resend(rawEmail: string, client: ClientInfo): Promise<void> {
    const email = normalizeEmail(rawEmail);
    if ((await this.limits.tryConsume('mailRequestsPerIp', client.ip, { email, client })) !== 0) {
      return;
    }
    this.background.run('verification-resend', () => this.resendVerification(email, client));
  }

  private async resendVerification(email: string, client: ClientInfo): Promise<void> {
    const user = await this.users.findByEmail(email);
    const subject = { email, client, userId: user ? String(user._id) : null };
    const emailKey = RateLimitService.emailKey(email);
    if ((await this.limits.tryConsume('mailRequestsPerEmail', emailKey, subject)) !== 0) return;
    if (!user || user.emailVerifiedAt) return;
    if (await this.mailAllowed(email, client, subject.userId)) await this.sendVerification(user);
  }

  private async mailAllowed(
    email: string,
    client: ClientInfo,
    userId?: string | null,
    kind: 'verify' | 'notice' = 'verify',
  ) {
    const key = `${kind}:${RateLimitService.emailKey(email)}`;
    return (await this.limits.tryConsume('mailPerAddress', key, { email, client, userId })) === 0;
  }

  private async sendVerification(user: UserRecord): Promise<void> {
    const token = await this.oneTimeTokens.issue(
      String(user._id),
      'verify_email',
      EMAIL_VERIFICATION_TTL_SECONDS,
    );
    const link = `${this.config.PUBLIC_APP_URL}/verify-email?token=${encodeURIComponent(token)}`;
    await this.mail.enqueue(verificationMail(user.email, link, token));
  }
}
