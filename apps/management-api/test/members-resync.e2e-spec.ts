import { AUTH_EVENTS_DEAD_LETTER_STREAM, type DomainEvent, toStreamFields } from '@trivance/shared';
import { localStack } from '@trivance/shared/testing';
import { spawn } from 'node:child_process';
import { randomUUID } from 'node:crypto';
import { fileURLToPath } from 'node:url';
import { Redis } from 'ioredis';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { MIGRATIONS_DIRECTORY } from '../src/database/migrations-path.js';
import { migrate, readMigrations } from '../src/database/migrator.js';
import { AUTH_URL, type Identity, staffMember } from './support/auth-service.js';
import { accountId } from './support/principals.js';
import { createOrganization, type TestOrganization } from './support/tenants.js';
import {
  APP_URL,
  dropDatabase,
  OWNER_URL,
  recreateDatabase,
  SYSTEM_URL,
  withSuperuser,
} from './support/test-env.js';

const APP_DIR = fileURLToPath(new URL('..', import.meta.url));
/** A Redis db of its own: the resync settles every dead letter it finds there. */
const RESYNC_REDIS_URL = localStack.redisUrl(4);

function runResync(database: string): Promise<{ code: number | null; report: unknown }> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, ['dist/domain-events/members-resync.cli.js'], {
      cwd: APP_DIR,
      env: {
        ...process.env,
        NODE_ENV: 'test',
        LOG_LEVEL: 'silent',
        DATABASE_URL: APP_URL(database),
        DATABASE_SYSTEM_URL: SYSTEM_URL(database),
        DATABASE_MIGRATION_URL: OWNER_URL(database),
        REDIS_URL: RESYNC_REDIS_URL,
        AUTH_URL,
      },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (chunk: Buffer) => (stdout += chunk.toString()));
    child.stderr.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
    child.on('error', reject);
    child.on('exit', (code) => {
      try {
        resolve({ code, report: JSON.parse(stdout) });
      } catch {
        reject(new Error(`resync printed no report (exit ${code}): ${stderr}${stdout}`));
      }
    });
  });
}

const profiles = (database: string, organizationId: string) =>
  withSuperuser(
    database,
    async (db) =>
      (
        await db.query(
          'SELECT user_id, email, role FROM member_profiles WHERE organization_id = $1 ORDER BY user_id',
          [organizationId],
        )
      ).rows,
  );

/**
 * `npm run members:resync` against a database of its own (the resync covers
 * every organization it holds), reading the truth from the real Auth Service.
 */
describe('members:resync', () => {
  const database = `trivance_resync_${randomUUID().slice(0, 8)}`;
  let organization: TestOrganization;
  let admin: Identity;
  let moderator: Identity;
  let redis: Redis;

  beforeAll(async () => {
    organization = await createOrganization('resync');
    [admin, moderator] = await Promise.all([
      staffMember(organization.id, 'admin'),
      staffMember(organization.id, 'moderator'),
    ]);
    await recreateDatabase(database);
    const silent = { info: () => undefined, warn: () => undefined };
    await migrate(OWNER_URL(database), await readMigrations(MIGRATIONS_DIRECTORY), silent);
    redis = new Redis(RESYNC_REDIS_URL);
    await redis.flushdb();
  });
  afterAll(async () => {
    redis.disconnect();
    await dropDatabase(database);
  });

  it('rewrites the projection as the Auth Service has it and settles the dead letters it made moot', async () => {
    // A projection gone wrong: one member missing, one with the wrong role, one who is no member.
    const rogue = accountId();
    await withSuperuser(database, async (db) => {
      await db.query(
        'INSERT INTO organizations (id, name, slug, updated_at) VALUES ($1, $2, $3, now())',
        [organization.id, organization.name, organization.slug],
      );
      for (const [userId, email, role] of [
        [moderator.userId, moderator.email, 'ADMIN'],
        [rogue, 'rogue@example.test', 'ADMIN'],
      ]) {
        await db.query(
          `INSERT INTO member_profiles (id, organization_id, user_id, email, name, role, updated_at)
           VALUES (gen_random_uuid(), $1, $2, $3, 'x', $4, now())`,
          [organization.id, userId, email, role],
        );
      }
    });
    // Dead letters: one that can never parse, and one old change the truth has moved past.
    await redis.xadd(
      AUTH_EVENTS_DEAD_LETTER_STREAM,
      '*',
      'id',
      randomUUID(),
      'type',
      'membership.changed',
      'occurredAt',
      new Date().toISOString(),
      'payload',
      '{"userId":"nope"}',
      'error',
      'invalid',
    );
    const stale = {
      id: randomUUID(),
      type: 'membership.changed',
      occurredAt: new Date(Date.now() - 3_600_000).toISOString(),
      payload: {
        userId: admin.userId,
        email: admin.email,
        name: admin.name,
        emailVerified: true,
        organizationId: organization.id,
        role: null,
      },
    } as DomainEvent;
    await redis.xadd(
      AUTH_EVENTS_DEAD_LETTER_STREAM,
      '*',
      ...toStreamFields(stale),
      'error',
      'database was down',
    );

    const { code, report } = await runResync(database);

    expect(code).toBe(0);
    expect(report).toMatchObject({
      organizations: [{ organizationId: organization.id, upserted: 2, removed: 1 }],
      failed: [],
      deadLetters: [
        expect.objectContaining({ outcome: 'superseded' }),
        expect.objectContaining({ eventId: stale.id, outcome: 'stale' }),
      ],
    });
    expect(await profiles(database, organization.id)).toEqual(
      [
        { user_id: admin.userId, email: admin.email, role: 'ADMIN' },
        { user_id: moderator.userId, email: moderator.email, role: 'MODERATOR' },
      ].sort((a, b) => a.user_id.localeCompare(b.user_id)),
    );
    expect(await redis.xlen(AUTH_EVENTS_DEAD_LETTER_STREAM)).toBe(0);
  });
});
