import { createWompiStandIn, type WompiStandIn } from '@trivance/wompi-stand-in';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ExpireHolds } from '../src/orders/expire-holds.system-path.js';
import { ReconcilePayments } from '../src/payments/reconciliation/reconcile-payments.system-path.js';
import { endUser, type Identity, steppedUpStaff } from './support/auth-service.js';
import { createTestEvent, orderTickets } from './support/catalog.js';
import { eventually } from './support/eventually.js';
import { type RunningApp, startApp } from './support/running-app.js';
import { expectConsistent, seatsOf } from './support/seats.js';
import { createOrganization, type TestOrganization } from './support/tenants.js';
import { TEST_DATABASE, testConfig, withSuperuser } from './support/test-env.js';
import {
  DECLINED_CARD,
  moneyOf,
  payAtProvider,
  postEvent,
  signedEvent,
  wompiOrder,
} from './support/wompi.js';

const PRICE = 3_000_000;
const minutesFromNow = (minutes: number) => new Date(Date.now() + minutes * 60_000);

const paymentRow = (reference: string) =>
  withSuperuser(TEST_DATABASE, async (db) => {
    const { rows } = await db.query(
      'SELECT id, organization_id, reference, own_merchant, checks, next_check_at, created_at FROM payments WHERE reference = $1',
      [reference],
    );
    return rows[0] as {
      id: string;
      organization_id: string;
      reference: string;
      own_merchant: boolean;
      checks: number;
      next_check_at: Date | null;
      created_at: Date;
    };
  });

