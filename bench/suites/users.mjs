// The users list on an organization of 1,000,000 members in a table of
// 10,000,000 (sizes from BENCH_USERS_TOTAL and BENCH_USERS_LARGEST_ORG):
// - the Management API's `users(first: 20)` next to PostGraphile v5 serving
//   the same table from the same database, both as the application role under
//   row-level security, both verifying the same EdDSA bearer token;
// - p99 at a page 100,000 rows deep (BENCH_USERS_DEPTH) next to page 1, by
//   keyset cursor;
// - the same deep page by OFFSET (and by keyset), as bare SQL through pg on one
//   connection, for contrast.
// Seeds the dedicated database `trivance_bench` once; later runs reuse it.
import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import pg from 'pg';
import { seed } from '../../apps/management-api/dist/seed/seeder.js';
import { DURATION_S, ROOT, load, report, startServer } from '../lib/harness.mjs';
import { startJwksIssuer } from '../lib/jwks-issuer.mjs';
import { postgresUrl } from '../lib/local-stack.mjs';

const DATABASE = process.env.BENCH_USERS_DATABASE ?? 'trivance_bench';
const OWNER_URL = postgresUrl('trivance_owner', 'trivance_owner', DATABASE);
// Direct reads go in as the superuser: every table is forced under row-level security.
const DIRECT_URL = postgresUrl('postgres', 'postgres', DATABASE);
const APP_URL = postgresUrl('trivance_app', 'trivance_app', DATABASE);
const TOTAL = Number(process.env.BENCH_USERS_TOTAL ?? 10_000_000);
const LARGEST = Number(process.env.BENCH_USERS_LARGEST_ORG ?? 1_000_000);
const ORGANIZATIONS = Number(process.env.BENCH_USERS_ORGS ?? 1000);
const PAGE = 20;
const DEPTH = Math.min(Number(process.env.BENCH_USERS_DEPTH ?? 100_000), LARGEST - PAGE);
const SEED = 'bench';

const PORTS = { management: 3810, postgraphile: 3811 };
const NODE_FIELDS = 'email name role emailVerified createdAt';
const SQL_COLUMNS = 'id, email, name, role, email_verified, created_at';

const ourQuery = (after) =>
  JSON.stringify({
    query: `query Users($after: String) {
      users(first: ${PAGE}, after: $after, orderBy: { field: CREATED_AT, direction: DESC }) {
        edges { cursor node { id ${NODE_FIELDS} } }
        pageInfo { hasNextPage endCursor }
      }
    }`,
    variables: { after },
  });

// PostGraphile is given the organization as a condition, as a client of it
// would: row-level security alone (the tenant and self policies are ORed)
// leaves PostgreSQL no index for the order and it scans the whole table.
const postgraphileQuery = (organizationId, after) =>
  JSON.stringify({
    query: `query Users($organizationId: UUID!, $after: Cursor) {
      allMemberProfiles(
        first: ${PAGE}
        after: $after
        condition: { organizationId: $organizationId }
        orderBy: [CREATED_AT_DESC, ROW_ID_DESC]
      ) {
        edges { cursor node { rowId ${NODE_FIELDS} } }
        pageInfo { hasNextPage endCursor }
      }
    }`,
    variables: { organizationId, after },
  });

/** The Management API's keyset cursor (common/pagination/cursor.ts). */
const encodeCursor = (order, value, id) =>
  Buffer.from(JSON.stringify([order, value, id])).toString('base64url');

/** Sends one request and checks it returns a full page; returns the edges. */
async function probe(url, headers, body, connectionField) {
  const response = await fetch(url, { method: 'POST', headers, body });
  const json = await response.json().catch(() => ({}));
  const connection = json.data?.[connectionField];
  if (!response.ok || json.errors || !connection || connection.edges.length !== PAGE) {
    throw new Error(
      `${url} answered ${response.status}: ${JSON.stringify(json.errors ?? json).slice(0, 400)}`,
    );
  }
  return connection.edges;
}

