import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { endUser, type Identity, steppedUpStaff } from './support/auth-service.js';
import { createTestEvent, orderMutation, orderTickets } from './support/catalog.js';
import { type RunningApp, startApp } from './support/running-app.js';
import { expectConsistent, seatsOf } from './support/seats.js';
import { bearer, createOrganization, type TestOrganization } from './support/tenants.js';
import pg from 'pg';
import { APP_URL, TEST_DATABASE, withSuperuser } from './support/test-env.js';

const PRICE = 12_345;

/** Concurrent money movements on one event, then the books checked against every record. */
describe('the ledger under a storm of orders, payments and refunds', () => {
  let apps: RunningApp[];
  let organization: TestOrganization;
  let admins: Identity[];
  let buyers: Identity[];

  beforeAll(async () => {
    apps = await Promise.all([startApp(), startApp()]);
    organization = await createOrganization('storm');
    admins = await Promise.all([steppedUpStaff(organization.id), steppedUpStaff(organization.id)]);
    buyers = await Promise.all(Array.from({ length: 12 }, (_, i) => endUser(`storm-${i}`)));
  }, 90_000);
  afterAll(() => Promise.all(apps.map((app) => app.close())));

  it('balances every group, and every total matches the payments and refunds recorded', async () => {
    const event = await createTestEvent(apps[0]!, admins[0]!, {
      capacity: 40,
      types: [{ quantity: 50, price: PRICE }],
    });
    const type = event.ticketTypeIds[0]!;
    // 36 orders of one or two seats race for 40 seats across two instances.
    const placed = await Promise.all(
      Array.from({ length: 36 }, (_, i) =>
        orderTickets(apps[i % 2]!, buyers[i % buyers.length]!, event.id, [
          { ticketTypeId: type, quantity: 1 + (i % 2) },
        ]),
      ),
    );
    const orders = placed.filter((body) => !body.errors).map((body) => body.data!.orderTickets);
    expect(orders.length).toBeGreaterThan(20);

    // Each order marked paid twice at once, by two admins on two instances.
    const marks = await Promise.all(
      orders.flatMap((order, i) => [
        orderMutation(apps[i % 2]!, admins[0]!, 'markOrderPaid', { id: order.id }),
        orderMutation(apps[(i + 1) % 2]!, admins[1]!, 'markOrderPaid', { id: order.id }),
      ]),
    );
    expect(marks.filter((body) => !body.errors)).toHaveLength(orders.length);

    // Refunds race each other: two of 60% each on every third order (only one fits),
    // a full refund on every fifth, small ones elsewhere.
    await Promise.all(
      orders.flatMap((order, i) => {
        const total = order.total.amount;
        if (i % 3 === 0) {
          const part = Math.ceil(total * 0.6);
          return [
            orderMutation(apps[0]!, admins[0]!, 'refundOrder', { id: order.id, amount: part }),
            orderMutation(apps[1]!, admins[1]!, 'refundOrder', { id: order.id, amount: part }),
          ];
        }
        if (i % 5 === 0)
          return [orderMutation(apps[i % 2]!, admins[0]!, 'refundOrder', { id: order.id })];
        return [
          orderMutation(apps[i % 2]!, admins[1]!, 'refundOrder', { id: order.id, amount: 1_000 }),
        ];
      }),
    );

    const books = await withSuperuser(TEST_DATABASE, async (db) => {
      const unbalanced = await db.query(
        'SELECT group_id FROM ledger_entries WHERE organization_id = $1 GROUP BY group_id HAVING sum(amount) <> 0',
        [organization.id],
      );
      const cash = await db.query(
        "SELECT coalesce(sum(amount), 0)::bigint AS n FROM ledger_entries WHERE organization_id = $1 AND account = 'CASH'",
        [organization.id],
      );
      const paid = await db.query(
        "SELECT coalesce(sum(amount), 0)::bigint AS n, count(*)::int AS c FROM payments WHERE organization_id = $1 AND status = 'APPROVED'",
        [organization.id],
      );
      const refunded = await db.query(
        'SELECT coalesce(sum(amount), 0)::bigint AS n FROM refunds WHERE organization_id = $1',
        [organization.id],
      );
      const overRefunded = await db.query(
        `SELECT p.id FROM payments p WHERE p.organization_id = $1
         AND (SELECT coalesce(sum(r.amount), 0) FROM refunds r WHERE r.payment_id = p.id) > p.amount`,
        [organization.id],
      );
      const perOrder = await db.query(
        `SELECT o.id FROM orders o WHERE o.organization_id = $1 AND o.status IN ('PAID', 'REFUNDED')
         AND o.total <> (SELECT coalesce(sum(l.amount), 0) FROM ledger_entries l
                         WHERE l.order_id = o.id AND l.account = 'CASH' AND l.kind = 'PAYMENT')`,
        [organization.id],
      );
      return {
        unbalanced: unbalanced.rows.length,
        cash: Number(cash.rows[0].n),
        paid: Number(paid.rows[0].n),
        payments: paid.rows[0].c as number,
        refunded: Number(refunded.rows[0].n),
        overRefunded: overRefunded.rows.length,
        ordersNotBookedOnce: perOrder.rows.length,
      };
    });
    expect(books.unbalanced).toBe(0);
    expect(books.overRefunded).toBe(0);
    expect(books.ordersNotBookedOnce).toBe(0);
    expect(books.payments).toBe(orders.length);
    expect(books.cash).toBe(books.paid - books.refunded);

    const balance = await apps[0]!.graphql<{ organization: { balance: { amount: number }[] } }>(
      '{ organization { balance { amount } } }',
      {},
      bearer(admins[0]!.accessToken),
    );
    expect(balance.body.data!.organization.balance).toEqual([{ amount: books.cash }]);
    expect(expectConsistent(await seatsOf(event.id))).toEqual([]);
  }, 120_000);

  it('refuses, in the database itself, a group that does not balance and any change to an entry', async () => {
    const client = new pg.Client({ connectionString: APP_URL(TEST_DATABASE) });
    await client.connect();
    try {
      await client.query('BEGIN');
      await client.query("SELECT set_config('app.organization_id', $1, true)", [organization.id]);
      await client.query(
        `INSERT INTO ledger_entries (id, organization_id, group_id, account, amount, currency, kind)
         VALUES (gen_random_uuid(), $1, gen_random_uuid(), 'CASH', 100, 'COP', 'PAYMENT')`,
        [organization.id],
      );
      await expect(client.query('COMMIT')).rejects.toThrow(/does not balance/);
      await client.query('BEGIN');
      await client.query("SELECT set_config('app.organization_id', $1, true)", [organization.id]);
      await expect(client.query('UPDATE ledger_entries SET amount = amount * 2')).rejects.toThrow(
        /permission denied/,
      );
      await client.query('ROLLBACK');
    } finally {
      await client.end();
    }
  });
});
