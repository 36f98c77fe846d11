import { Injectable } from '@nestjs/common';
import { createHash } from 'node:crypto';
import stableStringify from 'safe-stable-stringify';
import { PUBLIC_SCOPE, ReadCache } from '../cache/read-cache.js';
import type { KeysetPage } from '../common/pagination/keyset.js';
import type { Publication } from '../generated/prisma/client.js';
import type { FeedPage } from './publications.repository.js';

const CACHE = 'publicFeed';
const GROUP = 'pages';
/** Bounds how long a missed invalidation could last; window edges bound each page further. */
const TTL_SECONDS = 60;

/**
 * Pages of publicFeed in Redis: one hash of every filter and page, dropped
 * whole before any change to a publication returns. A page is also only good
 * until the clock reaches the next publishAt or unpublishAt among the items
 * its filter covers (stored with it): a page read after that is dropped and
 * read again, so a cached page never shows an item outside its window.
 */
@Injectable()
export class PublicFeedCache {
  constructor(private readonly cache: ReadCache) {}

  async page(
    query: unknown,
    load: (now: Date) => Promise<FeedPage>,
  ): Promise<KeysetPage<Publication>> {
    const field = createHash('sha256')
      .update(stableStringify(query) ?? '')
      .digest('base64url');
    for (let attempt = 0; attempt < 2; attempt++) {
      const entry = await this.cache.getOrLoadInGroup(
        CACHE,
        PUBLIC_SCOPE,
        GROUP,
        field,
        () => load(new Date()),
        TTL_SECONDS,
      );
      if (entry.changesAt === null || entry.changesAt.getTime() > Date.now()) return entry.page;
      // A window opened or closed since this page was read.
      await this.cache.invalidateGroup(CACHE, PUBLIC_SCOPE, GROUP);
    }
    return (await load(new Date())).page;
  }

  /** Called before a change to any publication returns. */
  invalidate(): Promise<void> {
    return this.cache.invalidateGroup(CACHE, PUBLIC_SCOPE, GROUP);
  }
}
