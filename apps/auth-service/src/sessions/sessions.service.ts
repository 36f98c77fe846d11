import { Injectable } from '@nestjs/common';
import { AppError, type AssuranceLevel } from '@trivance/shared';
import { AuditService } from '../audit/audit.service.js';
import type { ClientInfo, UserAuthContext } from '../common/auth-context.js';
import { randomToken, sha256Hex } from '../common/opaque-token.js';
import { MembershipsRepository } from '../memberships/memberships.repository.js';
import { Metrics } from '../metrics/metrics.js';
import { isOrganizationRole, type TokenRole } from '../memberships/roles.js';
import { OrganizationPoliciesRepository } from '../organizations/organization-policies.repository.js';
import { RevocationPublisher } from '../revocations/revocation-publisher.js';
import { AccessTokensService } from '../tokens/access-tokens.service.js';
import { ACCESS_TOKEN_TTL_SECONDS } from '../tokens/token-lifetimes.js';
import { UsersRepository, type UserRecord } from '../users/users.repository.js';
import { lifetimeFor } from './session-lifetimes.js';
import { RefreshTokensRepository } from './refresh-tokens.repository.js';
import { SessionStepUpsRepository } from './session-step-ups.repository.js';
import { SessionsRepository, type SessionRecord } from './sessions.repository.js';

export interface TokenPair {
  accessToken: string;
  refreshToken: string;
  tokenType: 'Bearer';
  expiresIn: number;
}

/** An access token alone, for a session whose refresh token the client keeps (step-up). */
export interface AccessTokenOnly {
  accessToken: string;
  tokenType: 'Bearer';
  expiresIn: number;
}

/** How a session authenticated: the token's `aal`, `amr` and `auth_time`. */
export interface Assurance {
  aal: AssuranceLevel;
  amr: string[];
  authTime: Date;
}

/** A password alone, just now. */
export function passwordAssurance(at = new Date()): Assurance {
  return { aal: 'aal1', amr: ['pwd'], authTime: at };
}

export interface SessionView {
  id: string;
  device: string;
  ip: string;
  organizationId: string | null;
  createdAt: Date;
  lastUsedAt: Date;
  expiresAt: Date;
  current: boolean;
}

const SECOND = 1000;

/**
 * A rotated token presented again within this many seconds of its rotation is
 * refused without revoking the session: that is a client sending the same
 * refresh twice at once (two tabs, a retry), not a stolen token. Later reuse
 * revokes the session. The duplicate never gets tokens either way.
 */
export const CONCURRENT_REFRESH_GRACE_SECONDS = 5;

function invalidRefresh(): AppError {
  return new AppError('INVALID_REFRESH_TOKEN', 'The refresh token is invalid, used or expired');
}

function minDate(a: Date, b: Date): Date {
  return a.getTime() <= b.getTime() ? a : b;
}

/** Sessions, refresh-token rotation and the token pairs issued for them. */
@Injectable()
export class SessionsService {
  constructor(
    private readonly sessions: SessionsRepository,
    private readonly refreshTokens: RefreshTokensRepository,
    private readonly memberships: MembershipsRepository,
    private readonly users: UsersRepository,
    private readonly stepUps: SessionStepUpsRepository,
    private readonly policies: OrganizationPoliciesRepository,
    private readonly tokens: AccessTokensService,
    private readonly audit: AuditService,
    private readonly metrics: Metrics,
    private readonly revocations: RevocationPublisher,
  ) {}

  /**
   * The role the token carries in an organization: the membership's role, or
   * super_admin for platform admins; null when the user may not enter it.
   */
  async roleIn(user: UserRecord, organizationId: string | null): Promise<TokenRole | null> {
    if (user.platformRole === 'super_admin') return 'super_admin';
    if (!organizationId) return null;
    const membership = await this.memberships.find(organizationId, String(user._id));
    return membership?.role ?? null;
  }

