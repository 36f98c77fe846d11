// The Auth Service under load:
// - password sign-in (POST /v1/auth/login) next to a bare loop of the same
//   argon2id verification on the same core, its ceiling;
// - refresh-token rotation (POST /v1/auth/refresh), each connection carrying
//   its own token chain;
// - GET /v1/auth/me, JWT-guarded (signature and session check);
// - a JWT-guarded GraphQL query next to its public twin on the Management API,
//   both reading the same organization: `organization` (staff token) and
//   `organizationBySlug` (no token).
// Login and refresh run on bench/lib/chain-load.mjs (per-request client
// addresses, token chains); the rest on autocannon. Each sign-in comes from
// its own X-Forwarded-For address (the service trusts 127.0.0.1), so the
// per-IP login limit is never reached; a 429 would count as an error.
import { spawn } from 'node:child_process';
import { join } from 'node:path';
import { Redis } from 'ioredis';
import { MongoClient } from 'mongodb';
import pg from 'pg';
import { runChainLoad } from '../lib/chain-load.mjs';
import {
  CONNECTIONS,
  DURATION_S,
  LOAD_CORE,
  ROOT,
  SERVER_CORE,
  load,
  report,
  startServer,
} from '../lib/harness.mjs';
import { mongoUrl, postgresUrl, redisUrl } from '../lib/local-stack.mjs';

const PORTS = { auth: 3830, management: 3831 };
const AUTH_URL = `http://127.0.0.1:${PORTS.auth}`;
const MANAGEMENT_URL = `http://127.0.0.1:${PORTS.management}`;
const MONGODB_URI = mongoUrl('trivance_auth_bench');
// Its own Redis database: the test suites use 3, 5 and 6 and flush them.
const REDIS_URL = redisUrl(8);
// Fixture rows go in as the superuser: every table is forced under row-level security.
const PG_FIXTURES_URL = postgresUrl('postgres', 'postgres', 'trivance');
const EMAIL = 'bench@trivance.test';
const PASSWORD = 'Bench-Argon2id-Sign-in-2026!';
const SLUG = 'bench-organization';
const WARMUP_S = 2;

const AUTH_ENV = {
  PORT: String(PORTS.auth),
  MONGODB_URI,
  REDIS_URL,
  TRUST_PROXY: '127.0.0.1',
  LOG_LEVEL: 'warn',
  NODE_ENV: 'test',
};

const GUARDED_QUERY = JSON.stringify({ query: '{ organization { id name } }' });
const PUBLIC_QUERY = JSON.stringify({
  query: `{ organizationBySlug(slug: "${SLUG}") { id name } }`,
});

/** Empties the benchmark's MongoDB database and Redis database. */
async function resetStores() {
  const mongo = new MongoClient(MONGODB_URI, { serverSelectionTimeoutMS: 5000 });
  try {
    await mongo.connect();
    await mongo.db().dropDatabase();
  } finally {
    await mongo.close();
  }
  const redis = new Redis(REDIS_URL, { lazyConnect: true, maxRetriesPerRequest: 1 });
  try {
    await redis.connect();
    await redis.flushdb();
  } finally {
    redis.disconnect();
  }
}

/** The operator command: creates the verified super admin the benchmark signs in as. */
function createSuperAdmin() {
  return new Promise((resolve, reject) => {
    const child = spawn(
      process.execPath,
      ['dist/cli/auth.cli.js', 'create-super-admin', '--email', EMAIL, '--name', 'Bench'],
      {
        cwd: join(ROOT, 'apps/auth-service'),
        env: { ...process.env, ...AUTH_ENV, SUPER_ADMIN_PASSWORD: PASSWORD },
        stdio: ['ignore', 'pipe', 'pipe'],
      },
    );
    let output = '';
    child.stdout.on('data', (chunk) => (output += chunk));
    child.stderr.on('data', (chunk) => (output += chunk));
    child.on('exit', (code) =>
      code === 0 ? resolve() : reject(new Error(`create-super-admin failed (${code}): ${output}`)),
    );
  });
}

