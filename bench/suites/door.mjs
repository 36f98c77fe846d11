// The door: check-ins per second for one event from BENCH_DOOR_DOORS
// concurrent doors (each scanning QR payloads of tickets nobody else scans),
// next to a bare SQL transaction through pg doing the same conditional update
// and check-in record under the same row-level security; then what a
// scanner pays to verify one QR payload offline (the README's verifier, next
// to a bare Ed25519 verify).
import 'reflect-metadata';
import { createPublicKey, randomBytes, randomUUID, verify } from 'node:crypto';
import pg from 'pg';
import { MIGRATIONS_DIRECTORY } from '../../apps/management-api/dist/database/migrations-path.js';
import { migrate, readMigrations } from '../../apps/management-api/dist/database/migrator.js';
import { TicketSigner } from '../../apps/management-api/dist/tickets/ticket-signer.js';
import { LOAD_CORE, report, startServer } from '../lib/harness.mjs';
import { runDoorLoad } from '../lib/door-load.mjs';
import { startJwksIssuer } from '../lib/jwks-issuer.mjs';
import { postgresUrl, redisUrl } from '../lib/local-stack.mjs';

const DATABASE = 'trivance_bench_door';
const SUPERUSER = (db) => postgresUrl('postgres', 'postgres', db);
const OWNER_URL = postgresUrl('trivance_owner', 'trivance_owner', DATABASE);
const APP_URL = postgresUrl('trivance_app', 'trivance_app', DATABASE);
const SYSTEM_URL = postgresUrl('trivance_system', 'trivance_system', DATABASE);
const TICKETS = Number(process.env.BENCH_DOOR_TICKETS ?? 6000);
const DOORS = Number(process.env.BENCH_DOOR_DOORS ?? 8);
const VERIFICATIONS = Number(process.env.BENCH_DOOR_VERIFICATIONS ?? 20_000);
const SIGNING_KEY = `bench-ticket-signing-${randomBytes(16).toString('hex')}`;
const PORT = 3841;

async function prepareDatabase() {
  const admin = new pg.Client({ connectionString: SUPERUSER('postgres') });
  await admin.connect();
  await admin.query(`DROP DATABASE IF EXISTS ${DATABASE} WITH (FORCE)`);
  await admin.query(`CREATE DATABASE ${DATABASE} OWNER trivance_owner`);
  await admin.end();
  const silent = { info: () => undefined, warn: () => undefined };
  await migrate(OWNER_URL, await readMigrations(MIGRATIONS_DIRECTORY), silent);
}

/** An organization with two published events of `tickets` sold tickets each. */
async function createEvents(tickets) {
  const client = new pg.Client({ connectionString: SUPERUSER(DATABASE) });
  await client.connect();
  try {
    const organizationId = randomUUID();
    await client.query(
      "INSERT INTO organizations (id, name, slug, updated_at) VALUES ($1, 'Bench door', $2, now())",
      [organizationId, `bench-door-${organizationId.slice(0, 8)}`],
    );
    const events = [];
    for (let i = 0; i < 2; i++) {
      const eventId = randomUUID();
      const ticketTypeId = randomUUID();
      const orderId = randomUUID();
      await client.query(
        `INSERT INTO events (id, organization_id, status, title, starts_at, ends_at, timezone, public_since, updated_at)
         VALUES ($1, $2, 'PUBLISHED', $3, now(), now() + interval '4 hours', 'America/Bogota', now(), now())`,
        [eventId, organizationId, `Door bench ${i}`],
      );
      await client.query(
        `INSERT INTO ticket_types (id, organization_id, event_id, name, price_amount, currency, public_since, updated_at)
         VALUES ($1, $2, $3, 'General', 0, 'COP', now(), now())`,
        [ticketTypeId, organizationId, eventId],
      );
      await client.query(
        `INSERT INTO orders (id, organization_id, event_id, status, buyer_email, buyer_name, currency, subtotal, total, complimentary, paid_at, updated_at)
         VALUES ($1, $2, $3, 'PAID', 'bench@example.org', 'Bench', 'COP', 0, 0, true, now(), now())`,
        [orderId, organizationId, eventId],
      );
      const { rows } = await client.query(
        `INSERT INTO tickets (id, organization_id, order_id, event_id, ticket_type_id, code, holder_name, holder_email, updated_at)
         SELECT gen_random_uuid(), $1, $2, $3, $4, upper(substr(md5(random()::text || n), 1, 24)),
                'Asistente ' || n, 'asistente' || n || '@example.org', now()
           FROM generate_series(1, $5::int) AS n
         RETURNING code`,
        [organizationId, orderId, eventId, ticketTypeId, tickets],
      );
      events.push({ eventId, codes: rows.map((row) => row.code) });
    }
    return { organizationId, events };
  } finally {
    await client.end();
  }
}

async function admitted(eventId) {
  const client = new pg.Client({ connectionString: SUPERUSER(DATABASE) });
  await client.connect();
  try {
    const { rows } = await client.query(
      `SELECT count(*) FILTER (WHERE status = 'CHECKED_IN')::int AS tickets,
              (SELECT count(*)::int FROM check_ins WHERE event_id = $1 AND outcome = 'ADMITTED') AS records
         FROM tickets WHERE event_id = $1`,
      [eventId],
    );
    return rows[0];
  } finally {
    await client.end();
  }
}

