import { Inject, Injectable } from '@nestjs/common';
import { AppError } from '@trivance/shared';
import { AuditService } from '../audit/audit.service.js';
import type { ClientInfo, UserAuthContext } from '../common/auth-context.js';
import { AUTH_CONFIG, type AuthConfig } from '../config/auth-config.js';
import { secondFactorDisabledMail, secondFactorEnabledMail } from '../mail/mail-templates.js';
import { MailService } from '../mail/mail.service.js';
import { Metrics } from '../metrics/metrics.js';
import { RateLimitService } from '../rate-limit/rate-limit.service.js';
import {
  type AccessTokenOnly,
  SessionsService,
  type TokenPair,
} from '../sessions/sessions.service.js';
import { OneTimeTokensRepository } from '../tokens/one-time-tokens.repository.js';
import { UsersRepository, type UserRecord } from '../users/users.repository.js';
import { newRecoveryCode, RECOVERY_CODE_COUNT } from './recovery-code-generator.js';
import { RecoveryCodesRepository } from './recovery-codes.repository.js';
import {
  amrAfter,
  invalidCode,
  recoveryCodeHash,
  SecondFactorService,
  type SecondFactorProof,
} from './second-factor.service.js';
import { newTotpSecret, totpUri } from './totp.js';
import { TotpFactorsRepository } from './totp-factors.repository.js';

function invalidChallenge(): AppError {
  return new AppError('INVALID_TOKEN', 'The sign-in has expired; sign in again');
}

/** Exactly one of `code` and `recoveryCode`. */
export function proofFrom(input: { code?: string; recoveryCode?: string }): SecondFactorProof {
  if (input.code !== undefined && input.recoveryCode === undefined) return { code: input.code };
  if (input.recoveryCode !== undefined && input.code === undefined) {
    return { recoveryCode: input.recoveryCode };
  }
  throw new AppError('VALIDATION_FAILED', 'Send either code or recoveryCode', {
    errors: { code: ['send either code or recoveryCode, not both'] },
  });
}

/**
 * Second factors: enrolling an authenticator app (TOTP) with ten recovery
 * codes, removing it, finishing a sign-in that needs it, and stepping a
 * session up to aal2.
 */
@Injectable()
export class MfaService {
  constructor(
    private readonly users: UsersRepository,
    private readonly factors: TotpFactorsRepository,
    private readonly recoveryCodes: RecoveryCodesRepository,
    private readonly secondFactor: SecondFactorService,
    private readonly oneTimeTokens: OneTimeTokensRepository,
    private readonly sessions: SessionsService,
    private readonly limits: RateLimitService,
    private readonly mail: MailService,
    private readonly audit: AuditService,
    private readonly metrics: Metrics,
    @Inject(AUTH_CONFIG) private readonly config: AuthConfig,
  ) {}

  /** A new pending secret; an account with a confirmed app must remove it first. */
  async enroll(auth: UserAuthContext, client: ClientInfo) {
    const user = await this.account(auth);
    const secret = newTotpSecret();
    const userId = String(user._id);
    if (!(await this.factors.savePending(userId, this.secondFactor.sealSecret(userId, secret)))) {
      throw new AppError('CONFLICT', 'An authenticator app is already set up; remove it first', {
        reason: 'MFA_ALREADY_ENABLED',
      });
    }
    await this.audit.record({ type: 'mfa.totp_enrollment_started', userId, actor: userId, client });
    return { secret, otpauthUri: totpUri(secret, user.email) };
  }