async function storedPasswordHash() {
  const mongo = new MongoClient(MONGODB_URI);
  try {
    await mongo.connect();
    const user = await mongo.db().collection('users').findOne({ email: EMAIL });
    if (!user?.passwordHash) throw new Error(`no password hash stored for ${EMAIL}`);
    return user.passwordHash;
  } finally {
    await mongo.close();
  }
}

/** The bare argon2id loop, pinned to the server's core; resolves to its JSON line. */
function argon2Loop(hash, concurrency) {
  return new Promise((resolve, reject) => {
    const child = spawn(
      'taskset',
      ['-c', SERVER_CORE, process.execPath, join(ROOT, 'bench/baselines/argon2-loop.mjs')],
      {
        cwd: ROOT,
        env: {
          ...process.env,
          BENCH_DURATION: String(DURATION_S),
          ARGON2_HASH: hash,
          ARGON2_PASSWORD: PASSWORD,
          ARGON2_CONCURRENCY: String(concurrency),
        },
        stdio: ['ignore', 'pipe', 'pipe'],
      },
    );
    let out = '';
    let err = '';
    child.stdout.on('data', (chunk) => (out += chunk));
    child.stderr.on('data', (chunk) => (err += chunk));
    child.on('exit', (code) =>
      code === 0 ? resolve(JSON.parse(out)) : reject(new Error(`argon2 loop failed: ${err}`)),
    );
  });
}

/** Documents in the collections that /me and refresh read. */
async function collectionSizes() {
  const mongo = new MongoClient(MONGODB_URI);
  try {
    await mongo.connect();
    const db = mongo.db();
    const [sessions, refreshTokens] = await Promise.all([
      db.collection('sessions').countDocuments(),
      db.collection('refresh_tokens').countDocuments(),
    ]);
    return `${sessions} sessions, ${refreshTokens} refresh tokens`;
  } finally {
    await mongo.close();
  }
}

async function postJson(url, body, headers = {}) {
  const response = await fetch(url, {
    method: 'POST',
    headers: { 'content-type': 'application/json', ...headers },
    body: JSON.stringify(body),
  });
  const json = await response.json().catch(() => ({}));
  if (!response.ok) {
    throw new Error(`${url} answered ${response.status}: ${JSON.stringify(json).slice(0, 300)}`);
  }
  return json;
}

/** One sign-in from its own client address; resolves to the token pair. */
let setupLogins = 0;
function login() {
  setupLogins += 1;
  return postJson(
    `${AUTH_URL}/v1/auth/login`,
    { email: EMAIL, password: PASSWORD },
    { 'x-forwarded-for': `10.250.0.${setupLogins}` },
  );
}

async function seedOrganization() {
  const client = new pg.Client({ connectionString: PG_FIXTURES_URL });
  await client.connect();
  try {
    await client.query(
      `INSERT INTO organizations (id, name, slug, updated_at)
       VALUES ('01900000-0000-7000-8000-000000000001', 'Bench Organization', $1, now())
       ON CONFLICT (slug) DO NOTHING`,
      [SLUG],
    );
    const { rows } = await client.query('SELECT id, name FROM organizations WHERE slug = $1', [
      SLUG,
    ]);
    return rows[0];
  } finally {
    await client.end();
  }
}

/** Sends one GraphQL request; throws unless it answers data for `field` without errors. */
async function probeGraphql(body, field, headers = {}) {
  const response = await fetch(`${MANAGEMENT_URL}/graphql`, {
    method: 'POST',
    headers: { 'content-type': 'application/json', ...headers },
    body,
  });
  const json = await response.json().catch(() => ({}));
  if (!response.ok || json.errors || !json.data?.[field]) {
    throw new Error(`${field} answered ${response.status}: ${JSON.stringify(json).slice(0, 300)}`);
  }
  return json.data[field];
}