async function prepareDatabase() {
  const started = performance.now();
  const result = await seed({
    databaseUrl: OWNER_URL,
    organizations: Math.min(ORGANIZATIONS, TOTAL),
    users: TOTAL,
    largestOrganization: LARGEST,
    seed: SEED,
    skipIfSeeded: true,
    logger: { info: (message) => console.log(`  seed: ${message}`) },
  });
  const client = new pg.Client({ connectionString: DIRECT_URL });
  await client.connect();
  try {
    if (result.skipped) await client.query('ANALYZE organizations, member_profiles');
    const organization = result.plan.organizations[0];
    const { rows: all } = await client.query('SELECT count(*)::bigint AS n FROM member_profiles');
    const { rows: size } = await client.query(
      'SELECT pg_size_pretty(pg_database_size(current_database())) AS size',
    );
    // The row at DEPTH in the list's order: the next page starts after it.
    const { rows: deep } = await client.query(
      `SELECT id, created_at FROM member_profiles WHERE organization_id = $1
        ORDER BY created_at DESC, id DESC OFFSET $2 LIMIT 1`,
      [organization.id, DEPTH - 1],
    );
    const total = Number(all[0].n);
    console.log(
      `  ${DATABASE}: ${total} member profiles (${size[0].size}); organization ` +
        `${organization.slug} has ${organization.members}; ready in ` +
        `${((performance.now() - started) / 1000).toFixed(1)} s` +
        (result.skipped ? ' (already seeded)' : ''),
    );
    return { organization, deepRow: deep[0] };
  } finally {
    await client.end();
  }
}

