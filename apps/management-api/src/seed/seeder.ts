import { Readable } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import pg from 'pg';
import { from as copyFrom } from 'pg-copy-streams';
import { CATALOG_TABLES, loadCatalog } from './catalog.js';
import { MIGRATIONS_DIRECTORY } from '../database/migrations-path.js';
import { migrate, readMigrations } from '../database/migrator.js';
import {
  MEMBER_COLUMNS,
  memberRows,
  organizationRows,
  planSeed,
  type SeedParameters,
  type SeedPlan,
} from './plan.js';

export interface SeedLogger {
  info(message: string): void;
}

export interface SeedOptions extends SeedParameters {
  /** The owner role's connection string (creates and migrates the database, then loads it). */
  databaseUrl: string;
  /** Do nothing when every planned organization already has exactly its planned members. */
  skipIfSeeded?: boolean;
  /** 'auto' drops and rebuilds member_profiles' indexes around large loads. */
  rebuildIndexes?: 'auto' | 'always' | 'never';
  logger?: SeedLogger;
}

export interface SeedResult {
  plan: SeedPlan;
  skipped: boolean;
  deletedMembers: number;
  insertedMembers: number;
  rebuiltIndexes: boolean;
  milliseconds: number;
}

const silent: SeedLogger = { info: () => undefined };
const SEEDED_TABLES = ['organizations', 'member_profiles', ...CATALOG_TABLES];

/**
 * Creates the database if missing, migrates it, then replaces the planned
 * organizations and their members: earlier rows of the same organizations
 * (same seed) are removed first, so running twice gives the same data once.
 * Everything happens in one transaction.
 */
export async function seed(options: SeedOptions): Promise<SeedResult> {
  const logger = options.logger ?? silent;
  const started = performance.now();
  const plan = planSeed(options);
  await ensureDatabase(options.databaseUrl, logger);
  const migrations = await migrate(
    options.databaseUrl,
    await readMigrations(MIGRATIONS_DIRECTORY),
    { info: (m) => logger.info(m), warn: (m) => logger.info(m) },
  );
  if (migrations.applied.length) logger.info(`${migrations.applied.length} migration(s) applied`);

  const client = new pg.Client({
    connectionString: options.databaseUrl,
    application_name: 'trivance-seed',
  });
  await client.connect();
  try {
    if (options.skipIfSeeded && (await isSeeded(client, plan))) {
      logger.info(
        `Already seeded: ${plan.organizations.length} organizations, ${plan.totalMembers} members`,
      );
      return result(plan, started, { skipped: true });
    }
    await client.query('BEGIN');
    try {
      const outcome = await load(client, plan, options.rebuildIndexes ?? 'auto', logger);
      const commitStarted = performance.now();
      await client.query('COMMIT');
      logger.info(`Committed in ${seconds(commitStarted)}`);
      const analyzeStarted = performance.now();
      await client.query('ANALYZE organizations, member_profiles');
      logger.info(`Analyzed in ${seconds(analyzeStarted)}`);
      return result(plan, started, outcome);
    } catch (error) {
      await client.query('ROLLBACK').catch(() => undefined);
      throw error;
    }
  } finally {
    await client.end();
  }
}

function result(
  plan: SeedPlan,
  started: number,
  outcome: Partial<Omit<SeedResult, 'plan' | 'milliseconds'>>,
): SeedResult {
  return {
    plan,
    skipped: false,
    deletedMembers: 0,
    insertedMembers: 0,
    rebuiltIndexes: false,
    ...outcome,
    milliseconds: performance.now() - started,
  };
}

