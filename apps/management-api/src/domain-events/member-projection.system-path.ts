import { Injectable } from '@nestjs/common';
import type { AccountSnapshot, DomainEvent } from '@trivance/shared';
import {
  type SystemAudit,
  SystemDatabase,
  type SystemTransaction,
} from '../database/system-database.js';
import type { MemberRole } from '../generated/prisma/client.js';
import {
  claimAccountVersion,
  claimMemberVersion,
  isAccountDeleted,
  type Version,
} from './projection-versions.js';

export type ApplyOutcome = 'applied' | 'duplicate' | 'stale';

const toRole = (role: string) => role.toUpperCase() as MemberRole;

/**
 * Applies one account or membership event to the member profiles, exactly
 * once and in order: the event id is recorded in the same transaction as its
 * effect (a redelivery or replay changes nothing), and an event older than
 * what a profile already reflects is skipped (a late `membership.changed`
 * never brings back a removed member). The only entry point of the
 * member-sync path for events.
 */
@Injectable()
export class MemberProjection {
  constructor(private readonly system: SystemDatabase) {}

  apply(event: DomainEvent): Promise<ApplyOutcome> {
    return this.system.run(
      'member-sync.apply-event',
      {
        actor: 'auth-service',
        reason: `domain event ${event.type}`,
        detail: { eventId: event.id },
      },
      async (tx, audit) => {
        const recorded = await tx.processedEvent.createMany({
          data: [{ eventId: event.id, type: event.type }],
          skipDuplicates: true,
        });
        if (recorded.count === 0) return 'duplicate';
        const version: Version = { occurredAt: new Date(event.occurredAt), eventId: event.id };
        return applyEvent(tx, audit, event, version);
      },
    );
  }
}

async function applyEvent(
  tx: SystemTransaction,
  audit: SystemAudit,
  event: DomainEvent,
  version: Version,
): Promise<ApplyOutcome> {
  switch (event.type) {
    case 'user.registered':
      // No memberships yet: nothing to project.
      return 'applied';
    case 'user.verified':
      return updateAccount(tx, audit, event.payload.userId, version, { emailVerified: true });
    case 'user.updated': {
      const { email, name, emailVerified } = event.payload;
      return updateAccount(tx, audit, event.payload.userId, version, {
        email,
        name,
        emailVerified,
      });
    }
    case 'membership.changed':
      return changeMembership(tx, audit, event.payload, version);
    case 'user.deleted': {
      const { userId } = event.payload;
      await claimAccountVersion(tx, userId, version, { deleted: true });
      const removed = await tx.memberProfile.deleteMany({ where: { userId } });
      audit.touched(removed.count);
      return 'applied';
    }
  }
}

async function updateAccount(
  tx: SystemTransaction,
  audit: SystemAudit,
  userId: string,
  version: Version,
  data: Partial<AccountSnapshot>,
): Promise<ApplyOutcome> {
  if (!(await claimAccountVersion(tx, userId, version))) return 'stale';
  const updated = await tx.memberProfile.updateMany({ where: { userId }, data });
  audit.touched(updated.count);
  return 'applied';
}

async function changeMembership(
  tx: SystemTransaction,
  audit: SystemAudit,
  payload: Extract<DomainEvent, { type: 'membership.changed' }>['payload'],
  version: Version,
): Promise<ApplyOutcome> {
  const { organizationId, userId, role, email, name, emailVerified } = payload;
  if (await isAccountDeleted(tx, userId)) return 'stale';
  if (!(await claimMemberVersion(tx, organizationId, userId, version))) return 'stale';
  if (role === null) {
    const removed = await tx.memberProfile.deleteMany({ where: { organizationId, userId } });
    audit.touched(removed.count);
    return 'applied';
  }
  // The account snapshot the event carries counts only if no newer one was applied.
  const account = (await claimAccountVersion(tx, userId, version))
    ? { email, name, emailVerified }
    : {};
  await tx.memberProfile.upsert({
    where: { organizationId_userId: { organizationId, userId } },
    create: { organizationId, userId, email, name, emailVerified, role: toRole(role) },
    update: { ...account, role: toRole(role) },
  });
  audit.touched(1);
  return 'applied';
}