  /** Starts a session for a signed-in user and issues its first token pair. */
  async start(
    user: UserRecord,
    client: ClientInfo,
    scope: {
      organizationId?: string | null;
      role?: TokenRole | null;
      notAfter?: Date;
      assurance?: Assurance;
    } = {},
  ): Promise<{ pair: TokenPair; session: SessionRecord }> {
    const now = new Date();
    const assurance = scope.assurance ?? passwordAssurance(now);
    const organizationId = scope.organizationId ?? null;
    const role = scope.role !== undefined ? scope.role : await this.roleIn(user, organizationId);
    const lifetime = lifetimeFor(role);
    let absoluteExpiresAt = new Date(now.getTime() + lifetime.absoluteSeconds * SECOND);
    if (scope.notAfter) absoluteExpiresAt = minDate(absoluteExpiresAt, scope.notAfter);
    const session = await this.sessions.create({
      userId: String(user._id),
      organizationId,
      role,
      userAgent: client.userAgent,
      ip: client.ip,
      createdAt: now,
      aal: assurance.aal,
      amr: assurance.amr,
      authTime: assurance.authTime,
      absoluteExpiresAt,
    });
    const pair = await this.issuePair(user, session, role, absoluteExpiresAt, client, assurance);
    return { pair, session };
  }

  /**
   * Rotates a refresh token. The single conditional claim decides the winner
   * of concurrent refreshes; presenting an already rotated token revokes the
   * whole session. Memberships are re-read, so role changes apply here.
   */
  async refresh(rawToken: string, client: ClientInfo): Promise<TokenPair> {
    try {
      const pair = await this.rotate(rawToken, client);
      this.metrics.refreshes.inc({ outcome: 'success' });
      return pair;
    } catch (error) {
      this.metrics.refreshes.inc({ outcome: 'refused' });
      throw error;
    }
  }

  private async rotate(rawToken: string, client: ClientInfo): Promise<TokenPair> {
    const now = new Date();
    const tokenHash = sha256Hex(rawToken);
    const claimed = await this.refreshTokens.claim(tokenHash, now);
    if (!claimed) {
      const known = await this.refreshTokens.findByHash(tokenHash);
      const concurrent =
        known?.rotatedAt &&
        now.getTime() - known.rotatedAt.getTime() < CONCURRENT_REFRESH_GRACE_SECONDS * SECOND;
      if (known?.rotatedAt && !concurrent) {
        const revoked = await this.revokeOne({ sessionId: known.sessionId }, 'refresh_reuse');
        this.metrics.refreshes.inc({ outcome: 'reuse_detected' });
        await this.audit.record({
          type: 'token.refresh_reused',
          userId: known.userId,
          client,
          data: { sessionId: known.sessionId, sessionRevoked: revoked },
        });
      }
      throw invalidRefresh();
    }

    const session = await this.sessions.findActive(claimed.sessionId, claimed.userId, now);
    const user = session ? await this.users.findById(claimed.userId) : null;
    if (!session || !user || user.disabledAt) throw invalidRefresh();

    const role = await this.roleIn(user, session.organizationId);
    if (session.organizationId && !role) {
      await this.revokeOne({ sessionId: claimed.sessionId }, 'membership_removed');
      throw invalidRefresh();
    }
    // A role that became staff shortens the session; the session document is not rewritten.
    const lifetime = lifetimeFor(role);
    const absoluteExpiresAt = minDate(
      session.absoluteExpiresAt,
      new Date(session.createdAt.getTime() + lifetime.absoluteSeconds * SECOND),
    );
    if (absoluteExpiresAt.getTime() <= now.getTime()) {
      await this.revokeOne({ sessionId: claimed.sessionId }, 'expired');
      throw invalidRefresh();
    }
    // The session keeps its assurance; a refresh never raises it.
    const assurance = await this.assuranceOf(session);
    return this.issuePair(user, session, role, absoluteExpiresAt, client, assurance);
  }

