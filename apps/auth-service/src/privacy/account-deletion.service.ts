import { Injectable } from '@nestjs/common';
import { AppError } from '@trivance/shared';
import { AuditService } from '../audit/audit.service.js';
import type { ClientInfo, UserAuthContext } from '../common/auth-context.js';
import { PasswordHasher } from '../credentials/password-hasher.js';
import { domainEvent } from '../domain-events/outbox.js';
import { proofFrom } from '../mfa/mfa.service.js';
import { SecondFactorService } from '../mfa/second-factor.service.js';
import { RateLimitService } from '../rate-limit/rate-limit.service.js';
import { RevocationPublisher } from '../revocations/revocation-publisher.js';
import { SessionsService } from '../sessions/sessions.service.js';
import { DEFAULT_LOCALE } from '../users/user.schema.js';
import type { UserRecord } from '../users/users.repository.js';
import {
  AccountRecordsRepository,
  DELETED_BY_HOLDER,
  tombstoneEmail,
} from './account-records.repository.js';

export interface DeletionProof {
  password: string;
  code?: string;
  recoveryCode?: string;
}

/**
 * Deletes the caller's account. Proof first, as sign-in asks for it: the
 * password (a wrong one is INVALID_CURRENT_PASSWORD, whatever else was
 * sent), then, when an authenticator app is set up, its code or a recovery
 * code (INVALID_MFA_CODE); both count against the account's credential
 * limit like sign-in.
 *
 * The account document becomes a tombstone in one write that also records
 * `user.deleted` in its outbox: no email (a placeholder keeps the unique
 * index, so the address is free for a new, unrelated account), no name, no
 * password, disabled, and no earlier events (they carried the name and
 * email). Every session is revoked through the revocation feed before and
 * after that write, so no token of the account works anywhere; then the
 * sessions, refresh tokens, step-ups, one-time tokens, second factors,
 * memberships and pending invitations are deleted. The audit log, which is
 * append-only, keeps its events under the account id, which no longer leads
 * to a person, plus one `account.deleted` without personal data.
 */
@Injectable()
export class AccountDeletionService {
  constructor(
    private readonly records: AccountRecordsRepository,
    private readonly hasher: PasswordHasher,
    private readonly secondFactor: SecondFactorService,
    private readonly limits: RateLimitService,
    private readonly sessions: SessionsService,
    private readonly revocations: RevocationPublisher,
    private readonly audit: AuditService,
  ) {}

  async delete(auth: UserAuthContext, proof: DeletionProof, client: ClientInfo): Promise<void> {
    const user = await this.records.users.findById(auth.userId).lean<UserRecord>().exec();
    if (!user || user.disabledAt)
      throw new AppError('UNAUTHENTICATED', 'The account is not active');
    await this.assertProof(user, proof, client);

    const userId = auth.userId;
    const email = user.email;
    await this.sessions.revokeAll(userId, 'account_deleted');
    const deletedAt = new Date();
    const event = domainEvent('user.deleted', { userId });
    const tombstoned = await this.records.users
      .updateOne(
        { _id: user._id, disabledAt: null },
        {
          $set: {
            email: tombstoneEmail(userId),
            name: '',
            passwordHash: '',
            emailVerifiedAt: null,
            platformRole: null,
            locale: DEFAULT_LOCALE,
            passwordChangedAt: deletedAt,
            disabledAt: deletedAt,
            disabledBy: DELETED_BY_HOLDER,
            outbox: [event],
            lastEventAt: new Date(event.occurredAt),
          },
        },
      )
      .exec();
    // A concurrent deletion (or an operator disabling the account) got there first.
    if (tombstoned.modifiedCount === 0) {
      throw new AppError('UNAUTHENTICATED', 'The account is not active');
    }
    // A session started between the first revocation and the tombstone ends too.
    await this.sessions.revokeAll(userId, 'account_deleted');
    await this.revocations.accountRevoked(userId, deletedAt);
    await this.erase(userId, email);
    await this.limits.clearLoginFailures(email);
    await this.audit.record({ type: 'account.deleted', userId, actor: userId });
  }

  private async assertProof(
    user: UserRecord,
    proof: DeletionProof,
    client: ClientInfo,
  ): Promise<void> {
    const userId = String(user._id);
    const hasCode = proof.code !== undefined || proof.recoveryCode !== undefined;
    // Malformed (both kinds sent) is refused before anything is counted.
    const secondFactor = hasCode ? proofFrom(proof) : null;
    const attempt = await this.limits.beginCredentialAttempt(user.email, {
      email: user.email,
      userId,
      client,
    });
    try {
      if (!(await this.hasher.verify(user.passwordHash, proof.password))) {
        await attempt.failed({ userId });
        throw new AppError('INVALID_CURRENT_PASSWORD', 'The current password is incorrect');
      }
      await attempt.succeeded();
    } finally {
      await attempt.release();
    }
    if (!(await this.secondFactor.isEnabled(userId))) return;
    if (!secondFactor) {
      throw new AppError('INVALID_MFA_CODE', 'A code from your authenticator app is required', {
        errors: { code: ['send code or recoveryCode: this account has a second factor'] },
      });
    }
    await this.secondFactor.verify(user, secondFactor, client);
  }

  /** What only the account needed; each delete is idempotent. */
  private async erase(userId: string, email: string): Promise<void> {
    await this.records.refreshTokens.deleteMany({ userId }).exec();
    await this.records.stepUps.deleteMany({ userId }).exec();
    await this.records.sessions.deleteMany({ userId }).exec();
    await this.records.oneTimeTokens.deleteMany({ userId }).exec();
    await this.records.totpFactors.deleteMany({ userId }).exec();
    await this.records.recoveryCodes.deleteMany({ userId }).exec();
    // The member profiles go with user.deleted; no membership event carries the name again.
    await this.records.memberships.deleteMany({ userId }).exec();
    await this.records.invitations.deleteMany({ email, acceptedAt: null }).exec();
    // Accepted invitations are the organization's record of who invited whom: the address goes.
    await this.records.invitations
      .updateMany({ email, acceptedByUserId: userId }, { $set: { email: tombstoneEmail(userId) } })
      .exec();
  }
}
