import { Global, Inject, Logger, Module, type OnApplicationShutdown } from '@nestjs/common';
import { Redis, type RedisOptions } from 'ioredis';
import { MANAGEMENT_CONFIG, type ManagementConfig } from '../config/config.module.js';

export const REDIS = Symbol('REDIS');

const logger = new Logger('Redis');

/**
 * A Redis connection that reconnects on its own and reports outages through
 * the logger (readiness says so too) instead of crashing the process.
 */
export function createRedis(url: string, name: string, options: RedisOptions = {}): Redis {
  const redis = new Redis(url, {
    connectionName: name,
    // Commands wait briefly for a (re)connection, then fail instead of
    // queueing forever while Redis is away.
    maxRetriesPerRequest: 1,
    commandTimeout: 2000,
    ...options,
  });
  let reported = false;
  redis.on('error', (error: Error) => {
    if (!reported) logger.warn({ err: error, connection: name }, 'Redis unavailable');
    reported = true;
  });
  redis.on('ready', () => {
    reported = false;
  });
  return redis;
}
export const InjectRedis = () => Inject(REDIS);

@Global()
@Module({
  providers: [
    {
      provide: REDIS,
      inject: [MANAGEMENT_CONFIG],
      useFactory: (config: ManagementConfig) => createRedis(config.REDIS_URL, 'management-api'),
    },
  ],
  exports: [REDIS],
})
export class RedisModule implements OnApplicationShutdown {
  constructor(@InjectRedis() private readonly redis: Redis) {}

  async onApplicationShutdown(): Promise<void> {
    this.redis.disconnect();
  }
}
