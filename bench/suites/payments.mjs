// Wompi webhooks: BENCH_PAYMENTS_EVENTS pending Wompi payments of one event
// (one seat each), settled by one signed APPROVED `transaction.updated` event
// apiece from BENCH_PAYMENTS_SENDERS concurrent senders through the
// Management API's webhook, next to a bare SQL transaction through pg doing
// the same writes (the event stored, the payment locked and approved, the
// order paid, its ticket, both ledger groups, order.paid, the seats, the
// audit entries) on another event's payments, over as many connections.
// Then every delivered event is checked to have been booked exactly once,
// and so are redeliveries of some of them.
import { createHash, randomBytes, randomInt, randomUUID } from 'node:crypto';
import pg from 'pg';
import { MIGRATIONS_DIRECTORY } from '../../apps/management-api/dist/database/migrations-path.js';
import { migrate, readMigrations } from '../../apps/management-api/dist/database/migrator.js';
import { newPaymentReference } from '../../apps/management-api/dist/payments/payment-reference.js';
import { nextCheckAt } from '../../apps/management-api/dist/payments/reconciliation/check-schedule.js';
import { integritySignature } from '../../apps/management-api/dist/payments/wompi/wompi-contract.js';
import { providerFee } from '../../apps/management-api/dist/payments/wompi/wompi-fees.js';
import { LOAD_CORE, report, startServer } from '../lib/harness.mjs';
import { startJwksIssuer } from '../lib/jwks-issuer.mjs';
import { postgresUrl, redisUrl } from '../lib/local-stack.mjs';
import { runWebhookLoad } from '../lib/webhook-load.mjs';

const DATABASE = 'trivance_bench_payments';
const SUPERUSER = (db) => postgresUrl('postgres', 'postgres', db);
const OWNER_URL = postgresUrl('trivance_owner', 'trivance_owner', DATABASE);
const APP_URL = postgresUrl('trivance_app', 'trivance_app', DATABASE);
const SYSTEM_URL = postgresUrl('trivance_system', 'trivance_system', DATABASE);
const EVENTS = Number(process.env.BENCH_PAYMENTS_EVENTS ?? 1500);
// As many as the API's system path pool holds (SystemDatabase: 4 connections),
// so the webhook and the bare transaction run on as many database connections.
const SENDERS = Number(process.env.BENCH_PAYMENTS_SENDERS ?? 4);
const WARMUP = Math.min(Number(process.env.BENCH_PAYMENTS_WARMUP ?? 100), EVENTS);
const REDELIVERIES = Math.min(Number(process.env.BENCH_PAYMENTS_REDELIVERIES ?? 100), EVENTS);
const PORT = 3842;

// The platform merchant's secrets and fee terms, given to the API explicitly
// so the events signed here and the seeded checkouts agree with it.
const EVENTS_SECRET = 'dev-wompi-events-secret';
const INTEGRITY_SECRET = 'dev-wompi-integrity-secret';
const PUBLIC_KEY = 'pub_test_dev_public_key';
const FEE = { basisPoints: 315, fixed: 83_300 };
const PRICE = 12_000_000; // COP 120.000, in cents
const HOLD_MINUTES = 15;
const PAYMENT_FEE = Number(
  providerFee(BigInt(PRICE), { basisPoints: FEE.basisPoints, fixed: BigInt(FEE.fixed) }),
);

async function prepareDatabase() {
  const admin = new pg.Client({ connectionString: SUPERUSER('postgres') });
  await admin.connect();
  await admin.query(`DROP DATABASE IF EXISTS ${DATABASE} WITH (FORCE)`);
  await admin.query(`CREATE DATABASE ${DATABASE} OWNER trivance_owner`);
  await admin.end();
  const silent = { info: () => undefined, warn: () => undefined };
  await migrate(OWNER_URL, await readMigrations(MIGRATIONS_DIRECTORY), silent);
}

/**
 * An organization with two on-sale events, each with one paid ticket type
 * and `count` PENDING orders of one seat, paid through the platform's Wompi
 * merchant: written as orderTickets writes them (order, item, payment with
 * its reference, checkout signature and first check, the seat held), in
 * bulk. Returns each event's payments ({ reference, amount }).
 */
