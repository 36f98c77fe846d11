import { Injectable } from '@nestjs/common';
import { AppError, requestContext } from '@trivance/shared';
import DataLoader from 'dataloader';
import type { Organization } from '../generated/prisma/client.js';
import { OrganizationsRepository } from './organizations.repository.js';

/** Batches organization lookups made while resolving one request (no N+1). */
@Injectable()
export class OrganizationLoader {
  private readonly key = Symbol('OrganizationLoader');

  constructor(private readonly organizations: OrganizationsRepository) {}

  load(id: string): Promise<Organization> {
    return requestContext
      .memo(this.key, () => new DataLoader<string, Organization>((ids) => this.batch(ids)))
      .load(id);
  }

  private async batch(ids: readonly string[]): Promise<(Organization | Error)[]> {
    const rows = await this.organizations.findManyByIds(ids);
    const byId = new Map(rows.map((row) => [row.id, row]));
    return ids.map((id) => byId.get(id) ?? new AppError('NOT_FOUND', 'Organization not found'));
  }
}