async function load(
  client: pg.Client,
  plan: SeedPlan,
  rebuildIndexes: 'auto' | 'always' | 'never',
  logger: SeedLogger,
): Promise<Omit<SeedResult, 'plan' | 'milliseconds' | 'skipped'>> {
  const ids = plan.organizations.map((o) => o.id);
  await client.query("SET LOCAL maintenance_work_mem = '1GB'");
  await client.query('LOCK TABLE organizations, member_profiles IN SHARE ROW EXCLUSIVE MODE');
  // Every table is forced under row-level security, its owner included. The
  // load lifts that for the tables it writes inside its own transaction and
  // puts it back before committing, so no moment outside the load sees it lifted.
  for (const table of SEEDED_TABLES) {
    await client.query(`ALTER TABLE ${table} NO FORCE ROW LEVEL SECURITY`);
  }

  // 1. Remove what an earlier run with this seed left.
  let phase = performance.now();
  const { rows: others } = await client.query<{ n: string }>(
    'SELECT count(*) AS n FROM organizations WHERE id <> ALL($1::uuid[])',
    [ids],
  );
  let deletedMembers: number;
  if (Number(others[0]!.n) === 0) {
    // Only seeded organizations exist, so every member belongs to one of them.
    const { rows } = await client.query<{ n: string }>(
      'SELECT reltuples::bigint AS n FROM pg_class WHERE oid = $1::regclass',
      ['member_profiles'],
    );
    deletedMembers = Math.max(Number(rows[0]!.n), 0);
    await client.query('TRUNCATE member_profiles');
  } else {
    const deleted = await client.query(
      'DELETE FROM member_profiles WHERE organization_id = ANY($1::uuid[])',
      [ids],
    );
    deletedMembers = deleted.rowCount ?? 0;
  }
  for (const table of CATALOG_TABLES) {
    await client.query(`DELETE FROM ${table} WHERE organization_id = ANY($1::uuid[])`, [ids]);
  }
  await client.query('DELETE FROM organizations WHERE id = ANY($1::uuid[])', [ids]);
  logger.info(`Removed earlier seeded rows (about ${deletedMembers} members) in ${seconds(phase)}`);

  // 2. Large loads are much faster into a table without indexes.
  const { rows: remaining } = await client.query<{ n: string }>(
    'SELECT count(*) AS n FROM (SELECT 1 FROM member_profiles LIMIT $1) t',
    [plan.totalMembers + 1],
  );
  const rebuild =
    rebuildIndexes === 'always' ||
    (rebuildIndexes === 'auto' &&
      plan.totalMembers >= 100_000 &&
      Number(remaining[0]!.n) <= plan.totalMembers);
  const saved = rebuild ? await dropIndexes(client) : undefined;

  // 3. Stream the rows in with COPY.
  phase = performance.now();
  await copy(client, 'COPY organizations (id, name, slug, created_at, updated_at) FROM STDIN', [
    organizationRows(plan),
  ]);
  let written = 0;
  let reported = 0;
  const seedText = plan.parameters.seed;
  const organizations = plan.organizations;
  function* allMembers(): Generator<string> {
    for (const organization of organizations) {
      for (const chunk of memberRows(seedText, organization)) yield chunk;
      written += organization.members;
      if (written - reported >= 1_000_000) {
        reported = written;
        logger.info(`  ${written} members written (${seconds(phase)})`);
      }
    }
  }
  await copy(
    client,
    `COPY member_profiles (${MEMBER_COLUMNS.join(', ')}) FROM STDIN`,
    allMembers(),
  );
  logger.info(
    `Copied ${plan.organizations.length} organizations and ${plan.totalMembers} members in ${seconds(phase)}`,
  );

  // 4. Rebuild exactly the indexes and constraints that were there.
  if (saved) await restoreIndexes(client, saved, logger);

  // 5. Events, ticket types, seats and orders for the first organizations.
  phase = performance.now();
  const orders = await loadCatalog(client, plan, {
    eventsPerOrganization: 3,
    ordersPerEvent: 20,
    organizations: Math.min(plan.organizations.length, 200),
  });
  logger.info(`Wrote events and ${orders} orders in ${seconds(phase)}`);
  // The ledger's balance checks run now, before its table can be altered again.
  await client.query('SET CONSTRAINTS ALL IMMEDIATE');
  for (const table of SEEDED_TABLES) {
    await client.query(`ALTER TABLE ${table} FORCE ROW LEVEL SECURITY`);
  }
  return { deletedMembers, insertedMembers: plan.totalMembers, rebuiltIndexes: rebuild };
}

interface SavedIndexes {
  primaryKey: { name: string; definition: string }[];
  indexes: { name: string; definition: string }[];
  foreignKeys: { name: string; definition: string }[];
}

