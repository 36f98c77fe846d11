// One event with BENCH_NOTIFY_ATTENDEES buyers (each with a phone) is
// cancelled: the Management API turns its event.cancelled into one in-app
// notification per buyer and one push per device through the local Expo
// stand-in (relay, stream consumer, fan-out, live announce, push tickets
// recorded, sent in requests of 100, settled). Next to it, a bare baseline
// doing the same writes and sends: one INSERT … SELECT of the notifications
// through pg, then the same pushes in requests of 100 to the same stand-in.
import { createExpoPushStandIn } from '../../packages/expo-push-stand-in/dist/index.js';
import { randomBytes, randomUUID } from 'node:crypto';
import { setTimeout as sleep } from 'node:timers/promises';
import pg from 'pg';
import { Redis } from 'ioredis';
import { freshDatabase } from '../lib/bench-database.mjs';
import { report, startServer } from '../lib/harness.mjs';
import { startJwksIssuer } from '../lib/jwks-issuer.mjs';
import { redisUrl } from '../lib/local-stack.mjs';

const DATABASE = 'trivance_bench_notifications';
const ATTENDEES = Number(process.env.BENCH_NOTIFY_ATTENDEES ?? 10_000);
const PORT = 3843;
const REDIS_DB = 11;
const PUSH_BATCH = 100;

/** An organization with two events (ours, bare), each with ATTENDEES paid buyers who have a device. */
async function seed(superuserUrl) {
  const client = new pg.Client({ connectionString: superuserUrl });
  await client.connect();
  try {
    const organizationId = randomUUID();
    await client.query(
      "INSERT INTO organizations (id, name, slug, updated_at) VALUES ($1, 'Bench', $2, now())",
      [organizationId, `bench-${organizationId.slice(0, 8)}`],
    );
    const events = [];
    for (const title of ['Ours', 'Bare']) {
      const eventId = randomUUID();
      await client.query(
        `INSERT INTO events (id, organization_id, status, title, starts_at, ends_at, timezone, public_since, updated_at)
         VALUES ($1, $2, 'PUBLISHED', $3, now() + interval '1 day', now() + interval '2 days', 'America/Bogota', now(), now())`,
        [eventId, organizationId, title],
      );
      const users = Array.from({ length: ATTENDEES }, () => randomBytes(12).toString('hex'));
      await client.query(
        `INSERT INTO orders (id, organization_id, event_id, user_id, status, buyer_email, buyer_name, currency, subtotal, total, updated_at)
         SELECT gen_random_uuid(), $1, $2, u, 'CANCELLED', u || '@bench.test', 'Bench buyer', 'COP', 0, 0, now()
         FROM unnest($3::text[]) AS u`,
        [organizationId, eventId, users],
      );
      await client.query(
        `INSERT INTO push_devices (id, user_id, token, platform, created_at, last_seen_at)
         SELECT gen_random_uuid(), u, 'ExponentPushToken[' || u || ']', 'ANDROID', now(), now()
         FROM unnest($1::text[]) AS u`,
        [users],
      );
      events.push({ eventId, users });
    }
    return { organizationId, events };
  } finally {
    await client.end();
  }
}

async function waitFor(probe, done, timeoutMs = 300_000) {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const value = await probe();
    if (done(value)) return value;
    if (Date.now() > deadline) throw new Error(`timed out; last value ${JSON.stringify(value)}`);
    await sleep(20);
  }
}

const countOf = async (client, sql, values) => (await client.query(sql, values)).rows[0].n;

