// Orders for one event (BENCH_ORDERS_SEATS free seats, one per order) from
// BENCH_ORDERS_BUYERS concurrent buyers until it is sold out: the Management
// API's orderTickets next to a bare SQL transaction doing the same
// reservation and inserts through pg under the same row-level security, on
// another event of the same database. Then publicEvents with the read cache
// next to without it.
import { randomBytes, randomUUID } from 'node:crypto';
import pg from 'pg';
import { MIGRATIONS_DIRECTORY } from '../../apps/management-api/dist/database/migrations-path.js';
import { migrate, readMigrations } from '../../apps/management-api/dist/database/migrator.js';
import { LOAD_CORE, load, report, startServer } from '../lib/harness.mjs';
import { startJwksIssuer } from '../lib/jwks-issuer.mjs';
import { runOrdersLoad } from '../lib/orders-load.mjs';
import { postgresUrl, redisUrl } from '../lib/local-stack.mjs';

const DATABASE = 'trivance_bench_orders';
const SUPERUSER = (db) => postgresUrl('postgres', 'postgres', db);
const OWNER_URL = postgresUrl('trivance_owner', 'trivance_owner', DATABASE);
const APP_URL = postgresUrl('trivance_app', 'trivance_app', DATABASE);
const SYSTEM_URL = postgresUrl('trivance_system', 'trivance_system', DATABASE);
const SEATS = Number(process.env.BENCH_ORDERS_SEATS ?? 5000);
const BUYERS = Number(process.env.BENCH_ORDERS_BUYERS ?? 50);
const PORT = 3840;

async function prepareDatabase() {
  const admin = new pg.Client({ connectionString: SUPERUSER('postgres') });
  await admin.connect();
  await admin.query(`DROP DATABASE IF EXISTS ${DATABASE} WITH (FORCE)`);
  await admin.query(`CREATE DATABASE ${DATABASE} OWNER trivance_owner`);
  await admin.end();
  const silent = { info: () => undefined, warn: () => undefined };
  await migrate(OWNER_URL, await readMigrations(MIGRATIONS_DIRECTORY), silent);
}

/** An organization with on-sale events, each with one free ticket type of `seats`. */
async function createEvents(count, seats) {
  const client = new pg.Client({ connectionString: SUPERUSER(DATABASE) });
  await client.connect();
  try {
    const organizationId = randomUUID();
    await client.query(
      "INSERT INTO organizations (id, name, slug, updated_at) VALUES ($1, 'Bench', $2, now())",
      [organizationId, `bench-${organizationId.slice(0, 8)}`],
    );
    const events = [];
    for (let i = 0; i < count; i++) {
      const eventId = randomUUID();
      const ticketTypeId = randomUUID();
      const startsAt = new Date(Date.now() + (i + 1) * 86_400_000);
      await client.query(
        `INSERT INTO events (id, organization_id, status, title, venue_city, starts_at, ends_at, timezone, public_since, updated_at)
         VALUES ($1, $2, 'PUBLISHED', $3, 'Bogotá', $4, $5, 'America/Bogota', now(), now())`,
        [
          eventId,
          organizationId,
          `Bench event ${i}`,
          startsAt,
          new Date(startsAt.getTime() + 3_600_000),
        ],
      );
      await client.query(
        `INSERT INTO ticket_types (id, organization_id, event_id, name, price_amount, currency, public_since, updated_at)
         VALUES ($1, $2, $3, 'General', 0, 'COP', now(), now())`,
        [ticketTypeId, organizationId, eventId],
      );
      await client.query(
        `INSERT INTO seat_pools (id, organization_id, event_id, ticket_type_id, capacity, on_sale, public_since)
         VALUES ($1, $2, $1, NULL, $4, true, now()), ($3, $2, $1, $3, $4, true, now())`,
        [eventId, organizationId, ticketTypeId, seats],
      );
      events.push({ eventId, ticketTypeId });
    }
    return { organizationId, events };
  } finally {
    await client.end();
  }
}

async function soldSeats(eventId) {
  const client = new pg.Client({ connectionString: SUPERUSER(DATABASE) });
  await client.connect();
  try {
    const { rows } = await client.query(
      'SELECT (SELECT sold FROM seat_pools WHERE id = $1) AS sold, (SELECT count(*)::int FROM tickets WHERE event_id = $1) AS tickets',
      [eventId],
    );
    return rows[0];
  } finally {
    await client.end();
  }
}

