import { createServer, type Server } from 'node:http';
import { once } from 'node:events';
import { createWompiStandIn, type WompiStandIn } from '@trivance/wompi-stand-in';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { RecurringCharges } from '../src/donations/recurring/recurring-charges.system-path.js';
import { startApiProcess } from './support/api-process.js';
import { endUser, staffMember } from './support/auth-service.js';
import { donate, openCampaign } from './support/donations.js';
import { eventually } from './support/eventually.js';
import { freePort } from './support/ports.js';
import { type RunningApp, startApp } from './support/running-app.js';
import { createOrganization } from './support/tenants.js';
import { TEST_DATABASE, testConfig, withSuperuser } from './support/test-env.js';
import {
  APPROVED_CARD,
  registerPlatformMerchant,
  standInSettings,
  tokenizedCard,
} from './support/wompi.js';

const GIFTS = 12;
const MONTHLY = 2_500_000;

/**
 * Wompi's API in front of the stand-in, holding the answer to the n-th
 * charge: the charge reaches the provider, and the caller is killed before it
 * hears back (the worst moment to die).
 */
async function provider(target: string, holdChargeNumber: number) {
  let charges = 0;
  let reached!: () => void;
  const held = new Promise<void>((resolve) => (reached = resolve));
  const server: Server = createServer(async (request, response) => {
    const chunks: Buffer[] = [];
    for await (const chunk of request) chunks.push(chunk as Buffer);
    const upstream = await fetch(`${target}${request.url}`, {
      method: request.method,
      headers: Object.fromEntries(
        Object.entries(request.headers).filter(([name]) =>
          ['authorization', 'content-type', 'accept'].includes(name),
        ),
      ) as Record<string, string>,
      body: chunks.length > 0 ? Buffer.concat(chunks) : undefined,
    });
    const body = await upstream.text();
    if (
      request.method === 'POST' &&
      request.url === '/v1/transactions' &&
      ++charges >= holdChargeNumber
    ) {
      reached();
      return; // never answered
    }
    response.writeHead(upstream.status, { 'content-type': 'application/json' }).end(body);
  });
  server.listen(0, '127.0.0.1');
  await once(server, 'listening');
  const { port } = server.address() as { port: number };
  return {
    url: `http://127.0.0.1:${port}`,
    held,
    close: () => {
      server.closeAllConnections();
      server.close();
    },
  };
}

describe('a charge run killed with SIGKILL', () => {
  let standIn: WompiStandIn;
  let app: RunningApp;

  beforeAll(async () => {
    standIn = await createWompiStandIn({ transitionDelayMs: 10 });
    app = await startApp(testConfig(standInSettings(standIn)));
    registerPlatformMerchant(standIn, app);
  }, 60_000);
  afterAll(async () => {
    await app.close();
    await standIn.close();
  });

  /** Every transaction the provider holds for a gift's month, as Wompi's API lists them. */
  const transactionsOf = async (reference: string) => {
    const { data } = await fetch(`${standIn.apiUrl}/transactions?reference=${reference}`, {
      headers: { authorization: `Bearer ${testConfig().WOMPI_PRIVATE_KEY}` },
    }).then((r) => r.json() as Promise<{ data: { status: string }[] }>);
    return data;
  };

  it('charges no donor twice: the charge it sent is recognised, the ones it had not sent are sent once', async () => {
    const organization = await createOrganization('charge-crash');
    const editor = await staffMember(organization.id, 'moderator');
    const campaign = await openCampaign(app, editor);
    const donors = await Promise.all(
      Array.from({ length: GIFTS }, (_, i) => endUser(`charge-crash-${i}`)),
    );
    const gifts: string[] = [];
    for (const donor of donors) {
      const given = await donate(app, donor, {
        campaignId: campaign.id,
        amount: { amount: MONTHLY, currency: 'COP' },
        frequency: 'MONTHLY',
        paymentSource: await tokenizedCard(standIn.apiUrl, APPROVED_CARD),
      });
      expect(given.errors).toBeUndefined();
      gifts.push(given.data!.donate.recurring!.id);
    }
    // Every first month paid; then a month passes for all of them.
    await eventually(
      () => monthsPaid(gifts, 1),
      (paid) => paid === GIFTS,
      60_000,
    );
    await withSuperuser(TEST_DATABASE, (db) =>
      db.query(
        `UPDATE recurring_donations SET cycle_due_at = now() - interval '1 minute', next_charge_at = now() - interval '1 minute'
         WHERE id = ANY($1::uuid[])`,
        [gifts],
      ),
    );

    // An instance whose charge run dies on the fifth charge, after the provider took it.
    const front = await provider(standIn.url, 5);
    const doomed = await startApiProcess(await freePort(), {
      // Only the charge run: no relay or consumers to take other specs' events down with it.
      DOMAIN_EVENTS_CONSUMER: 'false',
      BACKGROUND_JOBS: 'false',
      RECURRING_CHARGES: 'true',
      RECURRING_CHARGE_INTERVAL_SECONDS: '0.2',
      WOMPI_API_URL: `${front.url}/v1`,
    });
    await Promise.race([
      front.held,
      new Promise((_, reject) =>
        setTimeout(
          () => reject(new Error('the charge run never reached its fifth charge')),
          30_000,
        ),
      ),
    ]);
    await doomed.kill('SIGKILL');
    front.close();

    const attempts = await attemptsOf(gifts);
    expect(attempts.started).toBeGreaterThanOrEqual(5);
    expect(attempts.started).toBeLessThan(GIFTS + 1);

    // The next run (here, another instance a while later) finishes the job.
    const charges = app.app.get(RecurringCharges);
    await charges.run(new Date(Date.now() + 60_000));
    await eventually(
      () => monthsPaid(gifts, 2),
      (paid) => paid === GIFTS,
      60_000,
    );
    // One payment and one provider transaction per donor for the second month.
    const second = await withSuperuser(TEST_DATABASE, async (db) => {
      const { rows } = await db.query<{ reference: string }>(
        `SELECT p.reference FROM payments p JOIN donations d ON d.id = p.donation_id
         WHERE d.recurring_donation_id = ANY($1::uuid[]) AND d.cycle = 2`,
        [gifts],
      );
      return rows.map((row) => row.reference);
    });
    expect(second).toHaveLength(GIFTS);
    for (const reference of second) {
      const transactions = await transactionsOf(reference);
      expect(transactions.map((transaction) => transaction.status)).toEqual(['APPROVED']);
    }
  }, 120_000);
});

function monthsPaid(gifts: string[], cycle: number): Promise<number> {
  return withSuperuser(TEST_DATABASE, async (db) => {
    const { rows } = await db.query<{ paid: number }>(
      `SELECT count(*)::int AS paid FROM donations
       WHERE recurring_donation_id = ANY($1::uuid[]) AND cycle = $2 AND status = 'SUCCEEDED'`,
      [gifts, cycle],
    );
    return rows[0]!.paid;
  });
}

function attemptsOf(gifts: string[]): Promise<{ started: number }> {
  return withSuperuser(TEST_DATABASE, async (db) => {
    const { rows } = await db.query<{ started: number }>(
      `SELECT count(*)::int AS started FROM payments p JOIN donations d ON d.id = p.donation_id
       WHERE d.recurring_donation_id = ANY($1::uuid[]) AND d.cycle = 2`,
      [gifts],
    );
    return rows[0]!;
  });
}
