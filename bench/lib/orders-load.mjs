// Closed-loop buyers for the orders benchmark: C workers each order one seat
// at a time, on a keep-alive connection, until the event answers SOLD_OUT.
// Runs as its own process, pinned to LOAD_CORE by runOrdersLoad().
//
//   node bench/lib/orders-load.mjs <file holding the JSON config>
//     { "mode": "api", "url": "...", "eventId": "...", "ticketTypeId": "...", "tokens": ["..."] }
//     { "mode": "sql", "databaseUrl": "...", "eventId": "...", "ticketTypeId": "...", "organizationId": "...", "buyers": ["..."] }
//
// Prints one JSON line: { orders, seconds, rps, p99, errors }.
import { randomBytes, randomUUID } from 'node:crypto';
import { Agent } from 'node:http';
import pg from 'pg';
import { printFigures, pinnedConfig, post, runPinned } from './closed-loop.mjs';

const MUTATION = 'mutation ($input: OrderTicketsInput!) { orderTickets(input: $input) { id } }';

/** One order through the API: 'ok', 'sold-out' or 'error'. */
function viaApi(config) {
  const agent = new Agent({ keepAlive: true, maxSockets: config.tokens.length });
  return async (worker) => {
    const body = JSON.stringify({
      query: MUTATION,
      variables: {
        input: {
          eventId: config.eventId,
          items: [{ ticketTypeId: config.ticketTypeId, quantity: 1 }],
          idempotencyKey: randomUUID(),
        },
      },
    });
    const text = await post(agent, `${config.url}/graphql`, config.tokens[worker], body);
    const json = JSON.parse(text);
    if (json.data?.orderTickets) return 'ok';
    return json.errors?.[0]?.extensions?.reason === 'SOLD_OUT'
      ? 'sold-out'
      : `error ${text.slice(0, 200)}`;
  };
}

const CODE = '0123456789ABCDEFGHJKMNPQRSTVWXYZ';
const code = () => [...randomBytes(24)].map((byte) => CODE[byte & 31]).join('');

/**
 * The same order as one bare transaction through pg, under the same
 * row-level security: the settings, the buyer's lock, the order, its item,
 * its ticket and outbox event, then the seats, in that order.
 */
function viaSql(config) {
  const pool = new pg.Pool({ connectionString: config.databaseUrl, max: config.buyers.length });
  return async (worker) => {
    const client = await pool.connect();
    const buyer = config.buyers[worker];
    const orderId = randomUUID();
    try {
      await client.query('BEGIN');
      await client.query(
        "SELECT set_config('app.organization_id', '', true), set_config('app.user_id', $1, true), set_config('app.role', '', true)",
        [buyer],
      );
      await client.query('SELECT pg_advisory_xact_lock(hashtextextended($1, 0))', [
        `buyer-orders:${buyer}:${config.eventId}`,
      ]);
      await client.query(
        `INSERT INTO orders (id, organization_id, user_id, event_id, status, buyer_email, buyer_name, currency, subtotal, total, paid_at, updated_at)
         VALUES ($1, $2, $3, $4, 'PAID', $5, 'Buyer', 'COP', 0, 0, now(), now())`,
        [orderId, config.organizationId, buyer, config.eventId, `${buyer}@bench.test`],
      );
      await client.query(
        `INSERT INTO order_items (id, organization_id, user_id, order_id, ticket_type_id, quantity, unit_price)
         VALUES ($1, $2, $3, $4, $5, 1, 0)`,
        [randomUUID(), config.organizationId, buyer, orderId, config.ticketTypeId],
      );
      await client.query(
        `INSERT INTO tickets (id, organization_id, user_id, order_id, event_id, ticket_type_id, code, holder_name, holder_email, updated_at)
         VALUES ($1, $2, $3, $4, $5, $6, $7, 'Buyer', $8, now())`,
        [
          randomUUID(),
          config.organizationId,
          buyer,
          orderId,
          config.eventId,
          config.ticketTypeId,
          code(),
          `${buyer}@bench.test`,
        ],
      );
      await client.query(
        `INSERT INTO outbox_events (id, organization_id, user_id, type, payload) VALUES ($1, $2, $3, 'order.paid', $4)`,
        [randomUUID(), config.organizationId, buyer, JSON.stringify({ orderId })],
      );
      await client.query('UPDATE seat_pools SET sold = sold + 1 WHERE id = $1', [config.eventId]);
      await client.query('UPDATE seat_pools SET sold = sold + 1 WHERE id = $1', [
        config.ticketTypeId,
      ]);
      await client.query('COMMIT');
      return 'ok';
    } catch (error) {
      await client.query('ROLLBACK').catch(() => undefined);
      return error.code === '23514' ? 'sold-out' : `error ${error.message}`;
    } finally {
      client.release();
    }
  };
}

async function main(config) {
  const order = config.mode === 'sql' ? viaSql(config) : viaApi(config);
  const workers = (config.tokens ?? config.buyers).length;
  const latencies = [];
  let errors = 0;
  let lastError;
  const started = performance.now();
  await Promise.all(
    Array.from({ length: workers }, async (_, worker) => {
      for (;;) {
        const begun = performance.now();
        const outcome = await order(worker).catch((error) => `error ${error.message}`);
        if (outcome === 'sold-out') return;
        if (outcome === 'ok') latencies.push(performance.now() - begun);
        else if (++errors > 1000) return;
        else lastError = outcome;
      }
    }),
  );
  printFigures('orders', latencies, started, errors, lastError);
}

/** Runs the buyers pinned to the load core; resolves to their figures. */
export function runOrdersLoad(config, loadCore) {
  return runPinned(import.meta.url, config, loadCore);
}

const config = pinnedConfig(import.meta.url);
if (config) await main(config);
