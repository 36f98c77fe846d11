// Closed-loop doors for the door benchmark: D workers share one queue of
// tickets, each admitting the next one until none is left, on a keep-alive
// connection. Runs as its own process, pinned to LOAD_CORE by runDoorLoad().
//
//   node bench/lib/door-load.mjs <file holding the JSON config>
//     { "mode": "api", "url": "...", "eventId": "...", "payloads": ["..."], "tokens": ["..."] }
//     { "mode": "sql", "databaseUrl": "...", "organizationId": "...", "eventId": "...", "codes": ["..."], "doors": ["..."] }
//
// Prints one JSON line: { admissions, seconds, rps, p99, errors }.
import { randomUUID } from 'node:crypto';
import { Agent } from 'node:http';
import pg from 'pg';
import { printFigures, pinnedConfig, post, runPinned } from './closed-loop.mjs';

const MUTATION =
  'mutation ($input: CheckInTicketInput!) { checkInTicket(input: $input) { firstScan } }';

/** One scan through the API: 'ok' or an error. */
function viaApi(config) {
  const agent = new Agent({ keepAlive: true, maxSockets: config.tokens.length });
  return async (worker, index) => {
    const body = JSON.stringify({
      query: MUTATION,
      variables: {
        input: { eventId: config.eventId, payload: config.payloads[index], nonce: randomUUID() },
      },
    });
    const text = await post(agent, `${config.url}/graphql`, config.tokens[worker], body);
    return JSON.parse(text).data?.checkInTicket?.firstScan ? 'ok' : `error ${text.slice(0, 200)}`;
  };
}

/**
 * The same admission as one bare transaction through pg, under the same
 * row-level security: the door's settings, the ticket's conditional update
 * and the check-in record.
 */
function viaSql(config) {
  const pool = new pg.Pool({ connectionString: config.databaseUrl, max: config.doors.length });
  return async (worker, index) => {
    const client = await pool.connect();
    const door = config.doors[worker];
    try {
      await client.query('BEGIN');
      await client.query(
        "SELECT set_config('app.organization_id', $1, true), set_config('app.user_id', $2, true), set_config('app.role', 'user', true)",
        [config.organizationId, door],
      );
      const { rows } = await client.query(
        `UPDATE tickets SET status = 'CHECKED_IN', checked_in_at = now(), checked_in_by = $4, updated_at = now()
          WHERE organization_id = $1 AND event_id = $2 AND code = $3 AND status = 'VALID'
         RETURNING id, user_id`,
        [config.organizationId, config.eventId, config.codes[index], door],
      );
      if (rows.length !== 1) throw new Error('not admitted');
      await client.query(
        `INSERT INTO check_ins (id, organization_id, user_id, event_id, ticket_id, nonce, source, outcome, scanned_at, actor_id)
         VALUES ($1, $2, $3, $4, $5, $6, 'ONLINE', 'ADMITTED', now(), $7)`,
        [
          randomUUID(),
          config.organizationId,
          rows[0].user_id,
          config.eventId,
          rows[0].id,
          randomUUID(),
          door,
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
  const scan = config.mode === 'sql' ? viaSql(config) : viaApi(config);
  const total = (config.payloads ?? config.codes).length;
  const workers = (config.tokens ?? config.doors).length;
  const latencies = [];
  let next = 0;
  let errors = 0;
  let lastError;
  const started = performance.now();
  await Promise.all(
    Array.from({ length: workers }, async (_, worker) => {
      while (next < total) {
        const index = next++;
        const begun = performance.now();
        const outcome = await scan(worker, index).catch((error) => `error ${error.message}`);
        if (outcome === 'ok') latencies.push(performance.now() - begun);
        else {
          errors++;
          lastError = outcome;
        }
      }
    }),
  );
  printFigures('admissions', latencies, started, errors, lastError);
}

/** Runs the doors pinned to the load core; resolves to their figures. */
export function runDoorLoad(config, loadCore) {
  return runPinned(import.meta.url, config, loadCore);
}

const config = pinnedConfig(import.meta.url);
if (config) await main(config);
