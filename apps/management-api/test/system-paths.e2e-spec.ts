import { AUTH_EVENTS_STREAM, type DomainEvent, toStreamFields } from '@trivance/shared';
import { Redis } from 'ioredis';
import { randomUUID } from 'node:crypto';
import pg from 'pg';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { MemberProjection } from '../src/domain-events/member-projection.system-path.js';
import { SHARED_REDIS_URL, superAdmin } from './support/auth-service.js';
import { accountId } from './support/principals.js';
import { type RunningApp, startApp } from './support/running-app.js';
import { bearer, createOrganization, type TestOrganization } from './support/tenants.js';
import { APP_URL, SYSTEM_URL, TEST_DATABASE, withSuperuser } from './support/test-env.js';
import { eventually } from './support/eventually.js';

/** One transaction on a fresh connection, rolled back at the end. */
async function inTransaction<T>(url: string, work: (db: pg.Client) => Promise<T>): Promise<T> {
  const db = new pg.Client({ connectionString: url });
  await db.connect();
  try {
    await db.query('BEGIN');
    return await work(db);
  } finally {
    await db.query('ROLLBACK').catch(() => undefined);
    await db.end();
  }
}

const auditEntries = (path: string, detailEventId?: string) =>
  withSuperuser(TEST_DATABASE, async (db) => {
    const { rows } = await db.query(
      `SELECT path, actor, reason, rows_touched, detail FROM system_audit_log
       WHERE path = $1 AND ($2::text IS NULL OR detail->>'eventId' = $2) ORDER BY created_at`,
      [path, detailEventId ?? null],
    );
    return rows;
  });