/** Verifications per second of `check` over `payloads`, on this process's core. */
function verificationsPerSecond(payloads, check) {
  for (let i = 0; i < 500; i++) check(payloads[i % payloads.length]);
  const started = performance.now();
  let valid = 0;
  for (let i = 0; i < VERIFICATIONS; i++) if (check(payloads[i % payloads.length])) valid++;
  const seconds = (performance.now() - started) / 1000;
  if (valid !== VERIFICATIONS) throw new Error(`only ${valid} of ${VERIFICATIONS} verified`);
  return VERIFICATIONS / seconds;
}

const SPKI_ED25519 = Buffer.from('302a300506032b6570032100', 'hex');

export async function run() {
  await prepareDatabase();
  const { organizationId, events } = await createEvents(TICKETS);
  const [ours, bare] = events;
  const signer = new TicketSigner({
    TICKET_SIGNING_KEY: SIGNING_KEY,
    TICKET_SIGNING_KEYS_RETIRED: [],
  });
  const issuer = await startJwksIssuer();
  const doors = Array.from({ length: DOORS }, () => randomBytes(12).toString('hex'));
  const tokens = await Promise.all(
    doors.map((sub) => issuer.mint({ sub, org: organizationId, role: 'user' })),
  );
  const server = await startServer({
    name: 'management-api',
    script: 'dist/main.js',
    cwd: 'apps/management-api',
    env: {
      PORT: String(PORT),
      DATABASE_URL: APP_URL,
      DATABASE_SYSTEM_URL: SYSTEM_URL,
      DATABASE_MIGRATION_URL: OWNER_URL,
      DATABASE_MIGRATE_ON_START: 'false',
      DATABASE_POOL_SIZE: String(DOORS),
      REDIS_URL: redisUrl(9),
      AUTH_URL: issuer.url,
      JWT_ISSUER: issuer.issuer,
      JWT_AUDIENCE: issuer.audience,
      TICKET_SIGNING_KEY: SIGNING_KEY,
      // What is measured is admission itself: no relay, jobs or consumers in this process.
      BACKGROUND_JOBS: 'false',
      DOMAIN_EVENTS_CONSUMER: 'false',
      GRAPHQL_COST_PER_MINUTE: String(1e12),
      GRAPHQL_MUTATIONS_PER_MINUTE: String(1e12),
      LOG_LEVEL: 'warn',
    },
    readyUrl: `http://127.0.0.1:${PORT}/health`,
  });
  try {
    const api = await runDoorLoad(
      {
        mode: 'api',
        url: `http://127.0.0.1:${PORT}`,
        eventId: ours.eventId,
        payloads: ours.codes.map((code) => signer.sign(ours.eventId, code)),
        tokens,
      },
      LOAD_CORE,
    );
    const sql = await runDoorLoad(
      {
        mode: 'sql',
        databaseUrl: APP_URL,
        organizationId,
        eventId: bare.eventId,
        codes: bare.codes,
        doors,
      },
      LOAD_CORE,
    );
    const [oursAdmitted, bareAdmitted] = await Promise.all([
      admitted(ours.eventId),
      admitted(bare.eventId),
    ]);
    report(`checkInTicket: ${TICKETS} tickets of one event, ${DOORS} doors scanning at once`, [
      {
        name: `bare SQL transaction (pg), ${bareAdmitted.tickets} in`,
        rps: sql.rps,
        p99: sql.p99,
        errors: sql.errors,
      },
      {
        name: `Management API checkInTicket (QR), ${oursAdmitted.tickets} in`,
        rps: api.rps,
        p99: api.p99,
        errors: api.errors,
      },
    ]);
    if (api.lastError) console.log(`  last API error: ${api.lastError}`);
    if (oursAdmitted.tickets !== oursAdmitted.records) {
      throw new Error(`admissions and records disagree: ${JSON.stringify(oursAdmitted)}`);
    }
  } finally {
    await server.stop();
    await issuer.close();
  }

  // The scanner's side: verifying one payload offline, with the public key only.
  const payloads = ours.codes.slice(0, 1000).map((code) => signer.sign(ours.eventId, code));
  const key = signer.currentKey;
  const publicKey = createPublicKey({
    key: Buffer.concat([SPKI_ED25519, Buffer.from(key.publicKey, 'base64url')]),
    format: 'der',
    type: 'spki',
  });
  const bareVerify = (payload) => {
    const cut = payload.lastIndexOf('.');
    return verify(
      null,
      Buffer.from(payload.slice(0, cut)),
      publicKey,
      Buffer.from(payload.slice(cut + 1), 'base64url'),
    );
  };
  const revoked = new Set(bare.codes.slice(0, 500));
  const scanner = (payload) => {
    // The README's verifier: format, key by kid, signature, event, revocation list.
    const parts = payload.trim().split('.');
    if (parts.length !== 5 || parts[0] !== 'T1' || parts[1] !== key.kid) return false;
    if (!bareVerify(payload)) return false;
    return parts[2] === ours.eventId && !revoked.has(parts[3]);
  };
  report(`offline verification of a ticket QR payload (one core, ${VERIFICATIONS} payloads)`, [
    {
      name: 'bare Ed25519 verify (node:crypto)',
      rps: verificationsPerSecond(payloads, bareVerify),
      p99: '-',
      errors: 0,
    },
    {
      name: "the README's scanner verifier",
      rps: verificationsPerSecond(payloads, scanner),
      p99: '-',
      errors: 0,
    },
  ]);
}
