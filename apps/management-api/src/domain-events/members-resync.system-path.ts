import { Injectable, Logger } from '@nestjs/common';
import { type AuthMember, AuthClient } from '../auth-client/auth-client.js';
import { SystemDatabase } from '../database/system-database.js';
import type { MemberRole } from '../generated/prisma/client.js';
import {
  claimAccountVersion,
  claimMemberVersion,
  isAccountDeleted,
  type Version,
} from './projection-versions.js';

export interface OrganizationResync {
  organizationId: string;
  upserted: number;
  removed: number;
}

/**
 * A change whose event is written just before this moment may commit after
 * the roster is read; stamping the roster this much earlier lets such events
 * still apply (they are idempotent) instead of being taken as stale.
 */
const COMMIT_MARGIN_MS = 5_000;

/**
 * Reconciles member profiles with the Auth Service, the source of truth:
 * every member it lists is written as it says, every profile it does not list
 * is removed. The roster is stamped with the time it was read, so an event
 * that is older is skipped and one that is newer still wins. The only entry
 * point of the member-sync path for operators (`npm run members:resync`).
 */
@Injectable()
export class MembersResync {
  private readonly logger = new Logger(MembersResync.name);

  constructor(
    private readonly system: SystemDatabase,
    private readonly auth: AuthClient,
  ) {}

  organizationIds(): Promise<string[]> {
    return this.system.run(
      'member-sync.resync',
      { actor: 'operator', reason: 'members:resync lists organizations' },
      async (tx, audit) => {
        const rows = await tx.organization.findMany({
          select: { id: true },
          orderBy: { id: 'asc' },
        });
        audit.touched(rows.length);
        return rows.map((row) => row.id);
      },
    );
  }

  async resyncOrganization(organizationId: string): Promise<OrganizationResync> {
    const readAt = new Date(Date.now() - COMMIT_MARGIN_MS);
    const version: Version = { occurredAt: readAt, eventId: `resync:${readAt.toISOString()}` };
    const listed = new Set<string>();
    let upserted = 0;
    let after: string | undefined;
    do {
      const page = await this.auth.listMembers(organizationId, after);
      page.items.forEach((member) => listed.add(member.userId));
      upserted += await this.writeMembers(organizationId, page.items, version);
      after = page.nextCursor ?? undefined;
    } while (after);
    const removed = await this.removeUnlisted(organizationId, listed, version);
    this.logger.log({ organizationId, upserted, removed }, 'organization resynced');
    return { organizationId, upserted, removed };
  }

  private writeMembers(organizationId: string, members: AuthMember[], version: Version) {
    return this.system.run(
      'member-sync.resync',
      {
        actor: 'operator',
        reason: 'members:resync writes listed members',
        detail: { organizationId },
      },
      async (tx, audit) => {
        let written = 0;
        for (const member of members) {
          const { userId, email, name, emailVerified } = member;
          if (await isAccountDeleted(tx, userId)) continue;
          if (!(await claimMemberVersion(tx, organizationId, userId, version))) continue;
          const account = (await claimAccountVersion(tx, userId, version))
            ? { email, name, emailVerified }
            : {};
          const role = member.role.toUpperCase() as MemberRole;
          await tx.memberProfile.upsert({
            where: { organizationId_userId: { organizationId, userId } },
            create: { organizationId, userId, email, name, emailVerified, role },
            update: { ...account, role },
          });
          written++;
        }
        audit.touched(written);
        return written;
      },
    );
  }

  private removeUnlisted(organizationId: string, listed: Set<string>, version: Version) {
    return this.system.run(
      'member-sync.resync',
      {
        actor: 'operator',
        reason: 'members:resync removes unlisted members',
        detail: { organizationId },
      },
      async (tx, audit) => {
        const local = await tx.memberProfile.findMany({
          where: { organizationId },
          select: { userId: true },
        });
        let removed = 0;
        for (const { userId } of local) {
          if (listed.has(userId)) continue;
          if (!(await claimMemberVersion(tx, organizationId, userId, version))) continue;
          removed += (await tx.memberProfile.deleteMany({ where: { organizationId, userId } }))
            .count;
        }
        audit.touched(removed);
        return removed;
      },
    );
  }
}