  /** Ends the session of a refresh token. Unknown tokens are ignored (no oracle). */
  async logout(rawToken: string, client: ClientInfo): Promise<void> {
    const known = await this.refreshTokens.findByHash(sha256Hex(rawToken));
    if (!known) return;
    if (await this.revokeOne({ sessionId: known.sessionId }, 'logout')) {
      await this.audit.record({
        type: 'session.logout',
        userId: known.userId,
        actor: known.userId,
        client,
        data: { sessionId: known.sessionId },
      });
    }
  }

  async logoutAll(auth: UserAuthContext, client: ClientInfo): Promise<void> {
    const count = await this.revokeAll(auth.userId, 'logout_all');
    await this.audit.record({
      type: 'session.logout_all',
      userId: auth.userId,
      actor: auth.userId,
      client,
      data: { revoked: count },
    });
  }

  /** Active sessions with their current refresh token (last use, device, sliding expiry). */
  async list(auth: UserAuthContext): Promise<SessionView[]> {
    const now = new Date();
    const rows = await this.sessions.listActive(auth.userId, now);
    const current = await this.refreshTokens.currentForSessions(
      rows.map((row) => String(row._id)),
      now,
    );
    return rows.flatMap((row) => {
      const token = current.get(String(row._id));
      if (!token) return [];
      return [
        {
          id: String(row._id),
          device: token.userAgent,
          ip: token.ip,
          organizationId: row.organizationId,
          createdAt: row.createdAt,
          lastUsedAt: token.createdAt,
          expiresAt: minDate(token.idleExpiresAt, token.expiresAt),
          current: String(row._id) === auth.sessionId,
        },
      ];
    });
  }

  /** Revokes one of the caller's own sessions; another user's session is NOT_FOUND. */
  async revokeOwn(auth: UserAuthContext, sessionId: string, client: ClientInfo): Promise<void> {
    const revoked = await this.revokeOne({ sessionId, userId: auth.userId }, 'user_revoked');
    if (!revoked) throw new AppError('NOT_FOUND', 'No such session');
    await this.audit.record({
      type: 'session.revoked',
      userId: auth.userId,
      actor: auth.userId,
      client,
      data: { sessionId },
    });
  }

  /** Revokes every session of a user, optionally keeping one (password change keeps the caller's). */
  async revokeAll(userId: string, reason: string, exceptSessionId?: string): Promise<number> {
    const ids = await this.sessions.revokeAllForUser(userId, reason, { exceptSessionId });
    await this.revocations.sessionsEnded(ids);
    return ids.length;
  }

  /**
   * Ends a user's sessions scoped to an organization (membership removed, or
   * an admin ending them).
   */
  async revokeForOrganization(
    userId: string,
    organizationId: string,
    reason = 'membership_removed',
  ): Promise<number> {
    const ids = await this.sessions.revokeAllForUser(userId, reason, { organizationId });
    await this.revocations.sessionsEnded(ids);
    return ids.length;
  }

  /** Revokes one session and announces it on the revocation feed. */
  private async revokeOne(
    filter: { sessionId: string; userId?: string },
    reason: string,
  ): Promise<boolean> {
    const revoked = await this.sessions.revoke(filter, reason);
    if (revoked) await this.revocations.sessionsEnded([filter.sessionId]);
    return revoked;
  }

  /** The session's current assurance: its newest step-up, or what it started with. */
  async assuranceOf(session: SessionRecord): Promise<Assurance> {
    const stepUp = await this.stepUps.latest(String(session._id));
    if (stepUp) return { aal: 'aal2', amr: stepUp.amr, authTime: stepUp.authTime };
    return {
      aal: session.aal ?? 'aal1',
      amr: session.amr?.length ? session.amr : ['pwd'],
      authTime: session.authTime ?? session.createdAt,
    };
  }

