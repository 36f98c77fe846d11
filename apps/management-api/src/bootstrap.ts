import type { NestFastifyApplication } from '@nestjs/platform-fastify';
import { createHttpApp, observeHttpDurations } from '@trivance/shared';
import { Logger } from 'nestjs-pino';
import { AppModule } from './app.module.js';
import type { ManagementConfig } from './config/config.module.js';
import { MIGRATIONS_DIRECTORY } from './database/migrations-path.js';
import { migrate, readMigrations } from './database/migrator.js';
import { Metrics } from './metrics/metrics.js';

/** Builds the Management API (migrating first when configured), not yet listening. */
export async function createManagementApp(
  config: ManagementConfig,
): Promise<NestFastifyApplication> {
  const app = await createHttpApp(AppModule.forRoot(config), {
    trustProxy: config.TRUST_PROXY,
    corsOrigins: config.CORS_ORIGINS,
    bodyLimit: 1024 * 1024,
    // Wompi's events are verified and stored by the exact bytes they arrived in.
    rawBody: true,
    // GraphiQL (development only) loads its scripts from a CDN.
    contentSecurityPolicy: config.NODE_ENV === 'production',
  });
  observeHttpDurations(app.getHttpAdapter().getInstance(), app.get(Metrics).httpDuration);
  if (config.DATABASE_MIGRATE_ON_START) {
    const logger = app.get(Logger);
    await migrate(config.DATABASE_MIGRATION_URL!, await readMigrations(MIGRATIONS_DIRECTORY), {
      info: (message) => logger.log(message, 'Migrator'),
      warn: (message) => logger.warn(message, 'Migrator'),
    });
  }
  return app;
}
