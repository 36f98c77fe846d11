import { createHash } from 'node:crypto';
import { setTimeout as sleep } from 'node:timers/promises';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { PaymentInbox } from '../src/payments/inbox/payment-inbox.system-path.js';
import { startApiProcess } from './support/api-process.js';
import { endUser, steppedUpStaff } from './support/auth-service.js';
import { createTestEvent } from './support/catalog.js';
import { freePort } from './support/ports.js';
import { type RunningApp, startApp } from './support/running-app.js';
import { expectConsistent, seatsOf } from './support/seats.js';
import { createOrganization } from './support/tenants.js';
import { TEST_DATABASE, testConfig, withSuperuser } from './support/test-env.js';
import { moneyOf, signedEvent, wompiOrder, type WompiOrderView } from './support/wompi.js';

const PRICE = 2_000_000;
const ORDERS = 30;

const post = (url: string, body: string) =>
  fetch(`${url}/api/payments/webhooks/wompi`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body,
  }).then(
    async (response) => {
      await response.body?.cancel();
      return response.status;
    },
    () => 0,
  );

/** SIGKILL of the API while Wompi's events arrive: nothing lost, nothing booked twice. */
describe('a killed API receiving webhooks', () => {
  let survivor: RunningApp;
  let orders: WompiOrderView[];
  let eventId: string;

  beforeAll(async () => {
    survivor = await startApp(testConfig({ BACKGROUND_JOBS: 'false' }));
    const organization = await createOrganization('webhook-crash');
    const admin = await steppedUpStaff(organization.id);
    const event = await createTestEvent(survivor, admin, {
      types: [{ quantity: ORDERS, price: PRICE }],
    });
    eventId = event.id;
    const buyers = await Promise.all(
      Array.from({ length: ORDERS / 3 }, (_, i) => endUser(`webhook-crash-${i}`)),
    );
    orders = [];
    for (let i = 0; i < ORDERS; i++) {
      orders.push(
        await wompiOrder(survivor, buyers[i % buyers.length]!, event.id, event.ticketTypeIds[0]!),
      );
    }
  }, 120_000);
  afterAll(() => survivor.close());

  it('keeps every acknowledged event and books each payment once after the provider retries', async () => {
    const bodies = orders.map((order) =>
      JSON.stringify(
        signedEvent({
          status: 'APPROVED',
          amount_in_cents: PRICE,
          reference: order.payment!.reference,
        }),
      ),
    );
    const doomed = await startApiProcess(await freePort(), { BACKGROUND_JOBS: 'false' });
    // Killed once a few events were acknowledged, with the rest in flight.
    let acknowledgedSoFar = 0;
    let enough: () => void;
    const fewAcknowledged = new Promise<void>((resolve) => (enough = resolve));
    const answers = bodies.map((body, i) =>
      sleep(i * 5)
        .then(() => post(doomed.url, body))
        .then((status) => {
          if (status === 200 && ++acknowledgedSoFar === 5) enough();
          return status;
        }),
    );
    await Promise.race([fewAcknowledged, sleep(10_000)]);
    await doomed.kill('SIGKILL');
    const statuses = await Promise.all(answers);
    const acknowledged = bodies.filter((_, i) => statuses[i] === 200);
    expect(acknowledged.length).toBeGreaterThanOrEqual(5);
    expect(acknowledged.length).toBeLessThan(ORDERS);

    // Acknowledged means stored: every one of them is in the inbox right after the kill.
    const hashes = acknowledged.map((body) => createHash('sha256').update(body).digest('hex'));
    const stored = await withSuperuser(TEST_DATABASE, (db) =>
      db.query('SELECT count(*)::int AS n FROM payment_events WHERE body_hash = ANY($1)', [hashes]),
    );
    expect(stored.rows[0].n).toBe(acknowledged.length);

    // The provider retries what it sent (at least once: acknowledged ones too, some twice).
    const retried = await Promise.all(
      [...bodies, ...acknowledged].map((body) => post(survivor.url, body)),
    );
    expect(retried.every((status) => status === 200)).toBe(true);
    // Whatever the kill left stored but unprocessed is processed by the left-over pass.
    await survivor.app.get(PaymentInbox).processLeftOver(0);

    for (const order of orders) {
      const money = await moneyOf(order.id);
      expect(money.status).toBe('PAID');
      expect(money.paymentGroups).toBe(1);
      expect(money.tickets).toEqual({ VALID: 1 });
      expect(money.events.filter((e) => e.outcome === 'APPLIED')).toHaveLength(1);
      expect(money.events.every((e) => e.outcome !== null)).toBe(true);
    }
    const inbox = await withSuperuser(TEST_DATABASE, (db) =>
      db.query(
        `SELECT count(*)::int AS events, count(DISTINCT body_hash)::int AS bodies FROM payment_events
         WHERE reference = ANY($1)`,
        [orders.map((order) => order.payment!.reference)],
      ),
    );
    expect(inbox.rows[0]).toEqual({ events: ORDERS, bodies: ORDERS });
    expect(expectConsistent(await seatsOf(eventId))).toEqual([]);
  });
});
