import { loadManagementConfig } from '../config/management-config.js';
import { MIGRATIONS_DIRECTORY } from './migrations-path.js';
import { migrate, readMigrations } from './migrator.js';

// `npm run migrate`: applies pending migrations with the owner role, for
// deployments that migrate in a release step rather than at boot.
const config = loadManagementConfig({ ...process.env, DATABASE_MIGRATE_ON_START: 'true' });
const logger = { info: (m: string) => console.error(m), warn: (m: string) => console.error(m) };
try {
  const result = await migrate(
    config.DATABASE_MIGRATION_URL!,
    await readMigrations(MIGRATIONS_DIRECTORY),
    logger,
  );
  console.error(
    `${result.applied.length} migration(s) applied, ${result.alreadyApplied.length} already applied`,
  );
} catch (error) {
  console.error(error instanceof Error ? error.message : error);
  process.exitCode = 1;
}