  /**
   * Raises the caller's session to aal2 (a second factor was just proved) and
   * issues an access token that says so. The client keeps its refresh token;
   * later refreshes carry the raised assurance.
   */
  async stepUp(auth: UserAuthContext, amr: string[], client: ClientInfo): Promise<AccessTokenOnly> {
    const now = new Date();
    const session = await this.sessions.findActive(auth.sessionId, auth.userId, now);
    const user = session ? await this.users.findById(auth.userId) : null;
    if (!session || !user) throw new AppError('UNAUTHENTICATED', 'The session has ended');
    const assurance: Assurance = { aal: 'aal2', amr, authTime: now };
    await this.stepUps.record({
      sessionId: String(session._id),
      userId: auth.userId,
      amr,
      authTime: now,
      expiresAt: session.absoluteExpiresAt,
    });
    const role = await this.roleIn(user, session.organizationId);
    await this.audit.record({
      type: 'session.stepped_up',
      userId: auth.userId,
      organizationId: session.organizationId,
      actor: auth.userId,
      client,
      data: { sessionId: auth.sessionId, amr },
    });
    return {
      accessToken: await this.signFor(user, session, role, assurance),
      tokenType: 'Bearer',
      expiresIn: ACCESS_TOKEN_TTL_SECONDS,
    };
  }

  /**
   * Issues a pair scoped to another organization: a new session replaces the
   * caller's, keeping its absolute expiry (switching never extends a session).
   */
  async switchOrganization(
    auth: UserAuthContext,
    organizationId: string,
    client: ClientInfo,
  ): Promise<TokenPair> {
    const now = new Date();
    const current = await this.sessions.findActive(auth.sessionId, auth.userId, now);
    const user = current ? await this.users.findById(auth.userId) : null;
    if (!current || !user || user.disabledAt) {
      throw new AppError('UNAUTHENTICATED', 'The session has ended');
    }
    const role = await this.roleIn(user, organizationId);
    if (!role) {
      throw new AppError('NOT_A_MEMBER', 'You are not a member of this organization');
    }
    // The new session keeps the assurance of the one it replaces; never more.
    const { pair, session } = await this.start(user, client, {
      organizationId,
      role,
      notAfter: current.absoluteExpiresAt,
      assurance: await this.assuranceOf(current),
    });
    await this.revokeOne({ sessionId: auth.sessionId }, 'switched_organization');
    await this.audit.record({
      type: 'organization.switched',
      userId: auth.userId,
      organizationId,
      actor: auth.userId,
      client,
      data: { fromSessionId: auth.sessionId, sessionId: String(session._id), role },
    });
    return pair;
  }

  private async issuePair(
    user: UserRecord,
    session: SessionRecord,
    role: TokenRole | null,
    absoluteExpiresAt: Date,
    client: ClientInfo,
    assurance: Assurance,
  ): Promise<TokenPair> {
    const now = Date.now();
    const refreshToken = randomToken(32);
    await this.refreshTokens.create({
      tokenHash: sha256Hex(refreshToken),
      sessionId: String(session._id),
      userId: String(user._id),
      idleExpiresAt: minDate(
        new Date(now + lifetimeFor(role).idleSeconds * SECOND),
        absoluteExpiresAt,
      ),
      expiresAt: absoluteExpiresAt,
      userAgent: client.userAgent,
      ip: client.ip,
    });
    const accessToken = await this.signFor(user, session, role, assurance);
    return { accessToken, refreshToken, tokenType: 'Bearer', expiresIn: ACCESS_TOKEN_TTL_SECONDS };
  }

  private async signFor(
    user: UserRecord,
    session: SessionRecord,
    role: TokenRole | null,
    assurance: Assurance,
  ): Promise<string> {
    // An organization that requires a second factor of its staff says so in
    // the token; the Management API refuses staff work below aal2 then.
    const orgMfaRequired =
      session.organizationId && isOrganizationRole(role)
        ? (await this.policies.get(session.organizationId)).requireMfaForStaff
        : false;
    return this.tokens.signAccessToken({
      sub: String(user._id),
      sid: String(session._id),
      org: session.organizationId ?? undefined,
      role: role ?? undefined,
      email_verified: user.emailVerifiedAt !== null,
      aal: assurance.aal,
      amr: assurance.amr,
      auth_time: Math.floor(assurance.authTime.getTime() / 1000),
      org_mfa_required: orgMfaRequired,
    });
  }
}
