import { randomUUID } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { MIGRATIONS_DIRECTORY } from '../src/database/migrations-path.js';
import { migrate, readMigrations } from '../src/database/migrator.js';
import type { ModelScope } from '../src/tenancy/model-scopes.js';
import { rowLevelSecurityProblems, tableScopes } from './support/row-level-security.js';
import {
  dropDatabase,
  OWNER_URL,
  recreateDatabase,
  SCHEMA_PATH,
  TEST_DATABASE,
  withOwner,
} from './support/test-env.js';

describe('row-level security over the live schema', () => {
  let scopes: Map<string, ModelScope>;
  beforeAll(async () => {
    scopes = await tableScopes(SCHEMA_PATH);
  });

  it('holds for every table: forced, a policy per command, owners on tenant and customer rows', async () => {
    expect(scopes.size).toBeGreaterThanOrEqual(7);
    expect(await rowLevelSecurityProblems(OWNER_URL(TEST_DATABASE), scopes)).toEqual([]);
  });

  it('keeps only public columns on organizations (what an organization keeps private lives in tenant-owned tables)', async () => {
    const columns = await withOwner(TEST_DATABASE, (db) =>
      db.query(
        "SELECT column_name FROM information_schema.columns WHERE table_name = 'organizations' ORDER BY column_name",
      ),
    );
    // The legal name and tax id are what every donation certificate prints: public by design.
    expect(columns.rows.map((row) => row.column_name)).toEqual([
      'accepts_manual_payments',
      'created_at',
      'id',
      'legal_name',
      'name',
      'slug',
      'tax_id',
      'updated_at',
    ]);
  });

  it('keeps the migration log away from the application role', async () => {
    const granted = await withOwner(TEST_DATABASE, (db) =>
      db.query(
        "SELECT privilege_type FROM information_schema.role_table_grants WHERE table_name = '_prisma_migrations' AND grantee = 'trivance_app'",
      ),
    );
    expect(granted.rows).toEqual([]);
  });

  describe('on a database where a new table forgets it', () => {
    const probe = `trivance_rls_${randomUUID().slice(0, 8)}`;
    beforeAll(async () => {
      await recreateDatabase(probe);
      const silent = { info: () => undefined, warn: () => undefined };
      await migrate(OWNER_URL(probe), await readMigrations(MIGRATIONS_DIRECTORY), silent);
    });
    afterAll(() => dropDatabase(probe));

    it('names each thing that is missing', async () => {
      await withOwner(probe, async (db) => {
        await db.query('CREATE TABLE forgotten (id uuid PRIMARY KEY)');
        await db.query('CREATE TABLE half_done (id uuid PRIMARY KEY)');
        await db.query('ALTER TABLE half_done ENABLE ROW LEVEL SECURITY');
        await db.query('CREATE POLICY half_done_read ON half_done FOR SELECT USING (true)');
        await db.query('ALTER TABLE member_profiles NO FORCE ROW LEVEL SECURITY');
        await db.query('CREATE UNIQUE INDEX member_email_everywhere ON member_profiles (email)');
      });
      expect((await rowLevelSecurityProblems(OWNER_URL(probe), scopes)).sort()).toEqual(
        [
          'forgotten: no model scope',
          'forgotten: row-level security not enabled',
          'forgotten: row-level security not forced',
          'forgotten: no policy for SELECT',
          'forgotten: no policy for INSERT',
          'forgotten: no policy for UPDATE',
          'forgotten: no policy for DELETE',
          'half_done: no model scope',
          'half_done: row-level security not forced',
          'half_done: no policy for INSERT',
          'half_done: no policy for UPDATE',
          'half_done: no policy for DELETE',
          'member_profiles: row-level security not forced',
          'member_profiles: unique member_email_everywhere does not include organization_id',
        ].sort(),
      );
    });
  });
});
