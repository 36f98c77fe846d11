// GET /health of each service next to a bare Fastify server, and a small
// GraphQL query on the Management API next to a bare Mercurius server.
import pg from 'pg';
import { load, report, startServer } from '../lib/harness.mjs';
import { postgresUrl } from '../lib/local-stack.mjs';

const DATABASE = process.env.BENCH_DATABASE ?? 'trivance';
const OWNER_URL = postgresUrl('trivance_owner', 'trivance_owner', DATABASE);
// Fixture rows go in as the superuser: every table is forced under row-level security.
const FIXTURES_URL = postgresUrl('postgres', 'postgres', DATABASE);
const APP_URL = postgresUrl('trivance_app', 'trivance_app', DATABASE);
const SLUG = 'bench-organization';
const QUERY = JSON.stringify({
  query: `query ($slug: String!) { organizationBySlug(slug: $slug) { id name slug createdAt } }`,
  variables: { slug: SLUG },
});

async function seedOrganization() {
  const client = new pg.Client({ connectionString: FIXTURES_URL });
  await client.connect();
  await client.query(
    `INSERT INTO organizations (id, name, slug, updated_at)
     VALUES ('01900000-0000-7000-8000-000000000001', 'Bench Organization', $1, now())
     ON CONFLICT (slug) DO NOTHING`,
    [SLUG],
  );
  await client.end();
}

export async function run() {
  const management = await startServer({
    name: 'management-api',
    script: 'dist/main.js',
    cwd: 'apps/management-api',
    env: {
      PORT: '3800',
      DATABASE_URL: APP_URL,
      DATABASE_MIGRATION_URL: OWNER_URL,
      GRAPHQL_COST_PER_MINUTE: String(1e12),
    },
    readyUrl: 'http://127.0.0.1:3800/health',
  });
  await seedOrganization();
  const managementHealth = await load({ url: 'http://127.0.0.1:3800/health' });
  const managementGraphql = await load({
    url: 'http://127.0.0.1:3800/graphql',
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: QUERY,
  });
  await management.stop();

  const auth = await startServer({
    name: 'auth-service',
    script: 'dist/main.js',
    cwd: 'apps/auth-service',
    env: { PORT: '3801' },
    readyUrl: 'http://127.0.0.1:3801/health',
  });
  const authHealth = await load({ url: 'http://127.0.0.1:3801/health' });
  await auth.stop();

  const bareFastify = await startServer({
    name: 'bare fastify',
    script: 'bench/baselines/bare-fastify.mjs',
    env: { PORT: '3900' },
    readyUrl: 'http://127.0.0.1:3900/health',
  });
  const bareHealth = await load({ url: 'http://127.0.0.1:3900/health' });
  await bareFastify.stop();

  const bareMercurius = await startServer({
    name: 'bare mercurius',
    script: 'bench/baselines/bare-mercurius.mjs',
    env: { PORT: '3901', DATABASE_URL: APP_URL },
    readyUrl: 'http://127.0.0.1:3901/health',
  });
  const bareGraphql = await load({
    url: 'http://127.0.0.1:3901/graphql',
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: QUERY,
  });
  await bareMercurius.stop();

  report('GET /health', [
    { name: 'bare Fastify (reference)', ...bareHealth },
    { name: 'Management API', ...managementHealth },
    { name: 'Auth Service', ...authHealth },
  ]);
  report('GraphQL organizationBySlug (PostgreSQL read)', [
    { name: 'bare Mercurius + pg (reference)', ...bareGraphql },
    { name: 'Management API (NestJS + Mercurius + Prisma)', ...managementGraphql },
  ]);
}
