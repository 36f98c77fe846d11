import {
  Inject,
  Injectable,
  Logger,
  type OnApplicationBootstrap,
  type OnApplicationShutdown,
} from '@nestjs/common';
import { AUTH_CONFIG, type AuthConfig } from '../config/auth-config.js';
import { SingleUseClaimsRepository } from '../database/single-use-claims.repository.js';
import { InvitationsRepository } from '../invitations/invitations.repository.js';
import { SigningKeysService } from '../keys/signing-keys.service.js';
import { MembershipsRepository } from '../memberships/memberships.repository.js';
import { RefreshTokensRepository } from '../sessions/refresh-tokens.repository.js';
import { SessionStepUpsRepository } from '../sessions/session-step-ups.repository.js';
import { SessionsRepository } from '../sessions/sessions.repository.js';
import { OneTimeTokensRepository } from './one-time-tokens.repository.js';

/** Revoked sessions stay listed in the database this long (for investigations), then go. */
const KEEP_REVOKED_SESSIONS_MS = 30 * 24 * 60 * 60 * 1000;

/** Removed memberships are kept a day after removal (once their event has been relayed). */
const REMOVED_MEMBERSHIP_RETENTION_MS = 24 * 60 * 60 * 1000;

export interface PurgeCounts {
  refreshTokens: number;
  sessions: number;
  oneTimeTokens: number;
  invitations: number;
  signingKeys: number;
  singleUseClaims: number;
  removedMemberships: number;
  sessionStepUps: number;
}

/**
 * FerretDB has no TTL indexes, so expiry is checked on every read and this job
 * deletes what has expired. Every instance runs it; the deletes are idempotent.
 */
@Injectable()
export class PurgeExpiredJob implements OnApplicationBootstrap, OnApplicationShutdown {
  private readonly logger = new Logger(PurgeExpiredJob.name);
  private timer?: NodeJS.Timeout;

  constructor(
    private readonly refreshTokens: RefreshTokensRepository,
    private readonly sessions: SessionsRepository,
    private readonly oneTimeTokens: OneTimeTokensRepository,
    private readonly invitations: InvitationsRepository,
    private readonly keys: SigningKeysService,
    private readonly claims: SingleUseClaimsRepository,
    private readonly memberships: MembershipsRepository,
    private readonly stepUps: SessionStepUpsRepository,
    @Inject(AUTH_CONFIG) private readonly config: AuthConfig,
  ) {}

  onApplicationBootstrap(): void {
    this.timer = setInterval(() => {
      this.run().catch((error) => this.logger.error({ err: error }, 'purge failed'));
    }, this.config.PURGE_INTERVAL_SECONDS * 1000);
    this.timer.unref();
  }

  onApplicationShutdown(): void {
    clearInterval(this.timer);
  }

  async run(now = new Date()): Promise<PurgeCounts> {
    const counts: PurgeCounts = {
      refreshTokens: await this.refreshTokens.purgeExpired(now),
      sessions: await this.sessions.purgeEnded(
        now,
        new Date(now.getTime() - KEEP_REVOKED_SESSIONS_MS),
      ),
      oneTimeTokens: await this.oneTimeTokens.purgeExpired(now),
      invitations: await this.invitations.purgeExpired(now),
      signingKeys: await this.keys.purgeUnpublished(now),
      singleUseClaims: await this.claims.purgeExpired(now),
      removedMemberships: await this.memberships.purgeRemoved(
        new Date(now.getTime() - REMOVED_MEMBERSHIP_RETENTION_MS),
      ),
      sessionStepUps: await this.stepUps.purgeExpired(now),
    };
    this.logger.log(counts, 'expired records purged');
    return counts;
  }
}
