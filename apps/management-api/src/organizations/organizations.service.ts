import { Injectable } from '@nestjs/common';
import { AppError } from '@trivance/shared';
import type { Organization } from '../generated/prisma/client.js';
import { OrganizationsRepository } from './organizations.repository.js';

@Injectable()
export class OrganizationsService {
  constructor(private readonly organizations: OrganizationsRepository) {}

  async getBySlug(slug: string): Promise<Organization> {
    const organization = await this.organizations.findBySlug(slug.trim().toLowerCase());
    if (!organization) throw new AppError('NOT_FOUND', 'Organization not found');
    return organization;
  }
}
