import { Module } from '@nestjs/common';
import { OrganizationSecurityResolver } from './organization-security.resolver.js';
import { OrganizationSecurityService } from './organization-security.service.js';
import { OrganizationLoader } from './organization.loader.js';
import { OrganizationsRepository } from './organizations.repository.js';
import { OrganizationsResolver } from './organizations.resolver.js';
import { OrganizationsService } from './organizations.service.js';
import { PlatformOrganizations } from './platform-organizations.system-path.js';

@Module({
  providers: [
    OrganizationsRepository,
    OrganizationsService,
    OrganizationsResolver,
    OrganizationLoader,
    PlatformOrganizations,
    OrganizationSecurityService,
    OrganizationSecurityResolver,
  ],
  exports: [OrganizationsService, OrganizationLoader, OrganizationsRepository],
})
export class OrganizationsModule {}