async function probeMe(accessToken) {
  const response = await fetch(`${AUTH_URL}/v1/auth/me`, {
    headers: { authorization: `Bearer ${accessToken}` },
  });
  if (!response.ok) throw new Error(`/v1/auth/me answered ${response.status}`);
}

const chain = (scenario) =>
  runChainLoad(
    {
      scenario,
      url: AUTH_URL,
      connections: CONNECTIONS,
      duration: DURATION_S,
      warmup: WARMUP_S,
      params: { email: EMAIL, password: PASSWORD },
    },
    { core: LOAD_CORE },
  );

const ratio = (a, b) => (b > 0 ? (a / b).toFixed(2) : 'n/a');

export async function run() {
  console.log(`\nauth: preparing (MongoDB trivance_auth_bench, Redis db 8, super admin ${EMAIL})`);
  await resetStores();
  await createSuperAdmin();
  const hash = await storedPasswordHash();

  // The ceiling first, with nothing else on the server's core.
  const argon2Sequential = await argon2Loop(hash, 1);
  const argon2Parallel = await argon2Loop(hash, 4);

  const rows = {};
  const sizes = {};
  const notes = [];
  const auth = await startServer({
    name: 'auth-service',
    script: 'dist/main.js',
    cwd: 'apps/auth-service',
    env: AUTH_ENV,
    readyUrl: `${AUTH_URL}/health`,
  });
  let management;
  try {
    // /me and refresh first: the local document store (FerretDB over
    // PostgreSQL) filters inside PostgreSQL but without secondary indexes, so
    // their cost grows with the sessions and refresh tokens that the login run
    // leaves behind.
    const { accessToken } = await login();
    await probeMe(accessToken);
    sizes.me = await collectionSizes();
    rows.me = await load({
      url: `${AUTH_URL}/v1/auth/me`,
      headers: { authorization: `Bearer ${accessToken}` },
    });
    await probeMe(accessToken);

    sizes.refresh = await collectionSizes();
    rows.refresh = await chain('refresh');
    sizes.login = await collectionSizes();
    rows.login = await chain('login');
    sizes.after = await collectionSizes();

    // A staff token scoped to the benchmark organization, from a super admin's session.
    const organization = await seedOrganization();
    const scoped = await postJson(
      `${AUTH_URL}/v1/auth/switch-organization`,
      { organizationId: organization.id },
      { authorization: `Bearer ${(await login()).accessToken}`, 'x-forwarded-for': '10.250.1.1' },
    );
    management = await startServer({
      name: 'management-api',
      script: 'dist/main.js',
      cwd: 'apps/management-api',
      env: {
        PORT: String(PORTS.management),
        AUTH_URL,
        DOMAIN_EVENTS_CONSUMER: 'false',
        LOG_LEVEL: 'warn',
        GRAPHQL_COST_PER_MINUTE: String(1e12),
      },
      readyUrl: `${MANAGEMENT_URL}/health`,
    });
    const guardedHeaders = {
      'content-type': 'application/json',
      authorization: `Bearer ${scoped.accessToken}`,
    };
    const publicHeaders = { 'content-type': 'application/json' };
    const guarded = await probeGraphql(GUARDED_QUERY, 'organization', guardedHeaders);
    const open = await probeGraphql(PUBLIC_QUERY, 'organizationBySlug', publicHeaders);
    if (guarded.id !== organization.id || open.id !== organization.id) {
      throw new Error('the guarded and public queries read different organizations');
    }
    rows.graphqlPublic = await load({
      url: `${MANAGEMENT_URL}/graphql`,
      method: 'POST',
      headers: publicHeaders,
      body: PUBLIC_QUERY,
    });
    rows.graphqlGuarded = await load({
      url: `${MANAGEMENT_URL}/graphql`,
      method: 'POST',
      headers: guardedHeaders,
      body: GUARDED_QUERY,
    });
    // Public again, after the guarded run: shows any warm-up or ordering effect.
    rows.graphqlPublicAgain = await load({
      url: `${MANAGEMENT_URL}/graphql`,
      method: 'POST',
      headers: publicHeaders,
      body: PUBLIC_QUERY,
    });
    // GraphQL errors answer 200: make sure both still answer data.
    await probeGraphql(GUARDED_QUERY, 'organization', guardedHeaders);
    await probeGraphql(PUBLIC_QUERY, 'organizationBySlug', publicHeaders);
  } finally {
    await management?.stop();
    await auth.stop();
  }

  for (const [name, row] of Object.entries({ login: rows.login, refresh: rows.refresh })) {
    const other = Object.entries(row.statuses).filter(([status]) => status !== '200');
    if (other.length)
      notes.push(`${name} answers other than 200: ${JSON.stringify(Object.fromEntries(other))}`);
    if (row.initErrors) notes.push(`${name} chain starts refused: ${row.initErrors.join('; ')}`);
  }

  report('argon2id sign-in: POST /v1/auth/login next to the bare verification loop', [
    { name: 'bare argon2id verify loop, 1 in flight (ref.)', ...argon2Sequential },
    { name: 'bare argon2id verify loop, 4 in flight', ...argon2Parallel },
    { name: 'Auth Service POST /v1/auth/login', ...rows.login },
  ]);
  report('refresh-token rotation (one chain per connection)', [
    { name: 'Auth Service POST /v1/auth/refresh', ...rows.refresh },
  ]);
  report('JWT-guarded next to public: the same organization read on the Management API', [
    { name: 'organizationBySlug, public (reference)', ...rows.graphqlPublic },
    { name: 'organization, staff bearer token', ...rows.graphqlGuarded },
    { name: 'organizationBySlug, public, measured again', ...rows.graphqlPublicAgain },
  ]);
  report('JWT-guarded route on the Auth Service', [
    { name: 'Auth Service GET /v1/auth/me', ...rows.me },
  ]);

  const { memoryCost, timeCost, parallelism } = argon2Sequential.params;
  console.log('\nauth: ratios');
  console.log(
    `  login / bare argon2id loop (m=${memoryCost}, t=${timeCost}, p=${parallelism}, one core): ` +
      `${rows.login.rps.toFixed(1)} / ${argon2Sequential.rps.toFixed(1)} per s = x${ratio(rows.login.rps, argon2Sequential.rps)}`,
  );
  console.log(
    `  refresh: ${rows.refresh.rps.toFixed(0)} per s, p99 ${rows.refresh.p99} ms, ` +
      `x${ratio(rows.refresh.rps, rows.login.rps)} the login rate`,
  );
  const publicRps = (rows.graphqlPublic.rps + rows.graphqlPublicAgain.rps) / 2;
  console.log(
    `  guarded / public GraphQL read (public: mean of the runs before and after): ` +
      `req/s x${ratio(rows.graphqlGuarded.rps, publicRps)}, p99 ${rows.graphqlGuarded.p99} ms ` +
      `vs ${rows.graphqlPublic.p99} and ${rows.graphqlPublicAgain.p99} ms`,
  );
  console.log(`  GET /v1/auth/me: ${rows.me.rps.toFixed(0)} req/s, p99 ${rows.me.p99} ms`);
  console.log(
    `  stored before /me: ${sizes.me}; before refresh: ${sizes.refresh}; ` +
      `before login: ${sizes.login}; after: ${sizes.after}`,
  );
  notes.push(
    'the Management API remembers verified access tokens, so one repeated token measures ' +
      'one EdDSA verification and then the remembered-token path; the public query runs ' +
      'argument validation (slug) that the guarded one, without arguments, does not',
    'the local document store is FerretDB over PostgreSQL, which filters without secondary ' +
      'indexes: /me (session check) and refresh (token claim) slow down as sessions and ' +
      'refresh tokens accumulate (sizes above); MongoDB would use the indexes',
  );
  for (const note of notes) console.log(`  note: ${note}`);
}
