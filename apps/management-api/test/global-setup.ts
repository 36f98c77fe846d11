import { MIGRATIONS_DIRECTORY } from '../src/database/migrations-path.js';
import { migrate, readMigrations } from '../src/database/migrator.js';
import { OWNER_URL, recreateDatabase, TEST_DATABASE } from './support/test-env.js';

/** Once per run: a fresh test database with every migration applied. */
export default async function setup(): Promise<void> {
  await recreateDatabase(TEST_DATABASE);
  const silent = { info: () => undefined, warn: () => undefined };
  await migrate(OWNER_URL(TEST_DATABASE), await readMigrations(MIGRATIONS_DIRECTORY), silent);
}
