import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { endUser, type Identity, staffMember } from './support/auth-service.js';
import { createTestEvent, orderTickets } from './support/catalog.js';
import { type RunningApp, startApp } from './support/running-app.js';
import { expectConsistent, seatsOf } from './support/seats.js';
import { createOrganization, type TestOrganization } from './support/tenants.js';
import { TEST_DATABASE, withSuperuser } from './support/test-env.js';

/** Capacity is never oversold, with two API instances taking orders at once. */
describe('selling the last seats under load', () => {
  let apps: RunningApp[];
  let organization: TestOrganization;
  let admin: Identity;
  let buyers: Identity[];

  beforeAll(async () => {
    apps = await Promise.all([startApp(), startApp()]);
    organization = await createOrganization('oversell');
    admin = await staffMember(organization.id, 'admin');
    buyers = await Promise.all(Array.from({ length: 20 }, (_, i) => endUser(`rush-${i}`)));
  }, 120_000);
  afterAll(() => Promise.all(apps.map((app) => app.close())));

  const outcome = (body: Awaited<ReturnType<typeof orderTickets>>) =>
    body.errors
      ? String(body.errors[0]?.extensions?.reason ?? body.errors[0]?.extensions?.code)
      : 'OK';

  it('gives 200 concurrent buyers of 100 seats exactly 100 tickets and 100 SOLD_OUT', async () => {
    const event = await createTestEvent(apps[0]!, admin, { types: [{ quantity: 100 }] });
    const results = await Promise.all(
      Array.from({ length: 200 }, (_, i) =>
        orderTickets(apps[i % 2]!, buyers[i % buyers.length]!, event.id, [
          { ticketTypeId: event.ticketTypeIds[0]!, quantity: 1 },
        ]),
      ),
    );
    const outcomes = results.map(outcome);
    expect(outcomes.filter((o) => o === 'OK')).toHaveLength(100);
    expect(outcomes.filter((o) => o === 'SOLD_OUT')).toHaveLength(100);
    const seats = await seatsOf(event.id);
    expect(seats.tickets[event.ticketTypeIds[0]!]).toBe(100);
    expect(seats.orders).toEqual({ PAID: 100 });
    expect(expectConsistent(seats)).toEqual([]);
    // The outbox holds one order.paid per order written, none for the refused ones.
    const paidEvents = await withSuperuser(TEST_DATABASE, (db) =>
      db.query(
        "SELECT count(*)::int AS n FROM outbox_events WHERE type = 'order.paid' AND payload->>'eventId' = $1",
        [event.id],
      ),
    );
    expect(paidEvents.rows[0].n).toBe(100);
  }, 120_000);

  it('fits mixed ticket types into the event capacity, refusing whole orders that do not fit', async () => {
    const event = await createTestEvent(apps[0]!, admin, {
      capacity: 60,
      types: [{ quantity: 50 }, { quantity: 50 }],
    });
    const [a, b] = event.ticketTypeIds as [string, string];
    const shapes = [
      [{ ticketTypeId: a, quantity: 1 }],
      [{ ticketTypeId: b, quantity: 2 }],
      [
        { ticketTypeId: a, quantity: 1 },
        { ticketTypeId: b, quantity: 1 },
      ],
    ];
    const requests = Array.from({ length: 150 }, (_, i) => shapes[i % shapes.length]!);
    const results = await Promise.all(
      requests.map((items, i) =>
        orderTickets(apps[i % 2]!, buyers[i % buyers.length]!, event.id, items),
      ),
    );
    const outcomes = results.map(outcome);
    expect(new Set(outcomes.filter((o) => o !== 'OK'))).toEqual(new Set(['SOLD_OUT']));
    const granted = { [a]: 0, [b]: 0 };
    requests.forEach((items, i) => {
      if (outcomes[i] === 'OK')
        for (const item of items) granted[item.ticketTypeId]! += item.quantity;
    });
    const seats = await seatsOf(event.id);
    expect(seats.tickets).toEqual(granted);
    expect(granted[a]! + granted[b]!).toBeLessThanOrEqual(60);
    expect(granted[a]! + granted[b]!).toBeGreaterThanOrEqual(58);
    expect(expectConsistent(seats)).toEqual([]);
  }, 120_000);
});
