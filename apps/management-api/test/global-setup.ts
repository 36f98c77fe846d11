import type { TestProject } from 'vitest/node';
import { MIGRATIONS_DIRECTORY } from '../src/database/migrations-path.js';
import { migrate, readMigrations } from '../src/database/migrator.js';
import { Redis } from 'ioredis';
import {
  createSuperAdmin,
  resetAuthDatabase,
  SHARED_REDIS_URL,
  startAuthService,
  stopAuthService,
} from './support/auth-process.js';
import { freePort } from './support/ports.js';
import { OWNER_URL, recreateDatabase, TEST_DATABASE } from './support/test-env.js';

interface Stack {
  authPort: number;
  stop(): Promise<void>;
}

/**
 * Once per run: a fresh test database with every migration applied, and the
 * real Auth Service (from its build) on a fresh database, with a platform
 * operator created through its own command.
 */
async function prepare(): Promise<Stack> {
  await recreateDatabase(TEST_DATABASE);
  const silent = { info: () => undefined, warn: () => undefined };
  await migrate(OWNER_URL(TEST_DATABASE), await readMigrations(MIGRATIONS_DIRECTORY), silent);

  const redis = new Redis(SHARED_REDIS_URL);
  await redis.flushdb();
  redis.disconnect();
  await resetAuthDatabase();
  await createSuperAdmin();
  const authPort = process.env.TEST_AUTH_PORT
    ? Number(process.env.TEST_AUTH_PORT)
    : await freePort();
  const auth = await startAuthService(authPort);
  return { authPort, stop: () => stopAuthService(auth) };
}

// Both Management API projects (the specs that run side by side, and the few
// that run alone after them) list this setup; the stack is prepared once per
// run and shared, and stopped by the first project's teardown at the end.
const PREPARED = Symbol.for('trivance.management-api.test-stack');
const registry = globalThis as { [PREPARED]?: Promise<Stack> };

export default async function setup(
  project: TestProject,
): Promise<(() => Promise<void>) | undefined> {
  const first = registry[PREPARED] === undefined;
  registry[PREPARED] ??= prepare();
  const stack = await registry[PREPARED];
  project.provide('authPort', stack.authPort);
  if (!first) return undefined;
  return async () => {
    delete registry[PREPARED];
    await stack.stop();
  };
}
