import { type DynamicModule, Module } from '@nestjs/common';
import { AUTH_CONFIG, type AuthConfig } from './auth-config.js';

/** Provides the configuration validated once at boot (see loadAuthConfig) as AUTH_CONFIG. */
@Module({})
export class ConfigModule {
  static forRoot(config: AuthConfig): DynamicModule {
    return {
      module: ConfigModule,
      global: true,
      providers: [{ provide: AUTH_CONFIG, useValue: config }],
      exports: [AUTH_CONFIG],
    };
  }
}