describe('narrow system paths', () => {
  let api: RunningApp;
  let orgA: TestOrganization;
  let orgB: TestOrganization;

  beforeAll(async () => {
    [orgA, orgB] = await Promise.all([createOrganization('sys-a'), createOrganization('sys-b')]);
    api = await startApp();
  });
  afterAll(() => api.close());

  describe('database roles', () => {
    it('give the system login no rights of its own and no way around row-level security', async () => {
      await inTransaction(SYSTEM_URL(TEST_DATABASE), async (db) => {
        const { rows } = await db.query(
          'SELECT rolbypassrls, rolinherit FROM pg_roles WHERE rolname = current_user',
        );
        expect(rows[0]).toEqual({ rolbypassrls: false, rolinherit: false });
        await expect(db.query('SELECT 1 FROM member_profiles LIMIT 1')).rejects.toThrow(
          /permission denied/,
        );
      });
    });

    it('give each path only what it needs', async () => {
      await inTransaction(SYSTEM_URL(TEST_DATABASE), async (db) => {
        await db.query('SET LOCAL ROLE trivance_member_sync');
        await db.query('SELECT count(*) FROM member_profiles');
        await db.query('SAVEPOINT s');
        await expect(
          db.query(
            "INSERT INTO organizations (id, name, slug, updated_at) VALUES (gen_random_uuid(), 'x', 'x', now())",
          ),
        ).rejects.toThrow(/permission denied/);
        await db.query('ROLLBACK TO SAVEPOINT s');
        await expect(db.query('SELECT 1 FROM idempotency_records')).rejects.toThrow(
          /permission denied/,
        );
      });
      await inTransaction(SYSTEM_URL(TEST_DATABASE), async (db) => {
        await db.query('SET LOCAL ROLE trivance_platform');
        await expect(db.query('SELECT 1 FROM member_profiles')).rejects.toThrow(
          /permission denied/,
        );
      });
    });

    it("let no setting the application role writes for itself grant a platform operator's power", async () => {
      await inTransaction(APP_URL(TEST_DATABASE), async (db) => {
        await db.query(
          "SELECT set_config('app.organization_id', $1, true), set_config('app.role', 'super_admin', true)",
          [orgB.id],
        );
        const renamed = await db.query("UPDATE organizations SET name = 'hijacked' WHERE id = $1", [
          orgA.id,
        ]);
        expect(renamed.rowCount).toBe(0);
        await expect(
          db.query(
            "INSERT INTO organizations (id, name, slug, updated_at) VALUES (gen_random_uuid(), 'x', 'rogue', now())",
          ),
        ).rejects.toThrow(/permission denied/);
      });
    });

    it('let only admins of an organization update it, as the API does', async () => {
      for (const [role, expected] of [
        ['moderator', 0],
        ['user', 0],
        ['admin', 1],
      ] as const) {
        await inTransaction(APP_URL(TEST_DATABASE), async (db) => {
          await db.query(
            "SELECT set_config('app.organization_id', $1, true), set_config('app.role', $2, true)",
            [orgA.id, role],
          );
          const renamed = await db.query(
            "UPDATE organizations SET name = 'renamed' WHERE id = $1",
            [orgA.id],
          );
          expect(renamed.rowCount, role).toBe(expected);
        });
      }
    });
  });

  describe('the audit log', () => {
    it('records each use of a path with its actor, reason and rows, in the same transaction', async () => {
      const redis = new Redis(SHARED_REDIS_URL);
      const userId = accountId();
      const event = {
        id: randomUUID(),
        type: 'membership.changed',
        occurredAt: new Date().toISOString(),
        payload: {
          userId,
          email: `audited-${userId}@example.test`,
          name: 'Audited',
          emailVerified: true,
          organizationId: orgA.id,
          role: 'user',
        },
      } as DomainEvent;
      await redis.xadd(AUTH_EVENTS_STREAM, '*', ...toStreamFields(event));
      redis.disconnect();
      const [entry] = await eventually(
        () => auditEntries('member-sync.apply-event', event.id),
        (rows) => rows.length === 1,
      );
      expect(entry).toMatchObject({
        path: 'member-sync.apply-event',
        actor: 'auth-service',
        reason: 'domain event membership.changed',
        rows_touched: 1,
      });
    });

    it('keeps no entry of work that failed (both roll back together)', async () => {
      const orphan = {
        id: randomUUID(),
        type: 'membership.changed',
        occurredAt: new Date().toISOString(),
        payload: {
          userId: accountId(),
          email: 'orphan@example.test',
          name: 'Orphan',
          emailVerified: true,
          organizationId: randomUUID(), // unknown here: the foreign key refuses it
          role: 'user',
        },
      } as DomainEvent;
      await expect(api.app.get(MemberProjection).apply(orphan)).rejects.toThrow();
      expect(await auditEntries('member-sync.apply-event', orphan.id)).toEqual([]);
    });

    it('names the operator who created an organization', async () => {
      const operator = await superAdmin();
      const slug = `audited-${randomUUID().slice(0, 8)}`;
      const { body } = await api.graphql(
        'mutation ($input: CreateOrganizationInput!) { createOrganization(input: $input) { id } }',
        { input: { name: 'Audited Org', slug, ownerEmail: `owner-${slug}@example.test` } },
        bearer(operator.accessToken),
      );
      expect(body.errors).toBeUndefined();
      const entries = await auditEntries('platform.organizations');
      expect(entries.filter((e) => e.detail.slug === slug)).toEqual([
        expect.objectContaining({
          actor: operator.userId,
          reason: 'createOrganization',
          rows_touched: 1,
        }),
      ]);
    });

    it('is append-only and unreadable to the application', async () => {
      await inTransaction(SYSTEM_URL(TEST_DATABASE), async (db) => {
        await db.query('SET LOCAL ROLE trivance_member_sync');
        await expect(
          db.query("UPDATE system_audit_log SET actor = 'someone else'"),
        ).rejects.toThrow(/permission denied/);
      });
      await inTransaction(SYSTEM_URL(TEST_DATABASE), async (db) => {
        await db.query('SET LOCAL ROLE trivance_member_sync');
        await expect(db.query('DELETE FROM system_audit_log')).rejects.toThrow(/permission denied/);
      });
      await inTransaction(APP_URL(TEST_DATABASE), async (db) => {
        await expect(db.query('SELECT 1 FROM system_audit_log')).rejects.toThrow(
          /permission denied/,
        );
      });
    });
  });
});
