// Manual gifts to one published campaign from BENCH_DONATIONS_DONORS
// concurrent signed-in donors for BENCH_DURATION seconds: the Management
// API's donate next to a bare SQL transaction doing the same writes (the
// campaign read, the idempotency claim, the donation and its payment) through
// pg under the same row-level security, on another campaign of the same database.
import { randomBytes, randomUUID } from 'node:crypto';
import pg from 'pg';
import { freshDatabase } from '../lib/bench-database.mjs';
import { DURATION_S, LOAD_CORE, report, startServer } from '../lib/harness.mjs';
import { runDonationsLoad } from '../lib/donations-load.mjs';
import { startJwksIssuer } from '../lib/jwks-issuer.mjs';
import { redisUrl } from '../lib/local-stack.mjs';

const DATABASE = 'trivance_bench_donations';
const DONORS = Number(process.env.BENCH_DONATIONS_DONORS ?? 32);
const PORT = 3842;

async function createCampaigns(superuserUrl) {
  const client = new pg.Client({ connectionString: superuserUrl });
  await client.connect();
  try {
    const organizationId = randomUUID();
    await client.query(
      "INSERT INTO organizations (id, name, slug, updated_at) VALUES ($1, 'Bench', $2, now())",
      [organizationId, `bench-${organizationId.slice(0, 8)}`],
    );
    const campaigns = [];
    for (const title of ['Ours', 'Bare']) {
      const id = randomUUID();
      await client.query(
        `INSERT INTO campaigns (id, organization_id, status, title, currency, public_since, updated_at)
         VALUES ($1, $2, 'PUBLISHED', $3, 'COP', now(), now())`,
        [id, organizationId, title],
      );
      campaigns.push(id);
    }
    return { organizationId, campaigns };
  } finally {
    await client.end();
  }
}

async function giftsOf(superuserUrl, campaignId) {
  const client = new pg.Client({ connectionString: superuserUrl });
  await client.connect();
  try {
    const { rows } = await client.query(
      'SELECT count(*)::int AS gifts, count(DISTINCT p.id)::int AS payments FROM donations d JOIN payments p ON p.donation_id = d.id WHERE d.campaign_id = $1',
      [campaignId],
    );
    return rows[0];
  } finally {
    await client.end();
  }
}

export async function run() {
  const urls = await freshDatabase(DATABASE);
  const { organizationId, campaigns } = await createCampaigns(urls.superuser);
  const [ours, bare] = campaigns;
  const issuer = await startJwksIssuer();
  const donors = Array.from({ length: DONORS }, () => randomBytes(12).toString('hex'));
  const tokens = await Promise.all(donors.map((sub) => issuer.mint({ sub, role: undefined })));
  try {
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
        DATABASE_POOL_SIZE: String(DONORS),
        REDIS_URL: redisUrl(10),
        AUTH_URL: issuer.url,
        JWT_ISSUER: issuer.issuer,
        JWT_AUDIENCE: issuer.audience,
        BACKGROUND_JOBS: 'false',
        DOMAIN_EVENTS_CONSUMER: 'false',
        GRAPHQL_COST_PER_MINUTE: String(1e12),
        GRAPHQL_MUTATIONS_PER_MINUTE: String(1e12),
        LOG_LEVEL: 'warn',
        ...(process.env.BENCH_CPU_PROF
          ? { NODE_OPTIONS: `--cpu-prof --cpu-prof-dir=${process.env.BENCH_CPU_PROF}` }
          : {}),
      },
      readyUrl: `http://127.0.0.1:${PORT}/health`,
    });
    const api = await runDonationsLoad(
      {
        mode: 'api',
        url: `http://127.0.0.1:${PORT}`,
        campaignId: ours,
        tokens,
        seconds: DURATION_S,
      },
      LOAD_CORE,
    );
    await server.stop();
    const sql = await runDonationsLoad(
      {
        mode: 'sql',
        databaseUrl: urls.app,
        organizationId,
        campaignId: bare,
        donors,
        seconds: DURATION_S,
      },
      LOAD_CORE,
    );
    const [oursStored, bareStored] = await Promise.all([
      giftsOf(urls.superuser, ours),
      giftsOf(urls.superuser, bare),
    ]);
    report(`donate: manual gifts to one campaign, ${DONORS} concurrent donors, ${DURATION_S}s`, [
      {
        name: `bare SQL transaction (pg), ${bareStored.gifts} gifts stored`,
        rps: sql.rps,
        p99: sql.p99,
        errors: sql.errors,
      },
      {
        name: `Management API donate, ${oursStored.gifts} gifts stored`,
        rps: api.rps,
        p99: api.p99,
        errors: api.errors,
      },
    ]);
    if (api.lastError) console.log(`  last API error: ${api.lastError}`);
    if (oursStored.gifts !== oursStored.payments) {
      throw new Error(`gifts and payments disagree: ${JSON.stringify(oursStored)}`);
    }
  } finally {
    await issuer.close();
  }
}
