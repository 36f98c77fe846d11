import { Injectable } from '@nestjs/common';
import { InjectConnection } from '@nestjs/mongoose';
import type { Connection, Model } from 'mongoose';
import { AuditEvent } from '../audit/audit-event.schema.js';
import { SingleUseClaim } from '../database/single-use-claim.schema.js';
import { Invitation } from '../invitations/invitation.schema.js';
import { Membership } from '../memberships/membership.schema.js';
import { RecoveryCode } from '../mfa/recovery-code.schema.js';
import { TotpFactor } from '../mfa/totp-factor.schema.js';
import { RefreshToken } from '../sessions/refresh-token.schema.js';
import { Session } from '../sessions/session.schema.js';
import { SessionStepUp } from '../sessions/session-step-up.schema.js';
import { OneTimeToken } from '../tokens/one-time-token.schema.js';
import { User } from '../users/user.schema.js';

/** How a deleted account's email is kept unique without being an address: never deliverable. */
export function tombstoneEmail(userId: string): string {
  return `deleted-${userId}@deleted.invalid`;
}

/** Marks a tombstone (disabledBy): the account was deleted by its holder. */
export const DELETED_BY_HOLDER = 'account-deleted';

/**
 * Everything stored about one account, across the collections other modules
 * own, for its export and its deletion. The models are the ones the store
 * registered (read through the connection, so no schema is registered twice).
 */
@Injectable()
export class AccountRecordsRepository {
  constructor(@InjectConnection() private readonly connection: Connection) {}

  private model<T>(name: string): Model<T> {
    return this.connection.model<T>(name);
  }

  get users() {
    return this.model<User>(User.name);
  }
  get sessions() {
    return this.model<Session>(Session.name);
  }
  get refreshTokens() {
    return this.model<RefreshToken>(RefreshToken.name);
  }
  get stepUps() {
    return this.model<SessionStepUp>(SessionStepUp.name);
  }
  get totpFactors() {
    return this.model<TotpFactor>(TotpFactor.name);
  }
  get recoveryCodes() {
    return this.model<RecoveryCode>(RecoveryCode.name);
  }
  get oneTimeTokens() {
    return this.model<OneTimeToken>(OneTimeToken.name);
  }
  get memberships() {
    return this.model<Membership>(Membership.name);
  }
  get invitations() {
    return this.model<Invitation>(Invitation.name);
  }
  get auditEvents() {
    return this.model<AuditEvent>(AuditEvent.name);
  }
  get claims() {
    return this.model<SingleUseClaim>(SingleUseClaim.name);
  }
}
