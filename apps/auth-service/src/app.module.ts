import { type DynamicModule, Module } from '@nestjs/common';
import { createLoggerModule } from '@trivance/shared';
import type { AuthConfig } from './config/auth-config.js';
import { ConfigModule } from './config/config.module.js';
import { DatabaseModule } from './database/database.module.js';
import { HealthModule } from './health/health.module.js';
import { RedisModule } from './redis/redis.module.js';
import { UsersModule } from './users/users.module.js';

@Module({})
export class AppModule {
  static forRoot(config: AuthConfig): DynamicModule {
    return {
      module: AppModule,
      imports: [
        ConfigModule.forRoot(config),
        createLoggerModule({ service: 'auth-service', level: config.LOG_LEVEL }),
        DatabaseModule,
        RedisModule,
        UsersModule,
        HealthModule,
      ],
    };
  }
}
