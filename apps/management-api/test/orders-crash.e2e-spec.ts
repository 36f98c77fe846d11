import { randomUUID } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startApiProcess } from './support/api-process.js';
import { endUser, type Identity, staffMember } from './support/auth-service.js';
import { createTestEvent } from './support/catalog.js';
import { type RunningApp, startApp } from './support/running-app.js';
import { expectConsistent, seatsOf } from './support/seats.js';
import { bearer, createOrganization, type TestOrganization } from './support/tenants.js';
import { freePort } from './support/ports.js';
import { TEST_DATABASE, withSuperuser } from './support/test-env.js';

/** SIGKILL in the middle of a burst of orders loses nothing and books nothing twice. */
describe('a killed API', () => {
  let api: RunningApp;
  let organization: TestOrganization;
  let admin: Identity;
  let buyers: Identity[];

  beforeAll(async () => {
    api = await startApp();
    organization = await createOrganization('crash');
    admin = await staffMember(organization.id, 'admin');
    buyers = await Promise.all(Array.from({ length: 15 }, (_, i) => endUser(`crash-${i}`)));
  }, 90_000);
  afterAll(() => api.close());

  it('keeps every acknowledged order, no seat held for an order that does not exist, no ticket twice', async () => {
    const event = await createTestEvent(api, admin, {
      capacity: 500,
      types: [{ quantity: 300 }, { quantity: 300, price: 4_000 }],
    });
    const [free, paid] = event.ticketTypeIds as [string, string];
    // Killed mid-burst, an instance that consumed streams would take other specs'
    // events and mails down with it until another claims them a minute later:
    // this one serves the orders alone.
    const doomed = await startApiProcess(await freePort(), {
      DOMAIN_EVENTS_CONSUMER: 'false',
      BACKGROUND_JOBS: 'false',
    });
    const acknowledged: string[] = [];
    const requests = Array.from({ length: 150 }, (_, i) =>
      fetch(`${doomed.url}/graphql`, {
        method: 'POST',
        headers: {
          'content-type': 'application/json',
          ...bearer(buyers[i % buyers.length]!.accessToken),
        },
        body: JSON.stringify({
          query: 'mutation ($input: OrderTicketsInput!) { orderTickets(input: $input) { id } }',
          variables: {
            input: {
              eventId: event.id,
              items: [{ ticketTypeId: i % 3 === 0 ? paid : free, quantity: 1 + (i % 2) }],
              idempotencyKey: randomUUID(),
            },
          },
        }),
      })
        .then((response) => response.json() as Promise<{ data?: { orderTickets: { id: string } } }>)
        .then((body) => {
          if (body.data?.orderTickets) acknowledged.push(body.data.orderTickets.id);
        })
        .catch(() => undefined),
    );
    // Kill it while the burst is in flight: some orders answered, some not.
    while (acknowledged.length < 30) await new Promise((resolve) => setTimeout(resolve, 5));
    await doomed.kill('SIGKILL');
    await Promise.all(requests);
    expect(acknowledged.length).toBeGreaterThanOrEqual(30);

    const stored = await withSuperuser(TEST_DATABASE, (db) =>
      db.query('SELECT id, status FROM orders WHERE id = ANY($1::uuid[])', [acknowledged]),
    );
    expect(stored.rows).toHaveLength(acknowledged.length);
    const seats = await seatsOf(event.id);
    expect(expectConsistent(seats)).toEqual([]);
    expect((seats.orders.PAID ?? 0) + (seats.orders.PENDING ?? 0)).toBeGreaterThanOrEqual(
      acknowledged.length,
    );

    // After the restart, orders go on as before.
    const after = await api.graphql<{ orderTickets: { status: string } }>(
      'mutation ($input: OrderTicketsInput!) { orderTickets(input: $input) { status } }',
      {
        input: {
          eventId: event.id,
          items: [{ ticketTypeId: free, quantity: 1 }],
          idempotencyKey: randomUUID(),
        },
      },
      bearer(buyers[0]!.accessToken),
    );
    expect(after.body.data!.orderTickets.status).toBe('PAID');
  }, 120_000);
});
