import { type DynamicModule, Module } from '@nestjs/common';
import { createLoggerModule } from '@trivance/shared';
import { AuthClientModule } from '../auth-client/auth-client.module.js';
import { ConfigModule, type ManagementConfig } from '../config/config.module.js';
import { DatabaseModule } from '../database/database.module.js';
import { RedisModule } from '../redis/redis.module.js';
import { DeadLetters } from './dead-letters.js';
import { MemberProjection } from './member-projection.system-path.js';
import { MembersResync } from './members-resync.system-path.js';

/** What `npm run members:resync` needs, without the HTTP server or the consumer. */
@Module({})
export class MembersResyncModule {
  static forRoot(config: ManagementConfig): DynamicModule {
    return {
      module: MembersResyncModule,
      imports: [
        ConfigModule.forRoot(config),
        createLoggerModule({ service: 'management-api', level: config.LOG_LEVEL }),
        DatabaseModule,
        RedisModule,
        AuthClientModule,
      ],
      providers: [MemberProjection, MembersResync, DeadLetters],
      exports: [MembersResync, DeadLetters],
    };
  }
}
