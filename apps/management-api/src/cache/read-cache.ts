import { Injectable, Logger } from '@nestjs/common';
import type { Redis } from 'ioredis';
import { Metrics } from '../metrics/metrics.js';
import { InjectRedis } from '../redis/redis.module.js';

const DEFAULT_TTL_SECONDS = 300;
const ISO_DATE = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}\.\d{3}Z$/;

/**
 * Cache-aside for hot reads in Redis. Writers invalidate the keys they
 * change; the TTL only bounds how long a missed invalidation could last. A
 * Redis outage degrades to reading the database, never to an error.
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
    key: string,
    load: () => Promise<T | null>,
    ttlSeconds = DEFAULT_TTL_SECONDS,
  ): Promise<T | null> {
    const redisKey = `cache:${cache}:${key}`;
    const cached = await this.redis.get(redisKey).catch((error: unknown) => {
      this.logger.warn({ err: error }, 'cache read failed');
      return null;
    });
    if (cached !== null) {
      this.metrics.cacheLookups.inc({ cache, outcome: 'hit' });
      return JSON.parse(cached, (_key, value: unknown) =>
        typeof value === 'string' && ISO_DATE.test(value) ? new Date(value) : value,
      ) as T;
    }
    this.metrics.cacheLookups.inc({ cache, outcome: 'miss' });
    const value = await load();
    if (value !== null) {
      await this.redis
        .set(redisKey, JSON.stringify(value), 'EX', ttlSeconds)
        .catch((error: unknown) => this.logger.warn({ err: error }, 'cache write failed'));
    }
    return value;
  }

  async invalidate(cache: string, ...keys: string[]): Promise<void> {
    if (keys.length === 0) return;
    await this.redis.del(...keys.map((key) => `cache:${cache}:${key}`)).catch((error: unknown) => {
      this.logger.warn({ err: error }, 'cache invalidation failed');
    });
  }
}
