import { Module } from '@nestjs/common';
import { OrganizationsModule } from '../organizations/organizations.module.js';
import { PublicationsRepository } from './publications.repository.js';
import { PublicationsResolver } from './publications.resolver.js';
import { PublicationsService } from './publications.service.js';
import { PublicFeedCache } from './public-feed.cache.js';

@Module({
  imports: [OrganizationsModule],
  providers: [PublicationsRepository, PublicationsService, PublicationsResolver, PublicFeedCache],
})
export class PublicationsModule {}
