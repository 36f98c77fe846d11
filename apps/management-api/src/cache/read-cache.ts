import { Injectable, Logger } from '@nestjs/common';
import type { Redis } from 'ioredis';
import superjson from 'superjson';
import { Metrics } from '../metrics/metrics.js';
import { InjectRedis } from '../redis/redis.module.js';

const DEFAULT_TTL_SECONDS = 300;

/**
 * Whose entry a cached value is. A tenant's or an account's entry carries
 * its id in the key, so it can never be served under another scope; public
 * entries hold only what anyone may read.
 */
export type CacheScope =
  | { kind: 'public' }
  | { kind: 'tenant'; organizationId: string }
  | { kind: 'account'; userId: string };

export const PUBLIC_SCOPE: CacheScope = { kind: 'public' };

function scopeKey(scope: CacheScope): string {
  switch (scope.kind) {
    case 'public':
      return 'public';
    case 'tenant':
      return `org:${scope.organizationId}`;
    case 'account':
      return `user:${scope.userId}`;
  }
}

/**
 * Cache-aside for hot reads in Redis. Writers invalidate the keys they
 * change; the TTL only bounds how long a missed invalidation could last. A
 * Redis outage degrades to reading the database, never to an error. Values
 * round-trip exactly (dates stay dates, strings stay strings, bigints stay
 * bigints) through superjson.
 */
@Injectable()
export class ReadCache {
  private readonly logger = new Logger(ReadCache.name);

  constructor(
    @InjectRedis() private readonly redis: Redis,
    private readonly metrics: Metrics,
  ) {}

  async getOrLoad<T>(
    cache: string,
    scope: CacheScope,
    key: string,
    load: () => Promise<T | null>,
    ttlSeconds = DEFAULT_TTL_SECONDS,
  ): Promise<T | null> {
    const redisKey = this.redisKey(cache, scope, key);
    const cached = await this.redis.get(redisKey).catch((error: unknown) => {
      this.logger.warn({ err: error }, 'cache read failed');
      return null;
    });
    if (cached !== null) {
      this.metrics.cacheLookups.inc({ cache, outcome: 'hit' });
      return superjson.parse<T>(cached);
    }
    this.metrics.cacheLookups.inc({ cache, outcome: 'miss' });
    const value = await load();
    if (value !== null) {
      await this.redis
        .set(redisKey, superjson.stringify(value), 'EX', ttlSeconds)
        .catch((error: unknown) => this.logger.warn({ err: error }, 'cache write failed'));
    }
    return value;
  }

  async invalidate(cache: string, scope: CacheScope, ...keys: string[]): Promise<void> {
    if (keys.length === 0) return;
    await this.redis
      .del(...keys.map((key) => this.redisKey(cache, scope, key)))
      .catch((error: unknown) => {
        this.logger.warn({ err: error }, 'cache invalidation failed');
      });
  }

  private redisKey(cache: string, scope: CacheScope, key: string): string {
    return `cache:${cache}:${scopeKey(scope)}:${key}`;
  }
}