async function createPendingPayments(count) {
  const client = new pg.Client({ connectionString: SUPERUSER(DATABASE) });
  await client.connect();
  try {
    const organizationId = randomUUID();
    const organizationName = 'Bench payments';
    await client.query(
      'INSERT INTO organizations (id, name, slug, updated_at) VALUES ($1, $2, $3, now())',
      [organizationId, organizationName, `bench-payments-${organizationId.slice(0, 8)}`],
    );
    const events = [];
    for (let i = 0; i < 2; i++) {
      const eventId = randomUUID();
      const ticketTypeId = randomUUID();
      const startsAt = new Date(Date.now() + (i + 7) * 86_400_000);
      await client.query(
        `INSERT INTO events (id, organization_id, status, title, venue_city, starts_at, ends_at, timezone, public_since, updated_at)
         VALUES ($1, $2, 'PUBLISHED', $3, 'Medellín', $4, $5, 'America/Bogota', now(), now())`,
        [
          eventId,
          organizationId,
          `Payments bench ${i}`,
          startsAt,
          new Date(startsAt.getTime() + 3_600_000),
        ],
      );
      await client.query(
        `INSERT INTO ticket_types (id, organization_id, event_id, name, price_amount, currency, public_since, updated_at)
         VALUES ($1, $2, $3, 'General', $4, 'COP', now(), now())`,
        [ticketTypeId, organizationId, eventId, PRICE],
      );
      await client.query(
        `INSERT INTO seat_pools (id, organization_id, event_id, ticket_type_id, capacity, held, on_sale, public_since)
         VALUES ($1, $2, $1, NULL, $4, $5, true, now()), ($3, $2, $1, $3, $4, $5, true, now())`,
        [eventId, organizationId, ticketTypeId, count, count],
      );
      const now = new Date();
      const orders = Array.from({ length: count }, () => {
        const userId = randomBytes(12).toString('hex');
        const reference = newPaymentReference();
        return {
          id: randomUUID(),
          itemId: randomUUID(),
          paymentId: randomUUID(),
          userId,
          reference,
          signature: integritySignature(
            { reference, amountInCents: BigInt(PRICE), currency: 'COP' },
            INTEGRITY_SECRET,
          ),
        };
      });
      const column = (name) => orders.map((order) => order[name]);
      await client.query(
        `INSERT INTO orders (id, organization_id, user_id, event_id, status, buyer_email, buyer_name, currency,
                             subtotal, discount, total, expires_at, created_at, updated_at)
         SELECT o.id, $2, o.user_id, $3, 'PENDING', 'buyer-' || o.user_id || '@bench.test',
                'Buyer ' || right(o.user_id, 6), 'COP', $4, 0, $4, $5, $6, $6
           FROM unnest($1::uuid[], $7::char(24)[]) AS o(id, user_id)`,
        [
          column('id'),
          organizationId,
          eventId,
          PRICE,
          new Date(now.getTime() + HOLD_MINUTES * 60_000),
          now,
          column('userId'),
        ],
      );
      await client.query(
        `INSERT INTO order_items (id, organization_id, user_id, order_id, ticket_type_id, quantity, unit_price)
         SELECT i.id, $2, i.user_id, i.order_id, $3, 1, $4
           FROM unnest($1::uuid[], $5::char(24)[], $6::uuid[]) AS i(id, user_id, order_id)`,
        [column('itemId'), organizationId, ticketTypeId, PRICE, column('userId'), column('id')],
      );
      await client.query(
        `INSERT INTO payments (id, organization_id, user_id, order_id, provider, amount, currency, reference,
                               own_merchant, checkout_public_key, integrity_signature, next_check_at,
                               created_at, updated_at)
         SELECT p.id, $2, p.user_id, p.order_id, 'WOMPI', $3, 'COP', p.reference,
                false, $4, p.signature, $5, $6, $6
           FROM unnest($1::uuid[], $7::char(24)[], $8::uuid[], $9::text[], $10::text[])
                AS p(id, user_id, order_id, reference, signature)`,
        [
          column('paymentId'),
          organizationId,
          PRICE,
          PUBLIC_KEY,
          nextCheckAt(now, 0),
          now,
          column('userId'),
          column('id'),
          column('reference'),
          column('signature'),
        ],
      );
      events.push({ eventId, references: column('reference') });
    }
    return { organizationId, organizationName, events };
  } finally {
    await client.end();
  }
}

