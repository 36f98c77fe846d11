import { Inject, Injectable } from '@nestjs/common';
import { AppError, decryptWithKek, encryptWithKek } from '@trivance/shared';
import { AuditService } from '../audit/audit.service.js';
import type { ClientInfo } from '../common/auth-context.js';
import { sha256Hex } from '../common/opaque-token.js';
import { AUTH_CONFIG, type AuthConfig } from '../config/auth-config.js';
import { SingleUseClaimsRepository } from '../database/single-use-claims.repository.js';
import { recoveryCodeUsedMail } from '../mail/mail-templates.js';
import { MailService } from '../mail/mail.service.js';
import { RateLimitService } from '../rate-limit/rate-limit.service.js';
import { OneTimeTokensRepository } from '../tokens/one-time-tokens.repository.js';
import { MFA_CHALLENGE_TTL_SECONDS } from '../tokens/token-lifetimes.js';
import type { UserRecord } from '../users/users.repository.js';
import { RecoveryCodesRepository } from './recovery-codes.repository.js';
import { TOTP_PERIOD_SECONDS, matchingTimeStep } from './totp.js';
import { TotpFactorsRepository, type TotpFactorRecord } from './totp-factors.repository.js';

/** What a caller proves as a second factor: a code from the app, or a recovery code. */
export type SecondFactorProof = { code: string } | { recoveryCode: string };

export const MFA_METHODS = ['totp', 'recovery_code'] as const;
export type MfaMethod = (typeof MFA_METHODS)[number];

/** The answer of a password sign-in that still needs its second factor. */
export interface MfaChallenge {
  mfaRequired: true;
  mfaToken: string;
  methods: MfaMethod[];
}

/** RFC 8176 `amr` of a session after a password and this second factor. */
export function amrAfter(method: MfaMethod): string[] {
  return method === 'totp' ? ['pwd', 'otp', 'mfa'] : ['pwd', 'recovery_code', 'mfa'];
}

export function invalidCode(): AppError {
  return new AppError('INVALID_MFA_CODE', 'The code is not valid; try a new one');
}

/** Recovery codes are compared in one form: upper case, letters and digits only. */
export function normalizeRecoveryCode(code: string): string {
  return code.toUpperCase().replaceAll(/[^A-Z0-9]/g, '');
}

export function recoveryCodeHash(userId: string, code: string): string {
  return sha256Hex(`${userId}:${normalizeRecoveryCode(code)}`);
}

/**
 * The second factor as sign-in, step-up and factor changes check it: the
 * account's TOTP (each time step accepted once, so an observed code cannot be
 * replayed) or one of its recovery codes (each usable once). Every check
 * counts against the same per-account limit as passwords.
 */
@Injectable()
export class SecondFactorService {
  private readonly kek: Buffer;

  constructor(
    private readonly factors: TotpFactorsRepository,
    private readonly recoveryCodes: RecoveryCodesRepository,
    private readonly claims: SingleUseClaimsRepository,
    private readonly oneTimeTokens: OneTimeTokensRepository,
    private readonly limits: RateLimitService,
    private readonly mail: MailService,
    private readonly audit: AuditService,
    @Inject(AUTH_CONFIG) config: AuthConfig,
  ) {
    this.kek = Buffer.from(config.KEY_ENCRYPTION_KEY, 'base64');
  }

  /** True when the account has a confirmed authenticator app. */
  async isEnabled(userId: string): Promise<boolean> {
    return (await this.factors.findForUser(userId))?.confirmedAt != null;
  }

  /** A sign-in that proved the password and now needs the second factor. */
  async challenge(user: UserRecord, organizationId?: string | null): Promise<MfaChallenge> {
    const userId = String(user._id);
    const mfaToken = await this.oneTimeTokens.issue(
      userId,
      'mfa_login',
      MFA_CHALLENGE_TTL_SECONDS,
      {
        organizationId,
      },
    );
    const methods: MfaMethod[] = ['totp'];
    if ((await this.recoveryCodes.countUnused(userId)) > 0) methods.push('recovery_code');
    return { mfaRequired: true, mfaToken, methods };
  }

  sealSecret(userId: string, secret: string): string {
    return encryptWithKek(this.kek, secret, `totp:${userId}`);
  }

  openSecret(factor: TotpFactorRecord): string {
    return decryptWithKek(this.kek, factor.encryptedSecret, `totp:${factor.userId}`);
  }

  /**
   * Checks a proof for the account, counted like a password attempt; returns
   * the method that matched, or throws INVALID_MFA_CODE (or RATE_LIMITED).
   */
  async verify(user: UserRecord, proof: SecondFactorProof, client: ClientInfo): Promise<MfaMethod> {
    const userId = String(user._id);
    const attempt = await this.limits.beginCredentialAttempt(user.email, {
      email: user.email,
      userId,
      client,
    });
    try {
      const method = await this.check(user, proof);
      if (!method) {
        await attempt.failed();
        await this.audit.record({
          type: 'mfa.failed',
          userId,
          client,
          data: { method: 'code' in proof ? 'totp' : 'recovery_code' },
        });
        throw invalidCode();
      }
      await attempt.succeeded();
      return method;
    } finally {
      await attempt.release();
    }
  }

  /** Checks a code against one secret, making its time step used (a code is accepted once). */
  async acceptCode(userId: string, secret: string, code: string): Promise<boolean> {
    const step = matchingTimeStep(secret, code);
    if (step === null) return false;
    const expiresAt = new Date(Date.now() + 4 * TOTP_PERIOD_SECONDS * 1000);
    return this.claims.claimOnce(`totp:${userId}:${step}`, expiresAt);
  }

  private async check(user: UserRecord, proof: SecondFactorProof): Promise<MfaMethod | null> {
    const userId = String(user._id);
    const factor = await this.factors.findForUser(userId);
    if (!factor?.confirmedAt) return null;
    if ('code' in proof) {
      return (await this.acceptCode(userId, this.openSecret(factor), proof.code)) ? 'totp' : null;
    }
    if (!(await this.recoveryCodes.use(userId, recoveryCodeHash(userId, proof.recoveryCode)))) {
      return null;
    }
    const remaining = await this.recoveryCodes.countUnused(userId);
    await this.mail.enqueue(recoveryCodeUsedMail(user.email, remaining));
    await this.audit.record({ type: 'mfa.recovery_code_used', userId, data: { remaining } });
    return 'recovery_code';
  }
}
