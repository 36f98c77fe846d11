import { Global, Inject, Module, type OnApplicationShutdown } from '@nestjs/common';
import { Redis } from 'ioredis';
import { MANAGEMENT_CONFIG, type ManagementConfig } from '../config/config.module.js';

export const REDIS = Symbol('REDIS');
export const InjectRedis = () => Inject(REDIS);

@Global()
@Module({
  providers: [
    {
      provide: REDIS,
      inject: [MANAGEMENT_CONFIG],
      useFactory: (config: ManagementConfig) =>
        new Redis(config.REDIS_URL, {
          connectionName: 'management-api',
          // Commands wait briefly for a (re)connection, then fail instead of
          // queueing forever while Redis is away.
          maxRetriesPerRequest: 1,
          commandTimeout: 2000,
        }),
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