/** The Management API: cancellation written to the outbox, until every notification and push landed. */
async function throughTheApi(urls, expo, organizationId, eventId) {
  const redis = new Redis(redisUrl(REDIS_DB));
  await redis.flushdb();
  redis.disconnect();
  const issuer = await startJwksIssuer();
  const server = await startServer({
    name: 'management-api',
    script: 'dist/main.js',
    cwd: 'apps/management-api',
    env: {
      PORT: String(PORT),
      DATABASE_URL: urls.app,
      DATABASE_SYSTEM_URL: urls.system,
      DATABASE_MIGRATION_URL: urls.owner,
      DATABASE_MIGRATE_ON_START: 'false',
      REDIS_URL: redisUrl(REDIS_DB),
      AUTH_URL: issuer.url,
      JWT_ISSUER: issuer.issuer,
      JWT_AUDIENCE: issuer.audience,
      BACKGROUND_JOBS: 'true',
      DOMAIN_EVENTS_CONSUMER: 'false',
      RECURRING_CHARGES: 'false',
      EXPO_PUSH_URL: expo.pushUrl,
      LOG_LEVEL: 'warn',
      ...(process.env.BENCH_CPU_PROF
        ? { NODE_OPTIONS: `--cpu-prof --cpu-prof-dir=${process.env.BENCH_CPU_PROF}` }
        : {}),
    },
    readyUrl: `http://127.0.0.1:${PORT}/health`,
  });
  const client = new pg.Client({ connectionString: urls.superuser });
  await client.connect();
  try {
    const started = performance.now();
    await client.query(
      `INSERT INTO outbox_events (id, organization_id, type, payload)
       VALUES ($1, $2, 'event.cancelled', $3)`,
      [
        randomUUID(),
        organizationId,
        JSON.stringify({ eventId, reason: 'Bench', affectedOrders: ATTENDEES }),
      ],
    );
    const written = await waitFor(
      () =>
        countOf(client, `SELECT count(*)::int AS n FROM notifications WHERE organization_id = $1`, [
          organizationId,
        ]),
      (n) => n >= ATTENDEES,
    );
    const writtenAfter = (performance.now() - started) / 1000;
    await waitFor(
      async () => expo.push.messages().length,
      (n) => n >= ATTENDEES,
    );
    const seconds = (performance.now() - started) / 1000;
    return { seconds, writtenAfter, written, pushed: expo.push.messages().length };
  } finally {
    await client.end();
    await server.stop();
    await issuer.close();
  }
}

/** The same writes and sends, bare: one INSERT … SELECT, then requests of 100 to the stand-in. */
async function bare(urls, expo, organizationId, eventId) {
  const client = new pg.Client({ connectionString: urls.app });
  await client.connect();
  try {
    const started = performance.now();
    // As the notifications path would, but as the application role with RLS off for it is not possible:
    // the superuser connection below stands for the path's role (same statement, same indexes).
    const system = new pg.Client({ connectionString: urls.superuser });
    await system.connect();
    const { rows } = await system.query(
      `INSERT INTO notifications (id, organization_id, user_id, kind, title, body, data, transaction_id)
       SELECT gen_random_uuid(), $1, o.user_id, 'EVENT_CANCELLED', 'Evento cancelado', 'Un evento fue cancelado.',
              jsonb_build_object('eventId', $2::text), $3
       FROM (SELECT DISTINCT user_id FROM orders WHERE organization_id = $1 AND event_id = $2 AND status <> 'EXPIRED') o
       ON CONFLICT (user_id, transaction_id) DO NOTHING
       RETURNING user_id`,
      [organizationId, eventId, randomUUID()],
    );
    await system.end();
    const tokens = rows.map((row) => `ExponentPushToken[${row.user_id}]`);
    const before = expo.push.messages().length;
    const batches = [];
    for (let i = 0; i < tokens.length; i += PUSH_BATCH)
      batches.push(tokens.slice(i, i + PUSH_BATCH));
    await Promise.all(
      Array.from({ length: 4 }, async () => {
        for (let batch = batches.shift(); batch; batch = batches.shift()) {
          const response = await fetch(`${expo.pushUrl}/send`, {
            method: 'POST',
            headers: { 'content-type': 'application/json' },
            body: JSON.stringify(
              batch.map((to) => ({
                to,
                title: 'Evento cancelado',
                body: 'Un evento fue cancelado.',
                data: { eventId },
              })),
            ),
          });
          if (!response.ok) throw new Error(`push send ${response.status}`);
          await response.json();
        }
      }),
    );
    const seconds = (performance.now() - started) / 1000;
    return { seconds, written: rows.length, pushed: expo.push.messages().length - before };
  } finally {
    await client.end();
  }
}

export async function run() {
  const urls = await freshDatabase(DATABASE);
  const { organizationId, events } = await seed(urls.superuser);
  const expo = await createExpoPushStandIn({ port: 0 });
  try {
    const api = await throughTheApi(urls, expo, organizationId, events[0].eventId);
    const baseline = await bare(urls, expo, organizationId, events[1].eventId);
    const row = (name, result) => ({
      name: `${name}, ${result.written} in-app + ${result.pushed} push`,
      rps: ATTENDEES / result.seconds,
      p99: '-',
      errors: ATTENDEES - Math.min(result.written, result.pushed),
    });
    report(`notifications fanned out per second: one cancelled event, ${ATTENDEES} attendees`, [
      row('bare SQL insert + Expo requests of 100', baseline),
      row('Management API event.cancelled', api),
    ]);
    console.log(
      `  (the API's in-app notifications were all written after ${api.writtenAfter.toFixed(2)} s of ${api.seconds.toFixed(2)} s)`,
    );
  } finally {
    await expo.close();
  }
}
