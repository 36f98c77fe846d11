import { parseArgs } from 'node:util';
import { seed } from './seeder.js';

// `npm run seed -- --orgs 1000 --users 1000000 [--largest-org N] [--seed S]
//   [--database-url URL] [--skip-if-seeded] [--rebuild-indexes auto|always|never]`
// Demo data for the Management API's PostgreSQL database, written with COPY as
// the owner role. The same seed always writes the same rows, replacing
// what an earlier run with that seed wrote.
const DEFAULT_DATABASE_URL = 'postgresql://trivance_owner:trivance_owner@127.0.0.1:5432/trivance';

const USAGE = `Usage: npm run seed -- [options]
  --orgs N              organizations to create (default 10)
  --users N             member profiles in total (default 1000)
  --largest-org N       members of the first organization; the rest share the remainder
  --seed S              seed of the generator (default "trivance"); same seed, same data
  --database-url URL    owner connection (default DATABASE_MIGRATION_URL or the local dev database)
  --skip-if-seeded      do nothing when the planned rows are already there
  --rebuild-indexes M   auto (default), always or never: drop and rebuild indexes around the load
  --help`;

function integer(value: string | undefined, name: string, fallback?: number): number | undefined {
  if (value === undefined) return fallback;
  const parsed = Number(value.replace(/_/g, ''));
  if (!Number.isSafeInteger(parsed) || parsed < 0)
    throw new Error(`--${name} must be a whole number`);
  return parsed;
}

try {
  const { values } = parseArgs({
    options: {
      orgs: { type: 'string' },
      users: { type: 'string' },
      'largest-org': { type: 'string' },
      seed: { type: 'string', default: 'trivance' },
      'database-url': { type: 'string' },
      'skip-if-seeded': { type: 'boolean', default: false },
      'rebuild-indexes': { type: 'string', default: 'auto' },
      help: { type: 'boolean', default: false },
    },
  });
  if (values.help) {
    console.log(USAGE);
    process.exit(0);
  }
  const rebuildIndexes = values['rebuild-indexes'];
  if (rebuildIndexes !== 'auto' && rebuildIndexes !== 'always' && rebuildIndexes !== 'never') {
    throw new Error('--rebuild-indexes must be auto, always or never');
  }
  const databaseUrl =
    values['database-url'] ?? process.env.DATABASE_MIGRATION_URL ?? DEFAULT_DATABASE_URL;
  const result = await seed({
    databaseUrl,
    organizations: integer(values.orgs, 'orgs', 10)!,
    users: integer(values.users, 'users', 1000)!,
    largestOrganization: integer(values['largest-org'], 'largest-org'),
    seed: values.seed,
    skipIfSeeded: values['skip-if-seeded'],
    rebuildIndexes,
    logger: { info: (message) => console.log(message) },
  });
  const database = new URL(databaseUrl).pathname.slice(1);
  const largest = result.plan.organizations.reduce((a, b) => (b.members > a.members ? b : a));
  console.log(
    `${result.skipped ? 'Nothing to do' : 'Seeded'} ${database}: ` +
      `${result.plan.organizations.length} organizations, ${result.plan.totalMembers} members ` +
      `(largest: ${largest.slug}, ${largest.members} members; seed "${values.seed}") ` +
      `in ${(result.milliseconds / 1000).toFixed(1)} s`,
  );
} catch (error) {
  console.error(error instanceof Error ? error.message : error);
  console.error(USAGE);
  process.exitCode = 1;
}
