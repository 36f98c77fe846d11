import { Injectable } from '@nestjs/common';
import { SystemDatabase } from '../database/system-database.js';
import type { Organization } from '../generated/prisma/client.js';
import { slugTaken } from './organizations.repository.js';

/**
 * Platform writes on organizations (a super admin creating one): the only
 * entry point of the platform path, audited with the operator who asked.
 */
@Injectable()
export class PlatformOrganizations {
  constructor(private readonly system: SystemDatabase) {}

  /**
   * Creates the organization and runs `then` (inviting its owner) in the same
   * transaction: if `then` fails, the organization was never there.
   */
  create(
    data: { name: string; slug: string },
    actorId: string,
    then: (organization: Organization) => Promise<void>,
  ): Promise<Organization> {
    return this.system
      .run(
        'platform.organizations',
        { actor: actorId, reason: 'createOrganization', detail: { slug: data.slug } },
        async (tx, audit) => {
          const organization = await tx.organization.create({ data });
          audit.touched(1);
          await then(organization);
          return organization;
        },
      )
      .catch(slugTaken);
  }
}
