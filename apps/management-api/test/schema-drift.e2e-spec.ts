import { randomUUID } from 'node:crypto';
import { afterAll, describe, expect, it } from 'vitest';
import { MIGRATIONS_DIRECTORY } from '../src/database/migrations-path.js';
import { migrate, readMigrations } from '../src/database/migrator.js';
import { findSchemaDrift } from './support/schema-drift.js';
import {
  dropDatabase,
  OWNER_URL,
  recreateDatabase,
  SCHEMA_PATH,
  TEST_DATABASE,
  withOwner,
} from './support/test-env.js';

describe('migrations and schema.prisma', () => {
  const probe = `trivance_drift_${randomUUID().slice(0, 8)}`;
  afterAll(() => dropDatabase(probe));

  it('agree: the migrated database is exactly what schema.prisma describes', async () => {
    expect(await findSchemaDrift(SCHEMA_PATH, OWNER_URL(TEST_DATABASE))).toEqual([]);
  });

  it('disagree as soon as a column is altered behind their back', async () => {
    await recreateDatabase(probe);
    const silent = { info: () => undefined, warn: () => undefined };
    await migrate(OWNER_URL(probe), await readMigrations(MIGRATIONS_DIRECTORY), silent);
    expect(await findSchemaDrift(SCHEMA_PATH, OWNER_URL(probe))).toEqual([]);

    await withOwner(probe, async (db) => {
      await db.query('ALTER TABLE organizations ALTER COLUMN name DROP NOT NULL');
      await db.query('ALTER TABLE organizations ALTER COLUMN slug TYPE varchar(80)');
      await db.query('DROP INDEX organizations_slug_key');
      await db.query('ALTER TABLE organizations ADD COLUMN rogue text');
    });

    expect(await findSchemaDrift(SCHEMA_PATH, OWNER_URL(probe))).toEqual([
      'column differs: organizations.name schema=character varying(200)|not null|no default database=character varying(200)|null|no default',
      'column differs: organizations.slug schema=character varying(63)|not null|no default database=character varying(80)|not null|no default',
      'missing index: organizations unique btree (slug)',
      'unexpected column: organizations.rogue text|null|no default',
    ]);
  });
});