describe('reconciliation: asking the provider about payments still pending', () => {
  let standIn: WompiStandIn;
  let apps: RunningApp[];
  let organization: TestOrganization;
  let admin: Identity;

  beforeAll(async () => {
    const platform = testConfig();
    // The provider here sends no events at all: only reconciliation can settle.
    standIn = await createWompiStandIn({
      transitionDelayMs: 0,
      merchants: [
        {
          publicKey: platform.WOMPI_PUBLIC_KEY,
          privateKey: platform.WOMPI_PRIVATE_KEY,
          eventsSecret: platform.WOMPI_EVENTS_SECRET,
          integritySecret: platform.WOMPI_INTEGRITY_SECRET,
        },
      ],
    });
    const config = testConfig({
      BACKGROUND_JOBS: 'false',
      WOMPI_API_URL: standIn.apiUrl,
      WOMPI_CHECKOUT_URL: standIn.checkoutUrl,
    });
    apps = await Promise.all([startApp(config), startApp(config)]);
    organization = await createOrganization('reconciliation');
    admin = await steppedUpStaff(organization.id);
  }, 60_000);
  afterAll(async () => {
    await Promise.all(apps.map((app) => app.close()));
    await standIn.close();
  });

  const reconcile = (app: RunningApp, at: Date) => app.app.get(ReconcilePayments).run(at);
  const newEvent = (quantity = 20) =>
    createTestEvent(apps[0]!, admin, { types: [{ quantity, price: PRICE }] });
  const order = async (eventId: string, ticketTypeId: string) =>
    wompiOrder(apps[0]!, await endUser('reconciled'), eventId, ticketTypeId);

  it('settles what the provider says on the schedule (1, 5, 15 minutes...), exactly as a webhook would', async () => {
    const event = await newEvent();
    const paid = await order(event.id, event.ticketTypeIds[0]!);
    const declined = await order(event.id, event.ticketTypeIds[0]!);
    const silent = await order(event.id, event.ticketTypeIds[0]!);
    await payAtProvider(standIn.apiUrl, paid.payment!.checkout!);
    await payAtProvider(standIn.apiUrl, declined.payment!.checkout!, DECLINED_CARD);

    // Not due yet: nobody is asked.
    await reconcile(apps[0]!, new Date());
    expect((await moneyOf(paid.id)).status).toBe('PENDING');

    await reconcile(apps[0]!, minutesFromNow(1.1));
    const settled = await moneyOf(paid.id);
    expect(settled.status).toBe('PAID');
    expect(settled.tickets).toEqual({ VALID: 1 });
    expect(settled.paymentGroups).toBe(1);
    expect(settled.events).toEqual([
      { source: 'RECONCILIATION', status: 'APPROVED', outcome: 'APPLIED' },
    ]);
    expect((await paymentRow(paid.payment!.reference)).next_check_at).toBeNull();

    const refused = await moneyOf(declined.id);
    expect(refused.status).toBe('PENDING');
    expect(refused.payments[0]!.status).toBe('DECLINED');

    // No transaction yet: checked again at 5 minutes, then 15.
    const waiting = await paymentRow(silent.payment!.reference);
    expect(waiting.checks).toBe(1);
    expect(waiting.next_check_at!.getTime() - waiting.created_at.getTime()).toBe(5 * 60_000);
    await reconcile(apps[0]!, minutesFromNow(5.1));
    const later = await paymentRow(silent.payment!.reference);
    expect(later.checks).toBe(2);
    expect(later.next_check_at!.getTime() - later.created_at.getTime()).toBe(15 * 60_000);

    // Asking again changes nothing that is settled.
    await reconcile(apps[1]!, minutesFromNow(16));
    expect((await moneyOf(paid.id)).paymentGroups).toBe(1);
  });

  it('checks each payment once with two instances running at the same moment', async () => {
    const event = await newEvent();
    const orders = [];
    for (let i = 0; i < 6; i++) orders.push(await order(event.id, event.ticketTypeIds[0]!));
    for (const placed of orders) await payAtProvider(standIn.apiUrl, placed.payment!.checkout!);
    const at = minutesFromNow(1.1);
    const counts = await Promise.all([
      reconcile(apps[0]!, at),
      reconcile(apps[1]!, at),
      reconcile(apps[0]!, at),
    ]);
    const ours = await Promise.all(orders.map((placed) => paymentRow(placed.payment!.reference)));
    expect(ours.every((payment) => payment.checks === 1)).toBe(true);
    expect(counts.reduce((sum, n) => sum + n, 0)).toBeGreaterThanOrEqual(orders.length);
    for (const placed of orders) {
      const money = await moneyOf(placed.id);
      expect(money.status).toBe('PAID');
      expect(money.paymentGroups).toBe(1);
    }
    expect(expectConsistent(await seatsOf(event.id))).toEqual([]);
  });

  it('books once when the webhook and reconciliation report the same capture at the same time', async () => {
    const event = await newEvent();
    for (let round = 0; round < 4; round++) {
      const placed = await order(event.id, event.ticketTypeIds[0]!);
      const transactionId = await payAtProvider(standIn.apiUrl, placed.payment!.checkout!);
      const payment = await paymentRow(placed.payment!.reference);
      const webhook = signedEvent({
        id: transactionId,
        status: 'APPROVED',
        amount_in_cents: PRICE,
        reference: placed.payment!.reference,
      });
      await Promise.all([
        postEvent(apps[0]!, webhook),
        apps[1]!.app.get(ReconcilePayments).check(payment),
        postEvent(apps[1]!, webhook),
        apps[0]!.app.get(ReconcilePayments).check(payment),
      ]);
      const money = await moneyOf(placed.id);
      expect(money.status).toBe('PAID');
      expect(money.paymentGroups).toBe(1);
      expect(money.tickets).toEqual({ VALID: 1 });
      expect(money.events.filter((e) => e.outcome === 'APPLIED')).toHaveLength(1);
    }
  });

  describe('a payment that lands after its hold ended', () => {
    const expire = (app: RunningApp) => app.app.get(ExpireHolds).run(minutesFromNow(60));

    it('racing the expiry: the order is paid with its seat, never paid and expired', async () => {
      const event = await newEvent(3);
      for (let round = 0; round < 3; round++) {
        const placed = await order(event.id, event.ticketTypeIds[0]!);
        const approved = signedEvent({
          status: 'APPROVED',
          amount_in_cents: PRICE,
          reference: placed.payment!.reference,
        });
        await Promise.all([expire(apps[0]!), postEvent(apps[1]!, approved), expire(apps[1]!)]);
        const money = await moneyOf(placed.id);
        expect(money.status).toBe('PAID');
        expect(money.tickets).toEqual({ VALID: 1 });
        expect(money.refunded).toBe(0);
        expect(money.paymentGroups).toBe(1);
      }
      const seats = await seatsOf(event.id);
      expect(expectConsistent(seats)).toEqual([]);
    });

    it('after its seat was sold to someone else: the money is recorded and refunded, never both', async () => {
      const event = await newEvent(1);
      const typeId = event.ticketTypeIds[0]!;
      const late = await order(event.id, typeId);
      await expire(apps[0]!);
      expect((await moneyOf(late.id)).status).toBe('EXPIRED');
      // The seat went back on sale and someone else bought it.
      const other = await orderTickets(
        apps[0]!,
        await endUser('quicker'),
        event.id,
        [{ ticketTypeId: typeId, quantity: 1 }],
        { paymentProvider: 'WOMPI' },
      );
      const otherOrder = other.data!.orderTickets;
      const otherReference = (await moneyOf(otherOrder.id)).payments[0]!.reference;
      await postEvent(
        apps[0]!,
        signedEvent({ status: 'APPROVED', amount_in_cents: PRICE, reference: otherReference }),
      );
      expect((await moneyOf(otherOrder.id)).status).toBe('PAID');

      await postEvent(
        apps[1]!,
        signedEvent({
          status: 'APPROVED',
          amount_in_cents: PRICE,
          reference: late.payment!.reference,
        }),
      );
      const money = await moneyOf(late.id);
      expect(money.status).toBe('EXPIRED');
      expect(money.tickets).toEqual({});
      expect(money.payments[0]!.status).toBe('APPROVED');
      expect(money.paymentGroups).toBe(1);
      expect(money.refunded).toBe(PRICE);
      // Sales net to nothing; the provider's fee stays a cost.
      expect(money.sales).toBe(0);
      expect(money.cash).toBe(-money.fees);
      expect(expectConsistent(await seatsOf(event.id))).toEqual([]);
      await eventually(
        () =>
          withSuperuser(TEST_DATABASE, (db) =>
            db.query(
              "SELECT count(*)::int AS n FROM outbox_events WHERE type = 'order.refunded' AND payload->>'orderId' = $1",
              [late.id],
            ),
          ),
        (result) => result.rows[0].n === 1,
      );
    });
  });
});
