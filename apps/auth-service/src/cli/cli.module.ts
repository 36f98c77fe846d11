import { type DynamicModule, Module } from '@nestjs/common';
import type { AuthConfig } from '../config/auth-config.js';
import { ConfigModule } from '../config/config.module.js';
import { PasswordCoreModule } from '../credentials/password-core.module.js';
import { DatabaseModule } from '../database/database.module.js';
import { StoreModule } from '../database/store.module.js';
import { KeysModule } from '../keys/keys.module.js';
import { SuperAdminService } from '../users/super-admin.service.js';

/** What the operator commands need: the database, keys and passwords; no HTTP, mail or Redis. */
@Module({})
export class CliModule {
  static forRoot(config: AuthConfig): DynamicModule {
    return {
      module: CliModule,
      imports: [
        ConfigModule.forRoot(config),
        DatabaseModule,
        StoreModule,
        PasswordCoreModule,
        KeysModule,
      ],
      providers: [SuperAdminService],
    };
  }
}
