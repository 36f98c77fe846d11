import { createHash } from 'node:crypto';
import stableStringify from 'safe-stable-stringify';
import { PUBLIC_SCOPE, type ReadCache } from './read-cache.js';

const TTL_SECONDS = 60;

/**
 * What anyone reads about one kind of public record (events, campaigns),
 * cached in Redis: pages of its public list (one hash of every filter and
 * page, dropped whole on any change to a public record of that kind) and
 * single records by id.
 */
export abstract class PublicCatalogCache {
  protected constructor(
    private readonly cache: ReadCache,
    private readonly names: { lists: string; item: string },
  ) {}

  page<T>(query: unknown, load: () => Promise<T>): Promise<T> {
    const field = createHash('sha256')
      .update(stableStringify(query) ?? '')
      .digest('base64url');
    return this.cache.getOrLoadInGroup(
      this.names.lists,
      PUBLIC_SCOPE,
      'pages',
      field,
      load,
      TTL_SECONDS,
    );
  }

  item<T>(id: string, load: () => Promise<T | null>): Promise<T | null> {
    return this.cache.getOrLoad(this.names.item, PUBLIC_SCOPE, id, load, TTL_SECONDS);
  }

  /** Called before a change to a public record returns. */
  async invalidate(id: string): Promise<void> {
    await Promise.all([
      this.cache.invalidateGroup(this.names.lists, PUBLIC_SCOPE, 'pages'),
      this.cache.invalidate(this.names.item, PUBLIC_SCOPE, id),
    ]);
  }
}