/** A `transaction.updated` APPROVED event for one payment, signed as Wompi signs it. */
function approvedEvent(reference, serial) {
  const timestamp = Math.floor(Date.now() / 1000);
  const transaction = {
    id: `${10_000 + serial}-${timestamp}-${randomInt(10_000, 100_000)}`,
    status: 'APPROVED',
    amount_in_cents: PRICE,
    reference,
    currency: 'COP',
    payment_method_type: 'CARD',
  };
  const checksum = createHash('sha256')
    .update(
      `${transaction.id}${transaction.status}${transaction.amount_in_cents}${timestamp}${EVENTS_SECRET}`,
    )
    .digest('hex');
  return JSON.stringify({
    event: 'transaction.updated',
    data: { transaction },
    environment: 'test',
    signature: {
      properties: ['transaction.id', 'transaction.status', 'transaction.amount_in_cents'],
      checksum,
    },
    timestamp,
    sent_at: new Date(timestamp * 1000).toISOString(),
  });
}

/** What one event's payments booked, counted directly. */
async function bookings(eventId) {
  const client = new pg.Client({ connectionString: SUPERUSER(DATABASE) });
  await client.connect();
  try {
    const { rows } = await client.query(
      `WITH o AS (SELECT id, status FROM orders WHERE event_id = $1),
            l AS (SELECT l.* FROM ledger_entries l JOIN o ON o.id = l.order_id),
            e AS (SELECT e.* FROM payment_events e JOIN payments p ON p.reference = e.reference
                  JOIN o ON o.id = p.order_id)
       SELECT (SELECT count(*) FROM o WHERE status = 'PAID')::int AS paid,
              (SELECT count(*) FROM payments p JOIN o ON o.id = p.order_id WHERE p.status = 'APPROVED')::int AS approved,
              (SELECT count(DISTINCT group_id) FROM l WHERE kind = 'PAYMENT')::int AS "paymentGroups",
              (SELECT count(DISTINCT group_id) FROM l WHERE kind = 'FEE')::int AS "feeGroups",
              (SELECT count(*) FROM (SELECT order_id FROM l WHERE kind = 'PAYMENT'
                                     GROUP BY order_id HAVING count(DISTINCT group_id) > 1) twice)::int AS "bookedTwice",
              (SELECT coalesce(sum(amount), 0) FROM l)::bigint AS "ledgerSum",
              (SELECT coalesce(sum(amount), 0) FROM l WHERE account = 'CASH')::bigint AS cash,
              (SELECT coalesce(sum(amount), 0) FROM l WHERE account = 'FEES')::bigint AS fees,
              (SELECT count(*) FROM tickets WHERE event_id = $1)::int AS tickets,
              (SELECT count(*) FROM outbox_events WHERE type = 'order.paid' AND payload->>'eventId' = $1::text)::int AS notices,
              (SELECT count(*) FROM e)::int AS stored,
              (SELECT count(*) FROM e WHERE outcome = 'APPLIED')::int AS applied,
              (SELECT count(*) FROM e WHERE processed_at IS NULL)::int AS unprocessed,
              (SELECT sold FROM seat_pools WHERE id = $1) AS sold,
              (SELECT held FROM seat_pools WHERE id = $1) AS held`,
      [eventId],
    );
    const [row] = rows;
    return {
      ...row,
      ledgerSum: Number(row.ledgerSum),
      cash: Number(row.cash),
      fees: Number(row.fees),
    };
  } finally {
    await client.end();
  }
}

/** Problems with `booked` when `delivered` events (each its own payment) were accepted. */
function bookedOnce(booked, delivered) {
  const expected = {
    paid: delivered,
    approved: delivered,
    paymentGroups: delivered,
    feeGroups: delivered,
    bookedTwice: 0,
    ledgerSum: 0,
    cash: delivered * (PRICE - PAYMENT_FEE),
    fees: delivered * PAYMENT_FEE,
    tickets: delivered,
    notices: delivered,
    stored: delivered,
    applied: delivered,
    unprocessed: 0,
    sold: delivered,
    held: EVENTS - delivered,
  };
  return Object.entries(expected)
    .filter(([key, value]) => booked[key] !== value)
    .map(([key, value]) => `${key} ${booked[key]} (expected ${value})`);
}

const summary = (booked) =>
  `${booked.paid} paid, ${booked.paymentGroups} payment + ${booked.feeGroups} fee ledger groups, ` +
  `${booked.tickets} tickets, ${booked.notices} order.paid, ${booked.applied} events applied`;

