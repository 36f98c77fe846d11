import { randomUUID } from 'node:crypto';
import pg from 'pg';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { sealMerchantSecrets } from '../src/payments/merchants/wompi-merchant.js';
import { endUser, type Identity, steppedUpStaff } from './support/auth-service.js';
import { createTestEvent, type TestEvent } from './support/catalog.js';
import { type RunningApp, startApp } from './support/running-app.js';
import { expectConsistent, seatsOf } from './support/seats.js';
import { createOrganization, type TestOrganization } from './support/tenants.js';
import { SYSTEM_URL, TEST_DATABASE, testConfig, withSuperuser } from './support/test-env.js';
import { moneyOf, postEvent, signedEvent, wompiOrder } from './support/wompi.js';

const PRICE = 5_000_000; // COP 50.000
const FEE = Math.floor((PRICE * 315 + 5_000) / 10_000) + 83_300;

describe('Wompi webhooks: an inbox', () => {
  let app: RunningApp;
  let organization: TestOrganization;
  let admin: Identity;
  let buyer: Identity;
  let event: TestEvent;

  beforeAll(async () => {
    app = await startApp(testConfig({ BACKGROUND_JOBS: 'false' }));
    organization = await createOrganization('webhooks');
    admin = await steppedUpStaff(organization.id);
    event = await createTestEvent(app, admin, { types: [{ quantity: 50, price: PRICE }] });
  }, 60_000);
  afterAll(() => app.close());

  // A buyer holds at most 3 unpaid orders per event: each order gets its own buyer.
  const order = async () => {
    buyer = await endUser('webhook-buyer');
    return wompiOrder(app, buyer, event.id, event.ticketTypeIds[0]!);
  };
  const approved = (reference: string, extra: Record<string, unknown> = {}) =>
    signedEvent({ status: 'APPROVED', amount_in_cents: PRICE, reference, ...extra });

  it("starts a payment with the provider's hosted checkout, signed for integrity", async () => {
    const placed = await order();
    expect(placed.status).toBe('PENDING');
    const checkout = placed.payment!.checkout!;
    expect(checkout).toMatchObject({
      publicKey: testConfig().WOMPI_PUBLIC_KEY,
      reference: placed.payment!.reference,
      amountInCents: PRICE,
      currency: 'COP',
      redirectUrl: expect.stringContaining(`/orders/${placed.id}`),
      expiresAt: placed.expiresAt,
    });
    const url = new URL(checkout.url);
    expect(`${url.origin}${url.pathname}`).toBe(testConfig().WOMPI_CHECKOUT_URL);
    expect(url.searchParams.get('signature:integrity')).toBe(checkout.integritySignature);
    expect(url.searchParams.get('amount-in-cents')).toBe(String(PRICE));
  });

  it('books an approved payment once: the order paid, its tickets issued, the fee as its own entries', async () => {
    const placed = await order();
    const body = approved(placed.payment!.reference);
    // The provider delivers at least once; here five times at once.
    const statuses = await Promise.all(Array.from({ length: 5 }, () => postEvent(app, body)));
    expect(statuses).toEqual([200, 200, 200, 200, 200]);
    const money = await moneyOf(placed.id);
    expect(money.status).toBe('PAID');
    expect(money.tickets).toEqual({ VALID: 1 });
    expect(money.payments).toEqual([
      expect.objectContaining({
        status: 'APPROVED',
        fee: FEE,
        transactionId: body.data.transaction.id,
      }),
    ]);
    expect(money.paymentGroups).toBe(1);
    expect({ cash: money.cash, fees: money.fees, sales: money.sales }).toEqual({
      cash: PRICE - FEE,
      fees: FEE,
      sales: -PRICE,
    });
    expect(money.events).toEqual([{ source: 'WEBHOOK', status: 'APPROVED', outcome: 'APPLIED' }]);
    expect(expectConsistent(await seatsOf(event.id))).toEqual([]);
  });

  it('never moves a payment backwards: a late PENDING after APPROVED changes nothing', async () => {
    const placed = await order();
    const id = randomUUID();
    const reference = placed.payment!.reference;
    expect(await postEvent(app, approved(reference, { id }))).toBe(200);
    const late = signedEvent({ id, status: 'PENDING', amount_in_cents: PRICE, reference });
    expect(await postEvent(app, late)).toBe(200);
    const money = await moneyOf(placed.id);
    expect(money.status).toBe('PAID');
    expect(money.payments[0]!.status).toBe('APPROVED');
    expect(money.events.map((e) => e.outcome)).toEqual(['APPLIED', 'BACKWARDS']);
  });

  it('settles in any order: PENDING arriving after APPROVED, or before it', async () => {
    const placed = await order();
    const id = randomUUID();
    const reference = placed.payment!.reference;
    const pending = signedEvent({ id, status: 'PENDING', amount_in_cents: PRICE, reference });
    expect(await postEvent(app, pending)).toBe(200);
    expect((await moneyOf(placed.id)).payments[0]).toMatchObject({
      status: 'PENDING',
      transactionId: id,
    });
    expect(await postEvent(app, approved(reference, { id }))).toBe(200);
    expect((await moneyOf(placed.id)).status).toBe('PAID');
  });

  it('reverses a void after approval: the order refunded, its tickets void, the ledger back where it was', async () => {
    const placed = await order();
    const id = randomUUID();
    const reference = placed.payment!.reference;
    expect(await postEvent(app, approved(reference, { id }))).toBe(200);
    const voided = signedEvent({ id, status: 'VOIDED', amount_in_cents: PRICE, reference });
    expect(await postEvent(app, voided)).toBe(200);
    expect(await postEvent(app, voided)).toBe(200);
    const money = await moneyOf(placed.id);
    expect(money.status).toBe('REFUNDED');
    expect(money.tickets).toEqual({ VOID: 1 });
    expect(money.payments[0]!.status).toBe('VOIDED');
    expect(money.refunded).toBe(PRICE);
    expect(money.refunds).toBe(1);
    expect({ cash: money.cash, fees: money.fees, sales: money.sales }).toEqual({
      cash: 0,
      fees: 0,
      sales: 0,
    });
    expect(expectConsistent(await seatsOf(event.id))).toEqual([]);
  });

  it('a decline leaves the order waiting; the buyer retries with a new reference and pays', async () => {
    const placed = await order();
    const reference = placed.payment!.reference;
    const declined = signedEvent({ status: 'DECLINED', amount_in_cents: PRICE, reference });
    expect(await postEvent(app, declined)).toBe(200);
    expect((await moneyOf(placed.id)).status).toBe('PENDING');

    const { body } = await app.graphql<{
      retryOrderPayment: { status: string; payment: { reference: string; status: string } };
    }>(
      `mutation ($input: OrderIdInput!) { retryOrderPayment(input: $input) { status payment { reference status } } }`,
      { input: { id: placed.id } },
      { authorization: `Bearer ${buyer.accessToken}` },
    );
    const retried = body.data!.retryOrderPayment;
    expect(retried.status).toBe('PENDING');
    expect(retried.payment.status).toBe('PENDING');
    expect(retried.payment.reference).not.toBe(reference);

    expect(await postEvent(app, approved(retried.payment.reference))).toBe(200);
    const money = await moneyOf(placed.id);
    expect(money.status).toBe('PAID');
    expect(money.payments.map((p) => p.status)).toEqual(['DECLINED', 'APPROVED']);
    expect(money.paymentGroups).toBe(1);

    // Paid: nothing more to retry.
    const again = await app.graphql(
      `mutation ($input: OrderIdInput!) { retryOrderPayment(input: $input) { id } }`,
      { input: { id: placed.id } },
      { authorization: `Bearer ${buyer.accessToken}` },
    );
    expect(again.body.errors?.[0]?.extensions).toMatchObject({
      code: 'CONFLICT',
      reason: 'ILLEGAL_STATE_TRANSITION',
    });
  });

  it('returns an abandoned payment captured after a retry paid the order, never keeping both', async () => {
    const placed = await order();
    const first = placed.payment!.reference;
    await app.graphql(
      `mutation ($input: OrderIdInput!) { retryOrderPayment(input: $input) { id } }`,
      { input: { id: placed.id } },
      { authorization: `Bearer ${buyer.accessToken}` },
    );
    const second = (await moneyOf(placed.id)).payments[1]!.reference;
    expect(await postEvent(app, approved(second))).toBe(200);
    expect(await postEvent(app, approved(first))).toBe(200);
    const money = await moneyOf(placed.id);
    expect(money.status).toBe('PAID');
    expect(money.tickets).toEqual({ VALID: 1 });
    expect(money.payments.map((p) => p.status)).toEqual(['APPROVED', 'APPROVED']);
    // Both captured and booked; the second capture returned in full.
    expect(money.paymentGroups).toBe(2);
    expect(money.refunded).toBe(PRICE);
    expect(money.sales).toBe(-PRICE);
  });

  it('books nothing when the amount or the currency differs from the payment', async () => {
    const placed = await order();
    const reference = placed.payment!.reference;
    const short = signedEvent({ status: 'APPROVED', amount_in_cents: PRICE - 100, reference });
    const dollars = signedEvent({
      status: 'APPROVED',
      amount_in_cents: PRICE,
      reference,
      currency: 'USD',
    });
    expect(await postEvent(app, short)).toBe(200);
    expect(await postEvent(app, dollars)).toBe(200);
    const money = await moneyOf(placed.id);
    expect(money.status).toBe('PENDING');
    expect(money.payments[0]).toMatchObject({ status: 'PENDING', transactionId: null });
    expect(money.cash).toBe(0);
    expect(money.events.map((e) => e.outcome)).toEqual(['AMOUNT_MISMATCH', 'AMOUNT_MISMATCH']);
  });

  it('answers 200 to an unknown reference and to a stale timestamp, and books neither', async () => {
    const unknown = approved(`TRV-${randomUUID()}`);
    expect(await postEvent(app, unknown)).toBe(200);
    const placed = await order();
    const stale = signedEvent(
      { status: 'APPROVED', amount_in_cents: PRICE, reference: placed.payment!.reference },
      { timestamp: Math.floor(Date.now() / 1000) - 73 * 3600 },
    );
    const ahead = signedEvent(
      { status: 'APPROVED', amount_in_cents: PRICE, reference: placed.payment!.reference },
      { timestamp: Math.floor(Date.now() / 1000) + 600 },
    );
    expect(await postEvent(app, stale)).toBe(200);
    expect(await postEvent(app, ahead)).toBe(200);
    const money = await moneyOf(placed.id);
    expect(money.status).toBe('PENDING');
    expect(money.events.map((e) => e.outcome)).toEqual(['STALE', 'STALE']);
    const outcome = await withSuperuser(TEST_DATABASE, (db) =>
      db.query('SELECT outcome FROM payment_events WHERE provider_transaction_id = $1', [
        unknown.data.transaction.id,
      ]),
    );
    expect(outcome.rows).toEqual([{ outcome: 'UNKNOWN_REFERENCE' }]);
  });

  it('refuses a bad or missing signature (401), a body that is not an event (400), and stores neither', async () => {
    const placed = await order();
    const reference = placed.payment!.reference;
    const forged = approved(reference);
    forged.data.transaction.amount_in_cents = PRICE;
    forged.signature.checksum = forged.signature.checksum.replace(/^./, (c) =>
      c === '0' ? '1' : '0',
    );
    const wrongSecret = signedEvent(
      { status: 'APPROVED', amount_in_cents: PRICE, reference },
      { secret: 'not-the-secret' },
    );
    // Signed, but not over the amount: nothing it says about money can be trusted.
    const unsignedAmount = signedEvent(
      { status: 'APPROVED', amount_in_cents: PRICE, reference },
      { properties: ['transaction.id', 'transaction.status'] },
    );
    const { signature: _dropped, ...unsigned } = approved(reference);
    expect(await postEvent(app, forged)).toBe(401);
    expect(await postEvent(app, wrongSecret)).toBe(401);
    expect(await postEvent(app, unsignedAmount)).toBe(401);
    expect(await postEvent(app, unsigned)).toBe(400);
    expect(await postEvent(app, '{"event": "transaction.updated", ')).toBe(400);
    expect(await postEvent(app, { event: 'transaction.updated', data: {} })).toBe(400);
    const money = await moneyOf(placed.id);
    expect(money.status).toBe('PENDING');
    expect(money.events).toEqual([]);
  });

  it("verifies ARCHITECTURE.md's test vector (and keeps that 2024 event as stale)", async () => {
    const vectorApp = await startApp(
      testConfig({ BACKGROUND_JOBS: 'false', WOMPI_EVENTS_SECRET: 'test_events_secret' }),
    );
    try {
      const reference = `TRV-VECTOR-${randomUUID()}`;
      const vector = {
        event: 'transaction.updated',
        data: {
          transaction: {
            id: 'tx_test',
            status: 'APPROVED',
            amount_in_cents: 2000000,
            reference,
            currency: 'COP',
          },
        },
        environment: 'test',
        signature: {
          properties: ['transaction.id', 'transaction.status', 'transaction.amount_in_cents'],
          checksum: '3C474F5C13461160504F80B07B03CA7508A3B92A963AB3A4FD89E063F52C48CA',
        },
        timestamp: 1710000000,
      };
      expect(await postEvent(vectorApp, vector)).toBe(200);
      expect(
        await postEvent(vectorApp, {
          ...vector,
          signature: { ...vector.signature, checksum: '0'.repeat(64) },
        }),
      ).toBe(401);
      const stored = await withSuperuser(TEST_DATABASE, (db) =>
        db.query('SELECT outcome FROM payment_events WHERE reference = $1', [reference]),
      );
      expect(stored.rows).toEqual([{ outcome: 'STALE' }]);
    } finally {
      await vectorApp.close();
    }
  });

  describe("an organization's own merchant", () => {
    let own: TestOrganization;
    let ownAdmin: Identity;
    let ownEvent: TestEvent;
    const secrets = {
      privateKey: `prv_test_${randomUUID()}`,
      eventsSecret: `test_events_${randomUUID()}`,
      integritySecret: `test_integrity_${randomUUID()}`,
    };
    const publicKey = `pub_test_${randomUUID()}`;

    beforeAll(async () => {
      own = await createOrganization('own-merchant');
      ownAdmin = await steppedUpStaff(own.id);
      ownEvent = await createTestEvent(app, ownAdmin, { types: [{ quantity: 5, price: PRICE }] });
      const key = Buffer.from(testConfig().SETTINGS_ENCRYPTION_KEY, 'base64');
      await withSuperuser(TEST_DATABASE, (db) =>
        db.query(
          `INSERT INTO payment_settings (organization_id, wompi_public_key, wompi_secrets, updated_by, updated_at)
           VALUES ($1, $2, $3, $4, now())`,
          [own.id, publicKey, sealMerchantSecrets(key, own.id, secrets), ownAdmin.userId],
        ),
      );
    }, 60_000);

    it("takes the organization's payments and only its own signed events, at its own path", async () => {
      const placed = await wompiOrder(
        app,
        await endUser('own-merchant-buyer'),
        ownEvent.id,
        ownEvent.ticketTypeIds[0]!,
      );
      expect(placed.payment!.checkout!.publicKey).toBe(publicKey);
      const reference = placed.payment!.reference;
      const platformSigned = approved(reference);
      const ownSigned = signedEvent(
        { status: 'APPROVED', amount_in_cents: PRICE, reference },
        { secret: secrets.eventsSecret },
      );
      // The platform's merchant never took this payment; the platform's secret does not sign for it.
      expect(await postEvent(app, platformSigned)).toBe(200);
      expect(await postEvent(app, platformSigned, own.id)).toBe(401);
      expect((await moneyOf(placed.id)).status).toBe('PENDING');
      expect(await postEvent(app, ownSigned, own.id)).toBe(200);
      const money = await moneyOf(placed.id);
      expect(money.status).toBe('PAID');
      expect(money.events.map((e) => e.outcome)).toEqual(['UNKNOWN_REFERENCE', 'APPLIED']);
    });

    it('answers 401 for an organization that does not exist or has no merchant of its own', async () => {
      const body = signedEvent({ status: 'APPROVED', amount_in_cents: PRICE, reference: 'TRV-X' });
      expect(await postEvent(app, body, randomUUID())).toBe(401);
      expect(await postEvent(app, body, organization.id)).toBe(401);
      expect(await postEvent(app, body, 'not-a-uuid')).toBe(401);
    });
  });

  describe('the payments path', () => {
    /** One transaction as the payments path's role, rolled back at the end. */
    async function asPaymentsPath(work: (db: pg.Client) => Promise<void>): Promise<void> {
      const db = new pg.Client({ connectionString: SYSTEM_URL(TEST_DATABASE) });
      await db.connect();
      try {
        await db.query('BEGIN');
        await db.query('SET LOCAL ROLE trivance_payments');
        await work(db);
      } finally {
        await db.query('ROLLBACK').catch(() => undefined);
        await db.end();
      }
    }

    it('is audited: each stored and each processed event leaves an entry naming it', async () => {
      const placed = await order();
      const body = approved(placed.payment!.reference);
      expect(await postEvent(app, body)).toBe(200);
      const entries = await withSuperuser(TEST_DATABASE, (db) =>
        db.query(
          `SELECT actor, reason, rows_touched FROM system_audit_log
           WHERE path = 'payments.webhooks' AND (detail->>'transactionId' = $1 OR detail->>'eventId' IN (
             SELECT id::text FROM payment_events WHERE provider_transaction_id = $1))
           ORDER BY created_at`,
          [body.data.transaction.id],
        ),
      );
      expect(entries.rows).toEqual([
        expect.objectContaining({ actor: 'wompi', rows_touched: 1 }),
        expect.objectContaining({ actor: 'payments', rows_touched: 1 }),
      ]);
    });

    it('reaches only what settling needs, and other rows only as their organization', async () => {
      const placed = await order();
      expect(await postEvent(app, approved(placed.payment!.reference))).toBe(200);
      await asPaymentsPath(async (db) => {
        // Finding what an event is about: payments of any organization, by reference.
        const found = await db.query('SELECT organization_id FROM payments WHERE reference = $1', [
          placed.payment!.reference,
        ]);
        expect(found.rows).toEqual([{ organization_id: organization.id }]);
        // Without working as that organization, a settled payment and its order are out of reach.
        const payment = await db.query(
          "UPDATE payments SET fee = 0 WHERE reference = $1 AND status = 'APPROVED'",
          [placed.payment!.reference],
        );
        expect(payment.rowCount).toBe(0);
        const orders = await db.query("UPDATE orders SET status = 'PENDING' WHERE id = $1", [
          placed.id,
        ]);
        expect(orders.rowCount).toBe(0);
        // A processed event is never changed, and none is ever deleted.
        const rewritten = await db.query(
          "UPDATE payment_events SET outcome = 'DUPLICATE' WHERE reference = $1",
          [placed.payment!.reference],
        );
        expect(rewritten.rowCount).toBe(0);
        await db.query('SAVEPOINT probe');
        await expect(
          db.query('DELETE FROM payment_events WHERE reference = $1', [placed.payment!.reference]),
        ).rejects.toThrow(/permission denied/);
        await db.query('ROLLBACK TO SAVEPOINT probe');
        for (const table of ['member_profiles', 'idempotency_records', 'check_ins']) {
          await db.query('SAVEPOINT probe');
          await expect(db.query(`SELECT 1 FROM ${table} LIMIT 1`)).rejects.toThrow(
            /permission denied/,
          );
          await db.query('ROLLBACK TO SAVEPOINT probe');
        }
      });
    });

    it('keeps the inbox away from the application role', async () => {
      const db = new pg.Client({ connectionString: testConfig().DATABASE_URL });
      await db.connect();
      try {
        await expect(db.query('SELECT 1 FROM payment_events LIMIT 1')).rejects.toThrow(
          /permission denied/,
        );
      } finally {
        await db.end();
      }
    });
  });
});
