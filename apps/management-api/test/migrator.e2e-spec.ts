import { randomUUID } from 'node:crypto';
import { afterEach, describe, expect, it } from 'vitest';
import { MIGRATIONS_DIRECTORY } from '../src/database/migrations-path.js';
import {
  checksumOf,
  migrate,
  MigrationError,
  type MigrationFile,
  readMigrations,
} from '../src/database/migrator.js';
import { dropDatabase, OWNER_URL, recreateDatabase, withOwner } from './support/test-env.js';

const silent = { info: () => undefined, warn: () => undefined };
const created: string[] = [];

async function scratchDatabase(): Promise<string> {
  const name = `trivance_migrator_${randomUUID().slice(0, 8)}`;
  await recreateDatabase(name);
  created.push(name);
  return name;
}

function migration(name: string, sql: string): MigrationFile {
  return { name, sql, checksum: checksumOf(sql) };
}

interface Row {
  migration_name: string;
  checksum: string;
  finished_at: Date | null;
  logs: string | null;
  applied_steps_count: number;
}

const recorded = (database: string) =>
  withOwner(database, async (db) => {
    const result = await db.query<Row>(
      'SELECT migration_name, checksum, finished_at, logs, applied_steps_count FROM "_prisma_migrations" ORDER BY migration_name',
    );
    return result.rows;
  });

afterEach(async () => {
  await Promise.all(created.splice(0).map(dropDatabase));
});

describe('migrator', () => {
  it('applies the project migrations and records them as Prisma does', async () => {
    const database = await scratchDatabase();
    const migrations = await readMigrations(MIGRATIONS_DIRECTORY);
    expect(migrations.length).toBeGreaterThan(0);

    const result = await migrate(OWNER_URL(database), migrations, silent);

    expect(result.applied).toEqual(migrations.map((m) => m.name));
    const rows = await recorded(database);
    expect(rows.map((r) => r.migration_name)).toEqual(migrations.map((m) => m.name));
    for (const [index, row] of rows.entries()) {
      expect(row.checksum).toBe(migrations[index]!.checksum);
      expect(row.checksum).toMatch(/^[0-9a-f]{64}$/);
      expect(row.finished_at).toBeInstanceOf(Date);
      expect(row.applied_steps_count).toBe(1);
    }
  });

  it('is idempotent: a second run applies nothing', async () => {
    const database = await scratchDatabase();
    const migrations = await readMigrations(MIGRATIONS_DIRECTORY);
    await migrate(OWNER_URL(database), migrations, silent);

    const second = await migrate(OWNER_URL(database), migrations, silent);

    expect(second.applied).toEqual([]);
    expect(second.alreadyApplied).toEqual(migrations.map((m) => m.name));
    expect(await recorded(database)).toHaveLength(migrations.length);
  });

  it('lets only one of several instances starting together apply each migration', async () => {
    const database = await scratchDatabase();
    const migrations = [
      migration('20260101000000_slow', 'SELECT pg_sleep(0.3); CREATE TABLE slow_once (id int);'),
    ];

    const results = await Promise.all(
      [1, 2, 3].map(() => migrate(OWNER_URL(database), migrations, silent)),
    );

    expect(results.flatMap((r) => r.applied)).toEqual(['20260101000000_slow']);
    expect(await recorded(database)).toHaveLength(1);
  });

  it('stops on a failing migration, leaves it marked failed, and refuses to go on', async () => {
    const database = await scratchDatabase();
    const good = migration('20260101000000_good', 'CREATE TABLE good (id int);');
    const bad = migration(
      '20260102000000_bad',
      'CREATE TABLE half_done (id int); SELECT * FROM no_such_table;',
    );
    const later = migration('20260103000000_later', 'CREATE TABLE later (id int);');

    const failure = await migrate(OWNER_URL(database), [good, bad, later], silent).catch(
      (error: unknown) => error,
    );

    expect(failure).toBeInstanceOf(MigrationError);
    expect((failure as MigrationError).migrationName).toBe('20260102000000_bad');
    expect((failure as Error).message).toContain('no_such_table');
    const rows = await recorded(database);
    expect(rows.map((r) => [r.migration_name, r.finished_at !== null])).toEqual([
      ['20260101000000_good', true],
      ['20260102000000_bad', false],
    ]);
    expect(rows[1]!.logs).toContain('no_such_table');
    // The failing script ran in one transaction: nothing of it remains.
    const leftovers = await withOwner(database, (db) =>
      db.query("SELECT to_regclass('public.half_done') AS table"),
    );
    expect(leftovers.rows[0].table).toBeNull();

    const retry = await migrate(OWNER_URL(database), [good, bad, later], silent).catch(
      (error: unknown) => error,
    );
    expect(retry).toBeInstanceOf(MigrationError);
    expect((retry as Error).message).toContain('20260102000000_bad failed earlier');
  });
});
