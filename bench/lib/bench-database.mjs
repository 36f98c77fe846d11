// A database of its own for a benchmark: dropped, created for the migration
// role and migrated, with the URLs of each role that connects to it.
import pg from 'pg';
import { MIGRATIONS_DIRECTORY } from '../../apps/management-api/dist/database/migrations-path.js';
import { migrate, readMigrations } from '../../apps/management-api/dist/database/migrator.js';
import { postgresUrl } from './local-stack.mjs';

export async function freshDatabase(name) {
  const urls = {
    superuser: postgresUrl('postgres', 'postgres', name),
    owner: postgresUrl('trivance_owner', 'trivance_owner', name),
    app: postgresUrl('trivance_app', 'trivance_app', name),
    system: postgresUrl('trivance_system', 'trivance_system', name),
  };
  const admin = new pg.Client({
    connectionString: postgresUrl('postgres', 'postgres', 'postgres'),
  });
  await admin.connect();
  await admin.query(`DROP DATABASE IF EXISTS ${name} WITH (FORCE)`);
  await admin.query(`CREATE DATABASE ${name} OWNER trivance_owner`);
  await admin.end();
  const silent = { info: () => undefined, warn: () => undefined };
  await migrate(urls.owner, await readMigrations(MIGRATIONS_DIRECTORY), silent);
  return urls;
}