function apiEnv(issuer, cache) {
  return {
    PORT: String(PORT),
    DATABASE_URL: APP_URL,
    DATABASE_SYSTEM_URL: SYSTEM_URL,
    DATABASE_MIGRATION_URL: OWNER_URL,
    DATABASE_MIGRATE_ON_START: 'false',
    // As many connections as the bare transaction gets: one per buyer.
    DATABASE_POOL_SIZE: String(BUYERS),
    REDIS_URL: redisUrl(9),
    AUTH_URL: issuer.url,
    JWT_ISSUER: issuer.issuer,
    JWT_AUDIENCE: issuer.audience,
    // What is measured is ordering itself: no relay, jobs or consumers in this process.
    BACKGROUND_JOBS: 'false',
    DOMAIN_EVENTS_CONSUMER: 'false',
    READ_CACHE: String(cache),
    GRAPHQL_COST_PER_MINUTE: String(1e12),
    GRAPHQL_MUTATIONS_PER_MINUTE: String(1e12),
    LOG_LEVEL: 'warn',
    // BENCH_CPU_PROF=<dir> writes a CPU profile of the API to that folder.
    ...(process.env.BENCH_CPU_PROF
      ? { NODE_OPTIONS: `--cpu-prof --cpu-prof-dir=${process.env.BENCH_CPU_PROF}` }
      : {}),
  };
}

export async function run() {
  await prepareDatabase();
  const { organizationId, events } = await createEvents(32, SEATS);
  const [ours, bare] = events;
  const issuer = await startJwksIssuer();
  const buyers = Array.from({ length: BUYERS }, () => randomBytes(12).toString('hex'));
  const tokens = await Promise.all(buyers.map((sub) => issuer.mint({ sub, role: undefined })));
  try {
    let server = await startServer({
      name: 'management-api',
      script: 'dist/main.js',
      cwd: 'apps/management-api',
      env: apiEnv(issuer, true),
      readyUrl: `http://127.0.0.1:${PORT}/health`,
    });
    const api = await runOrdersLoad(
      {
        mode: 'api',
        url: `http://127.0.0.1:${PORT}`,
        eventId: ours.eventId,
        ticketTypeId: ours.ticketTypeId,
        tokens,
      },
      LOAD_CORE,
    );
    const sql = await runOrdersLoad(
      {
        mode: 'sql',
        databaseUrl: APP_URL,
        organizationId,
        eventId: bare.eventId,
        ticketTypeId: bare.ticketTypeId,
        buyers,
      },
      LOAD_CORE,
    );
    const [oursSold, bareSold] = await Promise.all([
      soldSeats(ours.eventId),
      soldSeats(bare.eventId),
    ]);
    report(
      `orderTickets: ${SEATS} free seats of one event, ${BUYERS} concurrent buyers, one seat each, until sold out`,
      [
        {
          name: `bare SQL transaction (pg), ${bareSold.tickets} sold`,
          rps: sql.rps,
          p99: sql.p99,
          errors: sql.errors,
        },
        {
          name: `Management API orderTickets, ${oursSold.tickets} sold`,
          rps: api.rps,
          p99: api.p99,
          errors: api.errors,
        },
      ],
    );
    if (api.lastError) console.log(`  last API error: ${api.lastError}`);
    if (oursSold.sold !== oursSold.tickets || oursSold.tickets > SEATS) {
      throw new Error(`seats and tickets disagree: ${JSON.stringify(oursSold)}`);
    }

    const publicEvents = JSON.stringify({
      query:
        '{ publicEvents(first: 20) { edges { node { id title startsAt venue { city } ticketTypes { name available price { amount currency } } } } } }',
    });
    const url = `http://127.0.0.1:${PORT}/graphql`;
    const headers = { 'content-type': 'application/json' };
    const cached = await load({ url, method: 'POST', headers, body: publicEvents });
    await server.stop();
    server = await startServer({
      name: 'management-api (no read cache)',
      script: 'dist/main.js',
      cwd: 'apps/management-api',
      env: apiEnv(issuer, false),
      readyUrl: `http://127.0.0.1:${PORT}/health`,
    });
    const uncached = await load({ url, method: 'POST', headers, body: publicEvents });
    await server.stop();
    report('publicEvents(first: 20) with availability, anonymous', [
      { name: 'without the read cache', ...uncached },
      { name: 'with the read cache', ...cached },
    ]);
  } finally {
    await issuer.close();
  }
}
