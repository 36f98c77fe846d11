import { type DynamicModule, Module } from '@nestjs/common';
import { GraphQLModule } from '@nestjs/graphql';
import { MercuriusDriver, type MercuriusDriverConfig } from '@nestjs/mercurius';
import { createLoggerModule } from '@trivance/shared';
import { ConfigModule, type ManagementConfig } from './config/config.module.js';
import { DatabaseModule } from './database/database.module.js';
import { graphqlOptions } from './graphql/graphql-options.js';
import { HealthModule } from './health/health.module.js';
import { OrganizationsModule } from './organizations/organizations.module.js';
import { RedisModule } from './redis/redis.module.js';

@Module({})
export class AppModule {
  static forRoot(config: ManagementConfig): DynamicModule {
    return {
      module: AppModule,
      imports: [
        ConfigModule.forRoot(config),
        createLoggerModule({ service: 'management-api', level: config.LOG_LEVEL }),
        DatabaseModule,
        RedisModule,
        GraphQLModule.forRoot<MercuriusDriverConfig>({
          driver: MercuriusDriver,
          ...graphqlOptions(config),
        }),
        HealthModule,
        OrganizationsModule,
      ],
    };
  }
}
