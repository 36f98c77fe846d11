// Closed-loop senders for the payments benchmark: S workers share one queue
// of signed Wompi `transaction.updated` events (one per pending payment),
// each delivering the next one until none is left, on a keep-alive
// connection. The first `warmup` events are delivered before the clock
// starts (their errors are counted too). Runs as its own process, pinned to LOAD_CORE by runWebhookLoad().
//
//   node bench/lib/webhook-load.mjs <file holding the JSON config>
//     { "mode": "api", "url": "...", "senders": 8, "warmup": 100, "bodies": ["<raw JSON>", ...] }
//     { "mode": "sql", "databaseUrl": "...", "senders": 8, "warmup": 100, "bodies": ["..."],
//       "role": "trivance_payments", "fee": { "basisPoints": 315, "fixed": 83300 },
//       "organizationName": "..." }
//
// Prints one JSON line: { events, seconds, rps, p99, errors, lastError }.
import { createHash, randomBytes, randomUUID } from 'node:crypto';
import { Agent, request } from 'node:http';
import pg from 'pg';
import { pinnedConfig, printFigures, runPinned } from './closed-loop.mjs';

/** One delivery through the Management API's webhook: 'ok' or an error. */
function viaApi(config) {
  const agent = new Agent({ keepAlive: true, maxSockets: config.senders });
  const url = `${config.url}/api/payments/webhooks/wompi`;
  return (body) =>
    new Promise((resolve) => {
      const req = request(url, {
        method: 'POST',
        agent,
        headers: {
          'content-type': 'application/json',
          'content-length': Buffer.byteLength(body),
        },
      });
      req.on('response', (res) => {
        let text = '';
        res.on('data', (chunk) => (text += chunk));
        res.on('end', () =>
          resolve(res.statusCode === 200 ? 'ok' : `error ${res.statusCode} ${text.slice(0, 200)}`),
        );
      });
      req.on('error', (error) => resolve(`error ${error.message}`));
      req.end(body);
    });
}

const CODE = '0123456789ABCDEFGHJKMNPQRSTVWXYZ';
const code = () => [...randomBytes(24)].map((byte) => CODE[byte & 31]).join('');
const fee = (amount, terms) => {
  const proportional = (amount * BigInt(terms.basisPoints) + 5_000n) / 10_000n;
  const total = proportional + BigInt(terms.fixed);
  return total > amount ? amount : total;
};

/**
 * The same booking as one bare transaction through pg, connected as the
 * system login in the payments path's role and then under the payment's
 * organization, as the API works: the event stored by its body's hash, the
 * payment locked by reference, payment and order updated, the tickets, the
 * two ledger groups (payment, fee), order.paid, the seats from held to sold,
 * the event marked processed, and the audit entries of storing and settling.
 */
