import { Injectable } from '@nestjs/common';
import type { DomainEvent } from '@trivance/shared';
import { SystemDatabase } from '../database/system-database.js';
import type { MemberRole } from '../generated/prisma/client.js';

export type ApplyOutcome = 'applied' | 'duplicate';

/**
 * Applies one account or membership event to the member profiles, exactly
 * once: the event id is recorded in the same transaction as its effect, so a
 * redelivered or replayed event changes nothing.
 */
@Injectable()
export class MemberProjection {
  constructor(private readonly system: SystemDatabase) {}

  apply(event: DomainEvent): Promise<ApplyOutcome> {
    return this.system.run(
      'domain-events.apply',
      { eventId: event.id, type: event.type },
      async (tx) => {
        const recorded = await tx.processedEvent.createMany({
          data: [{ eventId: event.id, type: event.type }],
          skipDuplicates: true,
        });
        if (recorded.count === 0) return 'duplicate';

        switch (event.type) {
          case 'user.registered':
            // No memberships yet: nothing to project.
            break;
          case 'user.verified':
            await tx.memberProfile.updateMany({
              where: { userId: event.payload.userId },
              data: { emailVerified: true },
            });
            break;
          case 'user.updated':
            await tx.memberProfile.updateMany({
              where: { userId: event.payload.userId },
              data: {
                email: event.payload.email,
                name: event.payload.name,
                emailVerified: event.payload.emailVerified,
              },
            });
            break;
          case 'membership.changed': {
            const { organizationId, userId, role, email, name, emailVerified } = event.payload;
            if (role === null) {
              await tx.memberProfile.deleteMany({ where: { organizationId, userId } });
              break;
            }
            const memberRole = role.toUpperCase() as MemberRole;
            await tx.memberProfile.upsert({
              where: { organizationId_userId: { organizationId, userId } },
              create: { organizationId, userId, email, name, emailVerified, role: memberRole },
              update: { email, name, emailVerified, role: memberRole },
            });
            break;
          }
          case 'user.deleted':
            await tx.memberProfile.deleteMany({ where: { userId: event.payload.userId } });
            break;
        }
        return 'applied';
      },
    );
  }
}
