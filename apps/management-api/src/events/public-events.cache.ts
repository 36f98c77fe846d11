import { Injectable } from '@nestjs/common';
import { createHash } from 'node:crypto';
import stableStringify from 'safe-stable-stringify';
import { PUBLIC_SCOPE, ReadCache } from '../cache/read-cache.js';

const LISTS = 'publicEvents';
const EVENT = 'publicEvent';
const TTL_SECONDS = 60;

/**
 * What anyone reads about events, cached in Redis: pages of publicEvents
 * (one hash of every filter and page, dropped whole on any change to a
 * public event or its ticket types) and single public events by id.
 * Availability is never cached: it is read fresh with each request.
 */
@Injectable()
export class PublicEventsCache {
  constructor(private readonly cache: ReadCache) {}

  page<T>(query: unknown, load: () => Promise<T>): Promise<T> {
    const field = createHash('sha256')
      .update(stableStringify(query) ?? '')
      .digest('base64url');
    return this.cache.getOrLoadInGroup(LISTS, PUBLIC_SCOPE, 'pages', field, load, TTL_SECONDS);
  }

  event<T>(id: string, load: () => Promise<T | null>): Promise<T | null> {
    return this.cache.getOrLoad(EVENT, PUBLIC_SCOPE, id, load, TTL_SECONDS);
  }

  /** Called before a change to a public event (or its ticket types) returns. */
  async invalidate(eventId: string): Promise<void> {
    await Promise.all([
      this.cache.invalidateGroup(LISTS, PUBLIC_SCOPE, 'pages'),
      this.cache.invalidate(EVENT, PUBLIC_SCOPE, eventId),
    ]);
  }
}
