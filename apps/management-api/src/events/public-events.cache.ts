import { Injectable } from '@nestjs/common';
import { PublicCatalogCache } from '../cache/public-catalog-cache.js';
import { ReadCache } from '../cache/read-cache.js';

/**
 * Pages of publicEvents and single public events, cached; dropped on any
 * change to a public event or its ticket types. Availability is never
 * cached: it is read fresh with each request.
 */
@Injectable()
export class PublicEventsCache extends PublicCatalogCache {
  constructor(cache: ReadCache) {
    super(cache, { lists: 'publicEvents', item: 'publicEvent' });
  }
}
