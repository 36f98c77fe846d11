import { fileURLToPath } from 'node:url';
import { localStack } from '@trivance/shared/testing';
import pg from 'pg';
import { inject } from 'vitest';
import { SHARED_REDIS_URL } from './auth-process.js';
import { loadManagementConfig, type ManagementConfig } from '../../src/config/management-config.js';

const PG_HOST = localStack.postgresHost;
/** Its own name per checkout when two suites share one local stack (TRIVANCE_TEST_DATABASE). */
export const TEST_DATABASE = process.env.TRIVANCE_TEST_DATABASE ?? 'trivance_test';
export const OWNER_URL = (database: string) =>
  `postgresql://trivance_owner:trivance_owner@${PG_HOST}/${database}`;
export const APP_URL = (database: string) =>
  `postgresql://trivance_app:trivance_app@${PG_HOST}/${database}`;
/** The local stack's superuser: test data goes in and is checked past row-level security. */
export const SUPERUSER_URL = (database: string) =>
  `postgresql://postgres:${process.env.TRIVANCE_PG_SUPERUSER_PASSWORD ?? 'postgres'}@${PG_HOST}/${database}`;
export const SYSTEM_URL = (database: string) =>
  `postgresql://trivance_system:trivance_system@${PG_HOST}/${database}`;

export const SCHEMA_PATH = fileURLToPath(new URL('../../prisma/schema.prisma', import.meta.url));

/** The Management API's configuration for tests: its own database and Redis db. */
export function testConfig(overrides: NodeJS.ProcessEnv = {}): ManagementConfig {
  return loadManagementConfig({
    NODE_ENV: 'test',
    LOG_LEVEL: 'silent',
    DATABASE_URL: APP_URL(TEST_DATABASE),
    DATABASE_MIGRATION_URL: OWNER_URL(TEST_DATABASE),
    DATABASE_SYSTEM_URL: SYSTEM_URL(TEST_DATABASE),
    DATABASE_MIGRATE_ON_START: 'false',
    REDIS_URL: SHARED_REDIS_URL,
    SMTP_URL: localStack.smtpUrl,
    // The shared Auth Service the global setup started (its port is known only in a spec).
    AUTH_URL: `http://127.0.0.1:${inject('authPort')}`,
    // Tests drive the monthly-gift charge run with their own clock; an
    // instance of another spec must not charge their gifts behind them.
    RECURRING_CHARGES: 'false',
    // Notifications are pushed through the Expo stand-in of the instance that
    // handles the event: only the notifications spec's instances (whose
    // stand-in it reads) turn domain events into notifications.
    NOTIFICATIONS_CONSUMER: 'false',
    // Push goes to the Expo stand-in's port (a spec starts its own and overrides
    // the URL); the receipts job runs only when a spec drives it with its clock.
    EXPO_PUSH_URL: 'http://127.0.0.1:3098/--/api/v2/push',
    PUSH_RECEIPT_DELAY_SECONDS: '1',
    PUSH_JOBS: 'false',
    ...overrides,
  });
}

/** Drops and creates a database owned by the migration role. */
export async function recreateDatabase(name: string): Promise<void> {
  const admin = new pg.Client({ connectionString: OWNER_URL('postgres') });
  await admin.connect();
  try {
    await admin.query(`DROP DATABASE IF EXISTS "${name}" WITH (FORCE)`);
    await admin.query(`CREATE DATABASE "${name}"`);
  } finally {
    await admin.end();
  }
}

export async function dropDatabase(name: string): Promise<void> {
  const admin = new pg.Client({ connectionString: OWNER_URL('postgres') });
  await admin.connect();
  try {
    await admin.query(`DROP DATABASE IF EXISTS "${name}" WITH (FORCE)`);
  } finally {
    await admin.end();
  }
}

/** Runs one callback with a connection as the owner of the given database. */
export async function withOwner<T>(
  database: string,
  work: (client: pg.Client) => Promise<T>,
): Promise<T> {
  const client = new pg.Client({ connectionString: OWNER_URL(database) });
  await client.connect();
  try {
    return await work(client);
  } finally {
    await client.end();
  }
}

/**
 * Runs one callback as the superuser of the given database: test data written
 * and read directly, where every table is forced under row-level security
 * (even for its owner).
 */
export async function withSuperuser<T>(
  database: string,
  work: (client: pg.Client) => Promise<T>,
): Promise<T> {
  const client = new pg.Client({ connectionString: SUPERUSER_URL(database) });
  await client.connect();
  try {
    return await work(client);
  } finally {
    await client.end();
  }
}
