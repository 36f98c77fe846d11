import { Injectable } from '@nestjs/common';
import { AppError } from '@trivance/shared';
import { AuditService } from '../audit/audit.service.js';
import type { ClientInfo, UserAuthContext } from '../common/auth-context.js';
import { RateLimitService } from '../rate-limit/rate-limit.service.js';
import { AccountRecordsRepository } from './account-records.repository.js';
import type { AccountExportDto } from './dto/account-export.dto.js';
import { ManagementExportClient } from './management-export.client.js';

/** Audit events in one export, newest first: years of sign-ins, not an unbounded read. */
export const MAX_EXPORTED_AUDIT_EVENTS = 5_000;

const latest = (dates: (Date | null | undefined)[]): Date | null =>
  dates.reduce<Date | null>(
    (newest, date) => (date && (!newest || date > newest) ? date : newest),
    null,
  );

/**
 * Everything both services hold about the caller, in one document. Secrets
 * never leave: no password hash, no token or code hashes, no TOTP secret;
 * only that they exist and when they were made or used. The Management
 * API's part is asked for first: if it cannot answer, there is no export.
 */
@Injectable()
export class AccountExportService {
  constructor(
    private readonly records: AccountRecordsRepository,
    private readonly management: ManagementExportClient,
    private readonly limits: RateLimitService,
    private readonly audit: AuditService,
  ) {}

  async export(auth: UserAuthContext, client: ClientInfo): Promise<AccountExportDto> {
    const userId = auth.userId;
    await this.limits.consume('accountExportsPerUser', userId, { userId, client });
    const user = await this.records.users.findById(userId).lean().exec();
    if (!user || user.disabledAt)
      throw new AppError('UNAUTHENTICATED', 'The account is not active');

    const management = await this.management.exportAccount(userId);
    const now = new Date();
    const [
      sessions,
      totp,
      recoveryCodes,
      otpSessions,
      otpStepUps,
      memberships,
      invitations,
      audit,
    ] = await Promise.all([
      this.records.sessions.find({ userId }).sort({ createdAt: -1 }).lean().exec(),
      this.records.totpFactors.findOne({ userId }).lean().exec(),
      this.records.recoveryCodes.find({ userId }, { codeHash: 0 }).lean().exec(),
      this.records.sessions.find({ userId, amr: 'otp' }, { authTime: 1 }).lean().exec(),
      this.records.stepUps.find({ userId, amr: 'otp' }, { authTime: 1 }).lean().exec(),
      this.records.memberships
        .find({ userId, removedAt: null })
        .sort({ createdAt: 1 })
        .lean()
        .exec(),
      this.records.invitations.find({ email: user.email }).sort({ createdAt: -1 }).lean().exec(),
      this.records.auditEvents
        .find({ userId })
        .sort({ _id: -1 })
        .limit(MAX_EXPORTED_AUDIT_EVENTS)
        .lean()
        .exec(),
    ]);
    const lastTokens = await this.records.refreshTokens
      .find(
        { sessionId: { $in: sessions.map((session) => String(session._id)) } },
        { sessionId: 1, createdAt: 1 },
      )
      .lean()
      .exec();
    const lastUsed = new Map<string, Date>();
    for (const token of lastTokens) {
      const seen = lastUsed.get(token.sessionId);
      if (!seen || token.createdAt > seen) lastUsed.set(token.sessionId, token.createdAt);
    }

    const secondFactors: AccountExportDto['secondFactors'] = [];
    if (totp) {
      secondFactors.push({
        kind: 'totp',
        createdAt: totp.createdAt,
        confirmedAt: totp.confirmedAt,
        lastUsedAt: latest([...otpSessions, ...otpStepUps].map((row) => row.authTime)),
      });
    }
    if (recoveryCodes.length > 0) {
      secondFactors.push({
        kind: 'recovery_codes',
        createdAt: latest(recoveryCodes.map((code) => code.createdAt))!,
        confirmedAt: null,
        lastUsedAt: latest(recoveryCodes.map((code) => code.usedAt)),
        total: recoveryCodes.length,
        unused: recoveryCodes.filter((code) => code.usedAt === null).length,
      });
    }

    const document: AccountExportDto = {
      exportedAt: now,
      account: {
        id: userId,
        email: user.email,
        name: user.name,
        emailVerified: user.emailVerifiedAt !== null,
        emailVerifiedAt: user.emailVerifiedAt,
        platformRole: user.platformRole,
        locale: user.locale,
        hasPassword: Boolean(user.passwordHash),
        passwordChangedAt: user.passwordChangedAt,
        createdAt: user.createdAt,
        updatedAt: user.updatedAt,
      },
      sessions: sessions.map((session) => ({
        id: String(session._id),
        device: session.userAgent,
        ip: session.ip,
        organizationId: session.organizationId,
        assurance: session.aal,
        createdAt: session.createdAt,
        lastUsedAt: lastUsed.get(String(session._id)) ?? session.createdAt,
        expiresAt: session.absoluteExpiresAt,
        endedAt: session.revokedAt,
        active: session.revokedAt === null && session.absoluteExpiresAt > now,
      })),
      secondFactors,
      memberships: memberships.map((membership) => ({
        organizationId: membership.organizationId,
        role: membership.role,
        since: membership.createdAt,
      })),
      invitations: invitations.map((invitation) => ({
        id: String(invitation._id),
        organizationId: invitation.organizationId,
        role: invitation.role,
        createdAt: invitation.createdAt,
        expiresAt: invitation.expiresAt,
        acceptedAt: invitation.acceptedAt,
        revokedAt: invitation.revokedAt,
      })),
      auditEvents: audit.map((event) => ({
        id: String(event._id),
        type: event.type,
        organizationId: event.organizationId,
        actor: event.actor,
        ip: event.ip,
        userAgent: event.userAgent,
        data: event.data,
        createdAt: event.createdAt,
      })),
      management: { generatedAt: management.generatedAt, ...management.sections },
    };
    await this.audit.record({ type: 'account.exported', userId, actor: userId, client });
    return document;
  }
}