async function hasUsersQuery() {
  const sdl = await readFile(join(ROOT, 'apps/management-api/schema.graphql'), 'utf8');
  return /^\s+users\(/m.test(sdl);
}

export async function run() {
  const major = Number(process.versions.node.split('.')[0]);
  if (major < 22) throw new Error(`the users suite needs Node 22 or later (PostGraphile v5)`);
  console.log(`\nusers: preparing ${DATABASE} (${TOTAL} members, largest organization ${LARGEST})`);
  const { organization, deepRow } = await prepareDatabase();
  const deepAt = deepRow.created_at.toISOString();
  const issuer = await startJwksIssuer();
  const token = await issuer.mint({ org: organization.id });
  const headers = { 'content-type': 'application/json', authorization: `Bearer ${token}` };
  const rows = {};
  const notes = [];
  const expectedPage1 = await sqlPage(organization.id, 0);
  const expectedDeep = await sqlPage(organization.id, DEPTH);
  const check = (server, page1, deep) => {
    // Seeded emails are unique, so the first email identifies the page.
    if (page1[0].node.email !== expectedPage1[0].email) {
      throw new Error(`${server} page 1 differs from the same page by SQL`);
    }
    if (deep[0].node.email !== expectedDeep[0].email) {
      throw new Error(`${server} page after row ${DEPTH} differs from the same page by SQL`);
    }
  };

  // PostGraphile v5.
  const postgraphile = await startServer({
    name: 'postgraphile',
    script: 'bench/baselines/postgraphile.mjs',
    env: {
      PORT: String(PORTS.postgraphile),
      DATABASE_URL: APP_URL,
      JWKS_URL: issuer.jwksUrl,
      JWT_ISSUER: issuer.issuer,
      JWT_AUDIENCE: issuer.audience,
      GRAPHILE_ENV: 'production',
      NODE_ENV: 'production',
    },
    readyUrl: `http://127.0.0.1:${PORTS.postgraphile}/health`,
  });
  try {
    const url = `http://127.0.0.1:${PORTS.postgraphile}/graphql`;
    const page1 = await probe(
      url,
      headers,
      postgraphileQuery(organization.id, null),
      'allMemberProfiles',
    );
    const [first] = page1;
    // PostGraphile's cursor: base64 JSON [ordering digest, created_at, id].
    const [digest] = JSON.parse(Buffer.from(first.cursor, 'base64').toString('utf8'));
    const deepCursor = Buffer.from(JSON.stringify([digest, deepAt, deepRow.id])).toString('base64');
    const deep = await probe(
      url,
      headers,
      postgraphileQuery(organization.id, deepCursor),
      'allMemberProfiles',
    );
    check('PostGraphile', page1, deep);
    rows.postgraphilePage1 = await load({
      url,
      method: 'POST',
      headers,
      body: postgraphileQuery(organization.id, null),
    });
    rows.postgraphileDeep = await load({
      url,
      method: 'POST',
      headers,
      body: postgraphileQuery(organization.id, deepCursor),
    });
    await probe(url, headers, postgraphileQuery(organization.id, null), 'allMemberProfiles');
  } finally {
    await postgraphile.stop();
  }

  // The Management API.
  if (await hasUsersQuery()) {
    try {
      Object.assign(rows, await measureManagementApi(issuer, headers, deepAt, deepRow, check));
    } catch (error) {
      notes.push(`Management API not measured: ${error.message}`);
    }
  } else {
    notes.push('The Management API has no `users` query yet (schema.graphql); not measured.');
  }

  // Bare SQL through pg, one connection, one query after another: OFFSET and
  // keyset at the same depth. (Under 32 concurrent connections an OFFSET this
  // deep only queues up: each takes about a second and sorts on disk.)
  const offsetSql = `SELECT ${SQL_COLUMNS} FROM member_profiles WHERE organization_id = $1
    ORDER BY created_at DESC, id DESC OFFSET $2 LIMIT ${PAGE}`;
  const keysetSql = `SELECT ${SQL_COLUMNS} FROM member_profiles WHERE organization_id = $1
    AND (created_at, id) < ($2::timestamptz, $3::uuid)
    ORDER BY created_at DESC, id DESC LIMIT ${PAGE}`;
  rows.sqlOffsetPage1 = await sqlLoop('offset', organization.id, offsetSql, [organization.id, 0]);
  rows.sqlKeysetDeep = await sqlLoop('keyset', organization.id, keysetSql, [
    organization.id,
    deepRow.created_at,
    deepRow.id,
  ]);
  rows.sqlOffsetDeep = await sqlLoop('offset', organization.id, offsetSql, [
    organization.id,
    DEPTH,
  ]);
  await issuer.close();

  const depth = DEPTH.toLocaleString('en-US');
  const members = organization.members.toLocaleString('en-US');
  const page1Rows = [{ name: 'PostGraphile v5 (reference)', ...rows.postgraphilePage1 }];
  if (rows.oursPage1) page1Rows.push({ name: 'Management API users', ...rows.oursPage1 });
  report(
    `users, first ${PAGE}, CREATED_AT DESC, page 1 (organization of ${members} in ${TOTAL.toLocaleString('en-US')})`,
    page1Rows,
  );
  const deepRows = [];
  if (rows.oursPage1) {
    deepRows.push({ name: 'Management API, page 1 (reference)', ...rows.oursPage1 });
    deepRows.push({ name: `Management API, after row ${depth} (keyset)`, ...rows.oursDeep });
  }
  deepRows.push({ name: 'PostGraphile v5, page 1', ...rows.postgraphilePage1 });
  deepRows.push({ name: `PostGraphile v5, after row ${depth} (cursor)`, ...rows.postgraphileDeep });
  report(`users at depth ${depth} next to page 1`, deepRows);
  report(`bare SQL through pg, 1 connection, sequential (no HTTP, no GraphQL, no token)`, [
    { name: 'SQL OFFSET 0 LIMIT 20 (reference)', ...rows.sqlOffsetPage1 },
    { name: `SQL keyset after row ${depth}`, ...rows.sqlKeysetDeep },
    { name: `SQL OFFSET ${depth} LIMIT 20`, ...rows.sqlOffsetDeep },
  ]);

  const ratio = (a, b) => (a / b).toFixed(2);
  console.log('\nusers: ratios');
  if (rows.oursPage1) {
    console.log(
      `  Management API / PostGraphile v5, page 1: req/s x${ratio(rows.oursPage1.rps, rows.postgraphilePage1.rps)}, ` +
        `p99 ${rows.oursPage1.p99} ms vs ${rows.postgraphilePage1.p99} ms (x${ratio(rows.oursPage1.p99, rows.postgraphilePage1.p99)})`,
    );
    console.log(
      `  Management API p99, row ${depth} / page 1: ${rows.oursDeep.p99} ms / ${rows.oursPage1.p99} ms = x${ratio(rows.oursDeep.p99, rows.oursPage1.p99)}`,
    );
  }
  console.log(
    `  PostGraphile v5 p99, row ${depth} / page 1: ${rows.postgraphileDeep.p99} ms / ${rows.postgraphilePage1.p99} ms = x${ratio(rows.postgraphileDeep.p99, rows.postgraphilePage1.p99)}`,
  );
  console.log(
    `  bare SQL p99 at row ${depth}, OFFSET / keyset: ${rows.sqlOffsetDeep.p99} ms / ${rows.sqlKeysetDeep.p99} ms = x${ratio(rows.sqlOffsetDeep.p99, rows.sqlKeysetDeep.p99)}`,
  );
  for (const note of notes) console.log(`  note: ${note}`);
}

async function measureManagementApi(issuer, headers, deepAt, deepRow, check) {
  const management = await startServer({
    name: 'management-api',
    script: 'dist/main.js',
    cwd: 'apps/management-api',
    env: {
      PORT: String(PORTS.management),
      DATABASE_URL: APP_URL,
      DATABASE_MIGRATION_URL: OWNER_URL,
      AUTH_URL: issuer.url,
      JWT_ISSUER: issuer.issuer,
      JWT_AUDIENCE: issuer.audience,
      // One token drives the whole load: the per-caller budget must not be what is measured.
      GRAPHQL_COST_PER_MINUTE: String(1e12),
    },
    readyUrl: `http://127.0.0.1:${PORTS.management}/health`,
  });
  try {
    const url = `http://127.0.0.1:${PORTS.management}/graphql`;
    const deepCursor = encodeCursor('CREATED_AT', deepAt, deepRow.id);
    const page1 = await probe(url, headers, ourQuery(null), 'users');
    const deep = await probe(url, headers, ourQuery(deepCursor), 'users');
    check('Management API', page1, deep);
    const oursPage1 = await load({ url, method: 'POST', headers, body: ourQuery(null) });
    const oursDeep = await load({ url, method: 'POST', headers, body: ourQuery(deepCursor) });
    // GraphQL errors answer 200: make sure the server still answers with pages.
    await probe(url, headers, ourQuery(deepCursor), 'users');
    return { oursPage1, oursDeep };
  } finally {
    await management.stop();
  }
}

/**
 * Runs one query over and over on one connection as the application role, each
 * in its own transaction with `app.organization_id` set (the same row-level
 * security path as the servers), for DURATION_S after a 2 s warm-up.
 */
async function sqlLoop(name, organizationId, text, values) {
  const client = new pg.Client({ connectionString: APP_URL });
  await client.connect();
  const once = async () => {
    await client.query('BEGIN');
    await client.query("SELECT set_config('app.organization_id', $1, true)", [organizationId]);
    const { rows } = await client.query({ name, text, values });
    await client.query('COMMIT');
    if (rows.length !== PAGE) throw new Error(`expected ${PAGE} rows, got ${rows.length}`);
  };
  try {
    const measure = async (seconds) => {
      const latencies = [];
      const end = performance.now() + seconds * 1000;
      while (performance.now() < end || latencies.length < 3) {
        const started = performance.now();
        await once();
        latencies.push(performance.now() - started);
      }
      return latencies;
    };
    await measure(2);
    const latencies = (await measure(DURATION_S)).sort((a, b) => a - b);
    const total = latencies.reduce((sum, l) => sum + l, 0);
    return {
      rps: (latencies.length * 1000) / total,
      p99: round2(latencies[Math.min(latencies.length - 1, Math.floor(latencies.length * 0.99))]),
      errors: 0,
    };
  } finally {
    await client.end();
  }
}

const round2 = (value) => Math.round(value * 100) / 100;

/** The page after `offset` rows, straight from PostgreSQL past row-level security. */
async function sqlPage(organizationId, offset) {
  const client = new pg.Client({ connectionString: DIRECT_URL });
  await client.connect();
  try {
    const { rows } = await client.query(
      `SELECT id, email FROM member_profiles WHERE organization_id = $1
        ORDER BY created_at DESC, id DESC OFFSET $2 LIMIT ${PAGE}`,
      [organizationId, offset],
    );
    return rows;
  } finally {
    await client.end();
  }
}