function viaSql(config) {
  const pool = new pg.Pool({ connectionString: config.databaseUrl, max: config.senders });
  return async (body) => {
    const event = JSON.parse(body);
    const transaction = event.data.transaction;
    const client = await pool.connect();
    try {
      await client.query('BEGIN');
      await client.query(`SET LOCAL ROLE "${config.role}"`);
      const eventId = randomUUID();
      const stored = await client.query(
        `INSERT INTO payment_events (id, body_hash, source, merchant_organization_id,
           provider_transaction_id, transaction_status, reference, amount_in_cents, currency,
           event_timestamp, body)
         VALUES ($1, $2, 'WEBHOOK', NULL, $3, $4, $5, $6, $7, to_timestamp($8), $9)
         ON CONFLICT (body_hash) DO NOTHING RETURNING id`,
        [
          eventId,
          createHash('sha256').update(body).digest('hex'),
          transaction.id,
          transaction.status,
          transaction.reference,
          transaction.amount_in_cents,
          transaction.currency,
          event.timestamp,
          body,
        ],
      );
      if (stored.rows.length !== 1) throw new Error('stored before');
      const {
        rows: [payment],
      } = await client.query(
        `SELECT id, organization_id, order_id, amount, currency, status FROM payments
          WHERE reference = $1 AND provider = 'WOMPI' FOR UPDATE`,
        [transaction.reference],
      );
      if (!payment || payment.status !== 'PENDING') throw new Error('no pending payment');
      if (BigInt(payment.amount) !== BigInt(transaction.amount_in_cents)) {
        throw new Error('amount mismatch');
      }
      await client.query(
        "SELECT set_config('app.organization_id', $1, true), set_config('app.user_id', '', true), set_config('app.role', '', true)",
        [payment.organization_id],
      );
      const paymentFee = fee(BigInt(payment.amount), config.fee);
      await client.query(
        `UPDATE payments SET status = 'APPROVED', provider_transaction_id = $2, fee = $3,
                settled_at = now(), next_check_at = NULL, updated_at = now()
          WHERE id = $1`,
        [payment.id, transaction.id, paymentFee],
      );
      const {
        rows: [order],
      } = await client.query(
        `UPDATE orders SET status = 'PAID', paid_at = now(), expires_at = NULL, updated_at = now()
          WHERE id = $1 AND status = 'PENDING'
         RETURNING id, user_id, event_id, buyer_email, buyer_name, total, currency`,
        [payment.order_id],
      );
      if (!order) throw new Error('order not pending');
      const { rows: lines } = await client.query(
        `SELECT item.ticket_type_id, item.quantity, type.name, e.title, e.starts_at, e.timezone
           FROM order_items item JOIN ticket_types type ON type.id = item.ticket_type_id
           JOIN events e ON e.id = type.event_id
          WHERE item.order_id = $1 ORDER BY item.ticket_type_id`,
        [order.id],
      );
      const tickets = lines.flatMap((line) =>
        Array.from({ length: line.quantity }, () => ({
          id: randomUUID(),
          code: code(),
          ticketTypeId: line.ticket_type_id,
          ticketTypeName: line.name,
        })),
      );
      await client.query(
        `INSERT INTO tickets (id, organization_id, user_id, order_id, event_id, ticket_type_id, code,
                              holder_name, holder_email, updated_at)
         SELECT t.id, $1, $2, $3, $4, t.type, t.code, $5, $6, now()
           FROM unnest($7::uuid[], $8::uuid[], $9::text[]) AS t(id, type, code)`,
        [
          payment.organization_id,
          order.user_id,
          order.id,
          order.event_id,
          order.buyer_name,
          order.buyer_email,
          tickets.map((ticket) => ticket.id),
          tickets.map((ticket) => ticket.ticketTypeId),
          tickets.map((ticket) => ticket.code),
        ],
      );
      const paymentGroup = randomUUID();
      const feeGroup = randomUUID();
      await client.query(
        `INSERT INTO ledger_entries (id, organization_id, group_id, account, amount, currency, kind, order_id, payment_id)
         VALUES ($1, $5, $9, 'CASH', $7, $6, 'PAYMENT', $11, $12),
                ($2, $5, $9, 'TICKET_SALES', -$7::bigint, $6, 'PAYMENT', $11, $12),
                ($3, $5, $10, 'FEES', $8, $6, 'FEE', $11, $12),
                ($4, $5, $10, 'CASH', -$8::bigint, $6, 'FEE', $11, $12)`,
        [
          randomUUID(),
          randomUUID(),
          randomUUID(),
          randomUUID(),
          payment.organization_id,
          payment.currency,
          payment.amount,
          paymentFee,
          paymentGroup,
          feeGroup,
          order.id,
          payment.id,
        ],
      );
      const [first] = lines;
      await client.query(
        `INSERT INTO outbox_events (id, organization_id, user_id, type, payload)
         VALUES ($1, $2, $3, 'order.paid', $4)`,
        [
          randomUUID(),
          payment.organization_id,
          order.user_id,
          JSON.stringify({
            orderId: order.id,
            eventId: order.event_id,
            eventTitle: first.title,
            startsAt: first.starts_at.toISOString(),
            timezone: first.timezone,
            venue: null,
            organizationName: config.organizationName,
            buyerEmail: order.buyer_email,
            buyerName: order.buyer_name,
            total: String(order.total),
            currency: order.currency,
            tickets: tickets.map((ticket) => ({
              id: ticket.id,
              code: ticket.code,
              holderName: order.buyer_name,
              ticketTypeName: ticket.ticketTypeName,
            })),
          }),
        ],
      );
      await client.query(
        `UPDATE seat_pools AS pool SET held = pool.held - change.quantity, sold = pool.sold + change.quantity
           FROM unnest($1::uuid[], $2::int[]) AS change(id, quantity)
          WHERE pool.id = change.id`,
        [
          [order.event_id, ...lines.map((line) => line.ticket_type_id)],
          [tickets.length, ...lines.map((line) => line.quantity)],
        ],
      );
      await client.query(
        `UPDATE payment_events SET processed_at = now(), outcome = 'APPLIED', organization_id = $2,
                payment_id = $3
          WHERE id = $1`,
        [eventId, payment.organization_id, payment.id],
      );
      await client.query(
        `INSERT INTO system_audit_log (id, path, actor, reason, detail, rows_touched)
         VALUES ($1, 'payments.webhooks', 'wompi', 'store a provider event before processing it', $3, 1),
                ($2, 'payments.webhooks', 'payments', 'settle a provider event on the payment it is about', $4, 1)`,
        [
          randomUUID(),
          randomUUID(),
          JSON.stringify({ transactionId: transaction.id, status: transaction.status }),
          JSON.stringify({ eventId }),
        ],
      );
      await client.query('COMMIT');
      return 'ok';
    } catch (error) {
      await client.query('ROLLBACK').catch(() => undefined);
      return `error ${error.message}`;
    } finally {
      client.release();
    }
  };
}

async function main(config) {
  const deliver = config.mode === 'sql' ? viaSql(config) : viaApi(config);
  const { bodies, senders, warmup = 0 } = config;
  let errors = 0;
  let lastError;
  const drain = async (from, to, latencies) => {
    let next = from;
    await Promise.all(
      Array.from({ length: senders }, async () => {
        while (next < to) {
          const body = bodies[next++];
          const begun = performance.now();
          const outcome = await deliver(body).catch((error) => `error ${error.message}`);
          if (outcome === 'ok') latencies?.push(performance.now() - begun);
          else {
            errors++;
            lastError = outcome;
          }
        }
      }),
    );
  };
  await drain(0, Math.min(warmup, bodies.length));
  const latencies = [];
  const started = performance.now();
  await drain(Math.min(warmup, bodies.length), bodies.length, latencies);
  printFigures('events', latencies, started, errors, lastError);
}

/** Runs the senders pinned to the load core; resolves to their figures. */
export function runWebhookLoad(config, loadCore) {
  return runPinned(import.meta.url, config, loadCore);
}

const config = pinnedConfig(import.meta.url);
if (config) await main(config);
