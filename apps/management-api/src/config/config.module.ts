import { type DynamicModule, Global, Inject, Module } from '@nestjs/common';
import type { ManagementConfig } from './management-config.js';

export const MANAGEMENT_CONFIG = Symbol('MANAGEMENT_CONFIG');

/** Injects the configuration validated once at boot. */
export const InjectConfig = () => Inject(MANAGEMENT_CONFIG);

@Global()
@Module({})
export class ConfigModule {
  static forRoot(config: ManagementConfig): DynamicModule {
    return {
      module: ConfigModule,
      providers: [{ provide: MANAGEMENT_CONFIG, useValue: config }],
      exports: [MANAGEMENT_CONFIG],
    };
  }
}
export type { ManagementConfig } from './management-config.js';
