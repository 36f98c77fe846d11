import { Module } from '@nestjs/common';
import { CategoriesModule } from '../categories/categories.module.js';
import { OrganizationsModule } from '../organizations/organizations.module.js';
import { CampaignsRepository } from './campaigns.repository.js';
import { CampaignsResolver } from './campaigns.resolver.js';
import { CampaignsService } from './campaigns.service.js';
import { PublicCampaignsCache } from './public-campaigns.cache.js';

@Module({
  imports: [CategoriesModule, OrganizationsModule],
  providers: [CampaignsRepository, CampaignsService, CampaignsResolver, PublicCampaignsCache],
  exports: [CampaignsService],
})
export class CampaignsModule {}
