import { MIGRATIONS_DIRECTORY } from '../src/database/migrations-path.js';
import { migrate, readMigrations } from '../src/database/migrator.js';
import { Redis } from 'ioredis';
import {
  createSuperAdmin,
  resetAuthDatabase,
  SHARED_REDIS_URL,
  startAuthService,
} from './support/auth-service.js';
import { OWNER_URL, recreateDatabase, TEST_DATABASE } from './support/test-env.js';

/**
 * Once per run: a fresh test database with every migration applied, and the
 * real Auth Service (from its build) on a fresh database, with a platform
 * operator created through its own command.
 */
export default async function setup(): Promise<() => Promise<void>> {
  await recreateDatabase(TEST_DATABASE);
  const silent = { info: () => undefined, warn: () => undefined };
  await migrate(OWNER_URL(TEST_DATABASE), await readMigrations(MIGRATIONS_DIRECTORY), silent);

  const redis = new Redis(SHARED_REDIS_URL);
  await redis.flushdb();
  redis.disconnect();
  await resetAuthDatabase();
  await createSuperAdmin();
  const auth = await startAuthService();
  return async () => {
    auth.kill('SIGTERM');
    await new Promise((resolve) => auth.once('exit', resolve));
  };
}