export async function run() {
  await prepareDatabase();
  const seeding = performance.now();
  const { organizationName, events } = await createPendingPayments(EVENTS);
  const [ours, bare] = events;
  const oursBodies = ours.references.map((reference, i) => approvedEvent(reference, i));
  const bareBodies = bare.references.map((reference, i) => approvedEvent(reference, EVENTS + i));
  const seeded = ((performance.now() - seeding) / 1000).toFixed(1);
  // The webhook is public; the issuer only lets the API start as the other suites do.
  const issuer = await startJwksIssuer();
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
      // The webhook runs on the system path's own pool; this one serves the rest.
      DATABASE_POOL_SIZE: String(SENDERS),
      REDIS_URL: redisUrl(9),
      AUTH_URL: issuer.url,
      JWT_ISSUER: issuer.issuer,
      JWT_AUDIENCE: issuer.audience,
      WOMPI_PUBLIC_KEY: PUBLIC_KEY,
      WOMPI_EVENTS_SECRET: EVENTS_SECRET,
      WOMPI_INTEGRITY_SECRET: INTEGRITY_SECRET,
      WOMPI_FEE_BASIS_POINTS: String(FEE.basisPoints),
      WOMPI_FEE_FIXED: String(FEE.fixed),
      // What is measured is settling itself: no reconciliation, relay, jobs or consumers.
      BACKGROUND_JOBS: 'false',
      DOMAIN_EVENTS_CONSUMER: 'false',
      LOG_LEVEL: 'warn',
      // BENCH_CPU_PROF=<dir> writes a CPU profile of the API to that folder.
      ...(process.env.BENCH_CPU_PROF
        ? { NODE_OPTIONS: `--cpu-prof --cpu-prof-dir=${process.env.BENCH_CPU_PROF}` }
        : {}),
    },
    readyUrl: `http://127.0.0.1:${PORT}/health`,
  });
  let api;
  let redelivered;
  try {
    api = await runWebhookLoad(
      {
        mode: 'api',
        url: `http://127.0.0.1:${PORT}`,
        senders: SENDERS,
        warmup: WARMUP,
        bodies: oursBodies,
      },
      LOAD_CORE,
    );
    // The provider delivers at least once: some events again, byte for byte.
    redelivered = await runWebhookLoad(
      {
        mode: 'api',
        url: `http://127.0.0.1:${PORT}`,
        senders: SENDERS,
        bodies: oursBodies.slice(0, REDELIVERIES),
      },
      LOAD_CORE,
    );
  } finally {
    await server.stop();
    await issuer.close();
  }
  const sql = await runWebhookLoad(
    {
      mode: 'sql',
      databaseUrl: SYSTEM_URL,
      role: 'trivance_payments',
      senders: SENDERS,
      warmup: WARMUP,
      bodies: bareBodies,
      fee: FEE,
      organizationName,
    },
    LOAD_CORE,
  );
  const [oursBooked, bareBooked] = await Promise.all([
    bookings(ours.eventId),
    bookings(bare.eventId),
  ]);
  const oursDelivered = EVENTS - api.errors;
  const bareDelivered = EVENTS - sql.errors;
  report(
    `Wompi webhooks: ${EVENTS} pending payments of one event (${seeded}s to seed), ` +
      `one APPROVED transaction.updated each from ${SENDERS} concurrent senders ` +
      `(first ${WARMUP} unmeasured), events settled/s`,
    [
      {
        name: `bare SQL transaction (pg), ${bareBooked.paid} booked`,
        rps: sql.rps,
        p99: sql.p99,
        errors: sql.errors,
      },
      {
        name: `Management API webhook, ${oursBooked.paid} booked`,
        rps: api.rps,
        p99: api.p99,
        errors: api.errors,
      },
    ],
  );
  if (api.lastError) console.log(`  last API error: ${api.lastError}`);
  if (sql.lastError) console.log(`  last bare SQL error: ${sql.lastError}`);
  console.log(
    `  booked once each: API ${oursDelivered} delivered -> ${summary(oursBooked)}; ` +
      `${redelivered.events}/${REDELIVERIES} redelivered answered 200, ` +
      `${oursBooked.stored - oursDelivered} more stored`,
  );
  console.log(`  booked once each: bare SQL ${bareDelivered} -> ${summary(bareBooked)}`);
  const problems = [
    ...bookedOnce(oursBooked, oursDelivered).map((problem) => `API: ${problem}`),
    ...bookedOnce(bareBooked, bareDelivered).map((problem) => `bare SQL: ${problem}`),
    ...(redelivered.errors > 0 ? [`redeliveries: ${redelivered.errors} not answered 200`] : []),
  ];
  if (problems.length > 0) throw new Error(`not booked exactly once: ${problems.join('; ')}`);
}