  /** The first code from the app confirms it; answers the ten recovery codes (shown once). */
  async confirm(auth: UserAuthContext, code: string, client: ClientInfo) {
    const user = await this.account(auth);
    const userId = String(user._id);
    const factor = await this.factors.findForUser(userId);
    if (!factor || factor.confirmedAt) {
      throw new AppError(
        'CONFLICT',
        factor ? 'The authenticator app is already confirmed' : 'Start with /mfa/totp/enroll',
        { reason: factor ? 'MFA_ALREADY_ENABLED' : 'MFA_NOT_ENROLLED' },
      );
    }
    const attempt = await this.limits.beginCredentialAttempt(user.email, {
      email: user.email,
      userId,
      client,
    });
    try {
      if (
        !(await this.secondFactor.acceptCode(userId, this.secondFactor.openSecret(factor), code))
      ) {
        await attempt.failed();
        throw invalidCode();
      }
      await attempt.succeeded();
    } finally {
      await attempt.release();
    }
    if (!(await this.factors.confirm(factor, new Date()))) {
      throw new AppError('CONFLICT', 'The authenticator app is already confirmed', {
        reason: 'MFA_ALREADY_ENABLED',
      });
    }
    const codes = Array.from({ length: RECOVERY_CODE_COUNT }, newRecoveryCode);
    await this.recoveryCodes.replaceAll(
      userId,
      codes.map((recoveryCode) => recoveryCodeHash(userId, recoveryCode)),
    );
    await this.mail.enqueue(secondFactorEnabledMail(user.email));
    await this.audit.record({ type: 'mfa.totp_enabled', userId, actor: userId, client });
    return { recoveryCodes: codes };
  }

  /** Removes the app and the recovery codes; a current code from the app is required. */
  async remove(auth: UserAuthContext, code: string, client: ClientInfo): Promise<void> {
    const user = await this.account(auth);
    const userId = String(user._id);
    if (!(await this.secondFactor.isEnabled(userId))) {
      throw new AppError('CONFLICT', 'No authenticator app is set up', {
        reason: 'MFA_NOT_ENABLED',
      });
    }
    await this.secondFactor.verify(user, { code }, client);
    await this.factors.remove(userId);
    await this.recoveryCodes.removeAll(userId);
    await this.mail.enqueue(
      secondFactorDisabledMail(user.email, `${this.config.PUBLIC_APP_URL}/forgot-password`),
    );
    await this.audit.record({ type: 'mfa.totp_disabled', userId, actor: userId, client });
  }

  /** Finishes a sign-in that proved its password: the second factor gives an aal2 pair. */
  async completeSignIn(
    input: { mfaToken: string; code?: string; recoveryCode?: string },
    client: ClientInfo,
  ): Promise<TokenPair> {
    const proof = proofFrom(input);
    await this.limits.consume('loginPerIp', client.ip, { client });
    const challenge = await this.oneTimeTokens.findUsable(input.mfaToken, 'mfa_login');
    const user = challenge ? await this.users.findById(challenge.userId) : null;
    if (!challenge || !user || user.disabledAt) throw invalidChallenge();
    const method = await this.secondFactor.verify(user, proof, client);
    const used = await this.oneTimeTokens.consume(input.mfaToken, 'mfa_login');
    if (!used) throw invalidChallenge();
    const { pair, session } = await this.sessions.start(user, client, {
      organizationId: used.organizationId,
      assurance: { aal: 'aal2', amr: amrAfter(method), authTime: new Date() },
    });
    await this.audit.record({
      type: 'login.succeeded',
      userId: String(user._id),
      organizationId: used.organizationId,
      actor: String(user._id),
      client,
      data: { sessionId: String(session._id), aal: 'aal2', method },
    });
    this.metrics.logins.inc({ outcome: 'success' });
    return pair;
  }

  /** Raises the caller's session to aal2 with a fresh auth_time. */
  async stepUp(
    auth: UserAuthContext,
    input: { code?: string; recoveryCode?: string },
    client: ClientInfo,
  ): Promise<AccessTokenOnly> {
    const proof = proofFrom(input);
    const user = await this.account(auth);
    if (!(await this.secondFactor.isEnabled(String(user._id)))) {
      throw new AppError('CONFLICT', 'Set up an authenticator app first', {
        reason: 'MFA_NOT_ENABLED',
      });
    }
    const method = await this.secondFactor.verify(user, proof, client);
    return this.sessions.stepUp(auth, amrAfter(method), client);
  }

  private async account(auth: UserAuthContext): Promise<UserRecord> {
    const user = await this.users.findById(auth.userId);
    if (!user || user.disabledAt)
      throw new AppError('UNAUTHENTICATED', 'The account is not active');
    return user;
  }
}
