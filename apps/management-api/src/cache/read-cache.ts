import { Injectable, Logger } from '@nestjs/common';
import type { Redis } from 'ioredis';
import { randomUUID } from 'node:crypto';
import superjson from 'superjson';
import { InjectConfig, type ManagementConfig } from '../config/config.module.js';
import { Metrics } from '../metrics/metrics.js';
import { InjectRedis } from '../redis/redis.module.js';

const DEFAULT_TTL_SECONDS = 300;
const STAMP = '#stamp';
/** Writes a group's field only if the group still carries the reader's stamp. */
const WRITE_IF_STAMPED = `
if redis.call('HGET', KEYS[1], '#stamp') == ARGV[1] then
  redis.call('HSET', KEYS[1], ARGV[2], ARGV[3])
  redis.call('EXPIRE', KEYS[1], ARGV[4], 'NX')
end
return 1`;

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

  private readonly enabled: boolean;

  constructor(
    @InjectRedis() private readonly redis: Redis,
    private readonly metrics: Metrics,
    @InjectConfig() config: ManagementConfig,
  ) {
    this.enabled = config.READ_CACHE;
  }

  async getOrLoad<T>(
    cache: string,
    scope: CacheScope,
    key: string,
    load: () => Promise<T | null>,
    ttlSeconds = DEFAULT_TTL_SECONDS,
  ): Promise<T | null> {
    if (!this.enabled) return load();
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

  /**
   * Cache-aside for a group of entries that are invalidated together (every
   * page of a list): one Redis hash, so a read is one round trip and
   * invalidating the whole group is one delete. A reader stamps the group
   * before it loads and writes back only while the stamp is still there, so
   * a load that raced an invalidation never stores what it read before it.
   */
  async getOrLoadInGroup<T>(
    cache: string,
    scope: CacheScope,
    group: string,
    field: string,
    load: () => Promise<T>,
    ttlSeconds = DEFAULT_TTL_SECONDS,
  ): Promise<T> {
    if (!this.enabled) return load();
    const redisKey = this.redisKey(cache, scope, group);
    const stamp = randomUUID();
    const seen = await this.redis
      .multi()
      .hsetnx(redisKey, STAMP, stamp)
      .hmget(redisKey, field, STAMP)
      .exec()
      .catch((error: unknown) => {
        this.logger.warn({ err: error }, 'cache read failed');
        return null;
      });
    const [cached, currentStamp] = (seen?.[1]?.[1] as (string | null)[] | undefined) ?? [
      null,
      null,
    ];
    if (cached !== null && cached !== undefined) {
      this.metrics.cacheLookups.inc({ cache, outcome: 'hit' });
      return superjson.parse<T>(cached);
    }
    this.metrics.cacheLookups.inc({ cache, outcome: 'miss' });
    const value = await load();
    if (currentStamp) {
      await this.redis
        .eval(
          WRITE_IF_STAMPED,
          1,
          redisKey,
          currentStamp,
          field,
          superjson.stringify(value),
          ttlSeconds,
        )
        .catch((error: unknown) => this.logger.warn({ err: error }, 'cache write failed'));
    }
    return value;
  }

  async invalidateGroup(cache: string, scope: CacheScope, group: string): Promise<void> {
    await this.invalidate(cache, scope, group);
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
