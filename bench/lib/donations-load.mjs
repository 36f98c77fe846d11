// Closed-loop donors for the donations benchmark: C workers each give one
// manual gift at a time to one campaign, on a keep-alive connection, for
// DURATION seconds. Runs as its own process, pinned to LOAD_CORE by runDonationsLoad().
//
//   node bench/lib/donations-load.mjs <file holding the JSON config>
//     { "mode": "api", "url": "...", "campaignId": "...", "tokens": ["..."], "seconds": 10 }
//     { "mode": "sql", "databaseUrl": "...", "campaignId": "...", "organizationId": "...", "donors": ["..."], "seconds": 10 }
//
// Prints one JSON line: { donations, seconds, rps, p99, errors }.
import { createHash, randomBytes, randomUUID } from 'node:crypto';
import { Agent } from 'node:http';
import pg from 'pg';
import { printFigures, pinnedConfig, post, runPinned } from './closed-loop.mjs';

const MUTATION = 'mutation ($input: DonateInput!) { donate(input: $input) { id status } }';
const GIFT = 5_000_000;

function viaApi(config) {
  const agent = new Agent({ keepAlive: true, maxSockets: config.tokens.length });
  return async (worker) => {
    const body = JSON.stringify({
      query: MUTATION,
      variables: {
        input: {
          campaignId: config.campaignId,
          amount: { amount: GIFT, currency: 'COP' },
          frequency: 'ONE_TIME',
          paymentProvider: 'MANUAL',
          idempotencyKey: randomUUID(),
        },
      },
    });
    const text = await post(agent, `${config.url}/graphql`, config.tokens[worker], body);
    return JSON.parse(text).data?.donate ? 'ok' : `error ${text.slice(0, 200)}`;
  };
}

const sha256 = (value) => createHash('sha256').update(value).digest('hex');

/**
 * The same gift as one bare transaction through pg, under the same
 * row-level security: the settings, the campaign read, the idempotency
 * claim, the donation and its payment.
 */
function viaSql(config) {
  const pool = new pg.Pool({ connectionString: config.databaseUrl, max: config.donors.length });
  return async (worker) => {
    const client = await pool.connect();
    const donor = config.donors[worker];
    const donationId = randomUUID();
    try {
      await client.query('BEGIN');
      await client.query(
        "SELECT set_config('app.organization_id', '', true), set_config('app.user_id', $1, true), set_config('app.role', '', true)",
        [donor],
      );
      await client.query(
        "SELECT id, organization_id, currency, minimum_amount FROM campaigns WHERE id = $1 AND status = 'PUBLISHED'",
        [config.campaignId],
      );
      await client.query(
        `INSERT INTO idempotency_records (organization_id, key_hash, user_id, operation, request_hash, result, expires_at)
         VALUES ($1, $2, $3, 'donate', $4, $5, now() + interval '24 hours')`,
        [
          config.organizationId,
          sha256(randomUUID()),
          donor,
          sha256(donationId),
          JSON.stringify({ json: { donationId } }),
        ],
      );
      await client.query(
        `INSERT INTO donations (id, organization_id, user_id, campaign_id, frequency, amount, total, currency,
           donor_email, donor_name, updated_at)
         VALUES ($1, $2, $3, $4, 'ONE_TIME', $5, $5, 'COP', $6, 'Donor', now())`,
        [donationId, config.organizationId, donor, config.campaignId, GIFT, `${donor}@bench.test`],
      );
      await client.query(
        `INSERT INTO payments (id, organization_id, user_id, donation_id, provider, amount, currency, reference, updated_at)
         VALUES ($1, $2, $3, $4, 'MANUAL', $5, 'COP', $6, now())`,
        [
          randomUUID(),
          config.organizationId,
          donor,
          donationId,
          GIFT,
          `TRV-${randomBytes(10).toString('hex').toUpperCase()}`,
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
  const give = config.mode === 'sql' ? viaSql(config) : viaApi(config);
  const workers = (config.tokens ?? config.donors).length;
  const latencies = [];
  let errors = 0;
  let lastError;
  const warmupEnds = performance.now() + 2000;
  const ends = warmupEnds + config.seconds * 1000;
  // Two seconds of warm-up are given and not counted.
  const started = warmupEnds;
  await Promise.all(
    Array.from({ length: workers }, async (_, worker) => {
      while (performance.now() < ends) {
        const begun = performance.now();
        const outcome = await give(worker).catch((error) => `error ${error.message}`);
        if (begun < warmupEnds) continue;
        if (outcome === 'ok') latencies.push(performance.now() - begun);
        else if (++errors > 1000) return;
        else lastError = outcome;
      }
    }),
  );
  printFigures('donations', latencies, started, errors, lastError);
}

/** Runs the donors pinned to the load core; resolves to their figures. */
export function runDonationsLoad(config, loadCore) {
  return runPinned(import.meta.url, config, loadCore);
}

const config = pinnedConfig(import.meta.url);
if (config) await main(config);
