import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ExpireHolds } from '../src/orders/expire-holds.system-path.js';
import { endUser, type Identity, steppedUpStaff } from './support/auth-service.js';
import { createTestEvent, orderMutation, orderTickets } from './support/catalog.js';
import { type RunningApp, startApp } from './support/running-app.js';
import { expectConsistent, seatsOf } from './support/seats.js';
import { createOrganization, type TestOrganization } from './support/tenants.js';
import { TEST_DATABASE, testConfig, withSuperuser } from './support/test-env.js';

const inAnHour = () => new Date(Date.now() + 3_600_000);

const orderState = (orderId: string) =>
  withSuperuser(TEST_DATABASE, async (db) => {
    const order = await db.query('SELECT status FROM orders WHERE id = $1', [orderId]);
    const tickets = await db.query(
      "SELECT count(*)::int AS n FROM tickets WHERE order_id = $1 AND status <> 'VOID'",
      [orderId],
    );
    const payments = await db.query(
      'SELECT status, amount::bigint AS amount FROM payments WHERE order_id = $1',
      [orderId],
    );
    const refunds = await db.query(
      'SELECT coalesce(sum(amount), 0)::bigint AS n FROM refunds WHERE order_id = $1',
      [orderId],
    );
    const ledger = await db.query(
      "SELECT coalesce(sum(amount), 0)::bigint AS cash FROM ledger_entries WHERE order_id = $1 AND account = 'CASH'",
      [orderId],
    );
    const expired = await db.query(
      "SELECT count(*)::int AS n FROM outbox_events WHERE type = 'order.expired' AND payload->>'orderId' = $1",
      [orderId],
    );
    return {
      status: order.rows[0].status as string,
      tickets: tickets.rows[0].n as number,
      payment: payments.rows[0] as { status: string; amount: string },
      refunded: Number(refunds.rows[0].n),
      cash: Number(ledger.rows[0].cash),
      expiredEvents: expired.rows[0].n as number,
    };
  });

describe('holds on unpaid orders', () => {
  let apps: RunningApp[];
  let organization: TestOrganization;
  let admin: Identity;
  let buyers: Identity[];

  beforeAll(async () => {
    // The scheduled runs are off: each test runs the job itself, at a time it chooses.
    apps = await Promise.all([
      startApp(testConfig({ BACKGROUND_JOBS: 'false' })),
      startApp(testConfig({ BACKGROUND_JOBS: 'false' })),
    ]);
    organization = await createOrganization('holds');
    admin = await steppedUpStaff(organization.id);
    buyers = await Promise.all(Array.from({ length: 4 }, (_, i) => endUser(`hold-${i}`)));
  }, 60_000);
  afterAll(() => Promise.all(apps.map((app) => app.close())));

  const expire = (app: RunningApp, at = inAnHour()) => app.app.get(ExpireHolds).run(at);

  it('expires unpaid orders once, even with two instances running the job at the same moment', async () => {
    const event = await createTestEvent(apps[0]!, admin, {
      types: [{ quantity: 10, price: 5_000 }],
    });
    const placed = await Promise.all(
      buyers.map((buyer) =>
        orderTickets(apps[0]!, buyer, event.id, [
          { ticketTypeId: event.ticketTypeIds[0]!, quantity: 2 },
        ]),
      ),
    );
    const before = await seatsOf(event.id);
    expect(before.typePools[event.ticketTypeIds[0]!]!.held).toBe(8);

    // Not yet due: nothing happens.
    await Promise.all(apps.map((app) => expire(app, new Date())));
    expect((await seatsOf(event.id)).typePools[event.ticketTypeIds[0]!]!.held).toBe(8);

    await Promise.all([expire(apps[0]!), expire(apps[1]!), expire(apps[0]!)]);
    for (const body of placed) {
      const state = await orderState(body.data!.orderTickets.id);
      expect(state).toMatchObject({ status: 'EXPIRED', tickets: 0, expiredEvents: 1 });
    }
    const after = await seatsOf(event.id);
    expect(after.typePools[event.ticketTypeIds[0]!]).toMatchObject({ held: 0, sold: 0 });
    expect(expectConsistent(after)).toEqual([]);
  });

  it('confirms a payment that arrives after the hold ended when the seats are still there', async () => {
    const event = await createTestEvent(apps[0]!, admin, {
      types: [{ quantity: 5, price: 7_000 }],
    });
    const order = (
      await orderTickets(apps[0]!, buyers[0]!, event.id, [
        { ticketTypeId: event.ticketTypeIds[0]!, quantity: 2 },
      ])
    ).data!.orderTickets;
    await expire(apps[0]!);
    const paid = await orderMutation(apps[1]!, admin, 'markOrderPaid', { id: order.id });
    expect(paid.data!.markOrderPaid).toMatchObject({ status: 'PAID' });
    expect(await orderState(order.id)).toMatchObject({
      status: 'PAID',
      tickets: 2,
      refunded: 0,
      cash: 14_000,
    });
    expect(expectConsistent(await seatsOf(event.id))).toEqual([]);
  });

  it('records a late payment for refund when its seats were sold meanwhile, never both', async () => {
    const event = await createTestEvent(apps[0]!, admin, {
      types: [{ quantity: 2, price: 9_000 }],
    });
    const late = (
      await orderTickets(apps[0]!, buyers[1]!, event.id, [
        { ticketTypeId: event.ticketTypeIds[0]!, quantity: 2 },
      ])
    ).data!.orderTickets;
    await expire(apps[0]!);
    const other = await orderTickets(apps[0]!, buyers[2]!, event.id, [
      { ticketTypeId: event.ticketTypeIds[0]!, quantity: 2 },
    ]);
    expect(other.data!.orderTickets.status).toBe('PENDING');

    const paid = await orderMutation(apps[1]!, admin, 'markOrderPaid', { id: late.id });
    expect(paid.errors).toBeUndefined();
    expect(paid.data!.markOrderPaid).toMatchObject({
      status: 'EXPIRED',
      refunded: { amount: 18_000 },
    });
    expect(await orderState(late.id)).toMatchObject({
      status: 'EXPIRED',
      tickets: 0,
      payment: { status: 'APPROVED' },
      refunded: 18_000,
      cash: 0,
    });
    expect(expectConsistent(await seatsOf(event.id))).toEqual([]);
  });

  it('settles a payment racing the expiry job one way or the other, never both', async () => {
    const event = await createTestEvent(apps[0]!, admin, {
      types: [{ quantity: 40, price: 3_000 }],
    });
    for (let round = 0; round < 8; round++) {
      const buyer = buyers[round % buyers.length]!;
      const order = (
        await orderTickets(apps[0]!, buyer, event.id, [
          { ticketTypeId: event.ticketTypeIds[0]!, quantity: 1 },
        ])
      ).data!.orderTickets;
      await Promise.all([
        orderMutation(apps[round % 2]!, admin, 'markOrderPaid', { id: order.id }),
        expire(apps[(round + 1) % 2]!),
      ]);
      const state = await orderState(order.id);
      // Seats remain, so the payment always wins: paid once, booked once.
      expect(state).toMatchObject({ status: 'PAID', tickets: 1, refunded: 0, cash: 3_000 });
    }
    expect(expectConsistent(await seatsOf(event.id))).toEqual([]);
  });
});
