import { Injectable } from '@nestjs/common';
import { PublicCatalogCache } from '../cache/public-catalog-cache.js';
import { ReadCache } from '../cache/read-cache.js';

/** Pages of publicCampaigns and single public campaigns, dropped on any change to a public one. */
@Injectable()
export class PublicCampaignsCache extends PublicCatalogCache {
  constructor(cache: ReadCache) {
    super(cache, { lists: 'publicCampaigns', item: 'publicCampaign' });
  }
}