/** Drops member_profiles' indexes and constraints, returning their definitions. */
async function dropIndexes(client: pg.Client): Promise<SavedIndexes> {
  const constraints = await client.query<{ name: string; type: string; definition: string }>(
    `SELECT conname AS name, contype AS type, pg_get_constraintdef(oid) AS definition
       FROM pg_constraint WHERE conrelid = 'member_profiles'::regclass AND contype IN ('p', 'f')
      ORDER BY conname`,
  );
  const indexes = await client.query<{ name: string; definition: string }>(
    `SELECT i.relname AS name, pg_get_indexdef(i.oid) AS definition
       FROM pg_index x JOIN pg_class i ON i.oid = x.indexrelid
      WHERE x.indrelid = 'member_profiles'::regclass
        AND NOT EXISTS (SELECT 1 FROM pg_constraint c WHERE c.conindid = x.indexrelid)
      ORDER BY i.relname`,
  );
  const saved: SavedIndexes = {
    primaryKey: constraints.rows.filter((c) => c.type === 'p'),
    foreignKeys: constraints.rows.filter((c) => c.type === 'f'),
    indexes: indexes.rows,
  };
  for (const { name } of [...saved.foreignKeys, ...saved.primaryKey]) {
    await client.query(`ALTER TABLE member_profiles DROP CONSTRAINT ${quote(name)}`);
  }
  for (const { name } of saved.indexes) await client.query(`DROP INDEX ${quote(name)}`);
  return saved;
}

async function restoreIndexes(
  client: pg.Client,
  saved: SavedIndexes,
  logger: SeedLogger,
): Promise<void> {
  for (const { name, definition } of saved.primaryKey) {
    const started = performance.now();
    await client.query(`ALTER TABLE member_profiles ADD CONSTRAINT ${quote(name)} ${definition}`);
    logger.info(`  rebuilt ${name} in ${seconds(started)}`);
  }
  for (const { name, definition } of saved.indexes) {
    const started = performance.now();
    await client.query(definition);
    logger.info(`  rebuilt ${name} in ${seconds(started)}`);
  }
  for (const { name, definition } of saved.foreignKeys) {
    const started = performance.now();
    await client.query(`ALTER TABLE member_profiles ADD CONSTRAINT ${quote(name)} ${definition}`);
    logger.info(`  restored ${name} in ${seconds(started)}`);
  }
}

async function copy(client: pg.Client, statement: string, chunks: Iterable<string>): Promise<void> {
  await pipeline(Readable.from(chunks, { objectMode: false }), client.query(copyFrom(statement)));
}

async function isSeeded(client: pg.Client, plan: SeedPlan): Promise<boolean> {
  const ids = plan.organizations.map((o) => o.id);
  const { rows: organizations } = await client.query<{ id: string }>(
    'SELECT id FROM organizations WHERE id = ANY($1::uuid[])',
    [ids],
  );
  if (organizations.length !== ids.length) return false;
  const { rows } = await client.query<{ organization_id: string; n: string }>(
    `SELECT organization_id, count(*) AS n FROM member_profiles
      WHERE organization_id = ANY($1::uuid[]) GROUP BY organization_id`,
    [ids],
  );
  const counts = new Map(rows.map((row) => [row.organization_id, Number(row.n)]));
  return plan.organizations.every((o) => (counts.get(o.id) ?? 0) === o.members);
}

/** Creates the target database (owned by the connecting role) when it does not exist. */
async function ensureDatabase(databaseUrl: string, logger: SeedLogger): Promise<void> {
  const probe = new pg.Client({ connectionString: databaseUrl });
  try {
    await probe.connect();
    await probe.end();
    return;
  } catch (error) {
    await probe.end().catch(() => undefined);
    if ((error as { code?: string }).code !== '3D000') throw error;
  }
  const url = new URL(databaseUrl);
  const name = decodeURIComponent(url.pathname.slice(1));
  url.pathname = '/postgres';
  const admin = new pg.Client({ connectionString: url.toString() });
  await admin.connect();
  try {
    await admin.query(`CREATE DATABASE ${quote(name)}`);
    logger.info(`Created database ${name}`);
  } finally {
    await admin.end();
  }
}

function quote(identifier: string): string {
  return `"${identifier.replace(/"/g, '""')}"`;
}

function seconds(since: number): string {
  return `${((performance.now() - since) / 1000).toFixed(1)} s`;
}
