import { createHash, randomUUID } from 'node:crypto';
import type { Identity } from './auth-service.js';
import { orderTickets, type OrderView, ORDER_FIELDS } from './catalog.js';
import type { RunningApp } from './running-app.js';
import { TEST_DATABASE, testConfig, withSuperuser } from './test-env.js';

/** The platform merchant's events secret in tests (the development default). */
export const PLATFORM_EVENTS_SECRET = testConfig().WOMPI_EVENTS_SECRET;

export interface TransactionFields {
  id?: string;
  status: 'PENDING' | 'APPROVED' | 'DECLINED' | 'VOIDED' | 'ERROR';
  amount_in_cents: number;
  reference: string;
  currency?: string;
}

/** A `transaction.updated` event signed the way Wompi signs it. */
export function signedEvent(
  fields: TransactionFields,
  options: { secret?: string; timestamp?: number; properties?: string[] } = {},
) {
  const transaction = { id: randomUUID(), currency: 'COP', payment_method_type: 'CARD', ...fields };
  const timestamp = options.timestamp ?? Math.floor(Date.now() / 1000);
  const properties = options.properties ?? [
    'transaction.id',
    'transaction.status',
    'transaction.amount_in_cents',
  ];
  const values = properties.map((path) => {
    const key = path.split('.')[1] as keyof typeof transaction;
    return String(transaction[key]);
  });
  const checksum = createHash('sha256')
    .update(`${values.join('')}${timestamp}${options.secret ?? PLATFORM_EVENTS_SECRET}`)
    .digest('hex');
  return {
    event: 'transaction.updated',
    data: { transaction },
    environment: 'test',
    signature: { properties, checksum },
    timestamp,
    sent_at: new Date(timestamp * 1000).toISOString(),
  };
}

export async function postEvent(
  app: RunningApp,
  body: unknown,
  organizationId?: string,
): Promise<number> {
  const response = await fetch(
    `${app.url}/api/payments/webhooks/wompi${organizationId ? `/${organizationId}` : ''}`,
    {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: typeof body === 'string' ? body : JSON.stringify(body),
    },
  );
  await response.body?.cancel();
  return response.status;
}

export const WOMPI_ORDER_FIELDS = `${ORDER_FIELDS.replace(
  'payment { id provider status reference amount { amount currency } }',
  `payment { id provider status reference amount { amount currency }
     checkout { url publicKey reference amountInCents currency integritySignature redirectUrl expiresAt } }`,
)}`;

export type WompiOrderView = OrderView & {
  payment: OrderView['payment'] & {
    checkout: {
      url: string;
      publicKey: string;
      reference: string;
      amountInCents: number;
      currency: string;
      integritySignature: string;
      redirectUrl: string | null;
      expiresAt: string | null;
    } | null;
  };
};

/** A PENDING order paid through Wompi, as its buyer sees it. */
export async function wompiOrder(
  app: RunningApp,
  buyer: Identity,
  eventId: string,
  ticketTypeId: string,
  quantity = 1,
): Promise<WompiOrderView> {
  const body = await orderTickets(app, buyer, eventId, [{ ticketTypeId, quantity }], {
    paymentProvider: 'WOMPI',
  });
  if (!body.data) throw new Error(`orderTickets failed: ${JSON.stringify(body.errors)}`);
  const { body: read } = await app.graphql<{ myOrders: { edges: { node: WompiOrderView }[] } }>(
    `{ myOrders(first: 10) { edges { node { ${WOMPI_ORDER_FIELDS} } } } }`,
    {},
    { authorization: `Bearer ${buyer.accessToken}` },
  );
  const order = read.data?.myOrders.edges
    .map((edge) => edge.node)
    .find((node) => node.id === body.data!.orderTickets.id);
  if (!order) throw new Error(`order not listed: ${JSON.stringify(read.errors)}`);
  return order;
}

/** Everything the database holds about an order's money, read directly. */
export function moneyOf(orderId: string) {
  return withSuperuser(TEST_DATABASE, async (db) => {
    const order = await db.query('SELECT status FROM orders WHERE id = $1', [orderId]);
    const payments = await db.query(
      `SELECT id, status, amount::bigint AS amount, fee::bigint AS fee, provider_transaction_id, reference
       FROM payments WHERE order_id = $1 ORDER BY created_at, id`,
      [orderId],
    );
    const ledger = await db.query(
      `SELECT account, kind, sum(amount)::bigint AS total, count(DISTINCT group_id)::int AS groups
       FROM ledger_entries WHERE order_id = $1 GROUP BY account, kind ORDER BY account, kind`,
      [orderId],
    );
    const tickets = await db.query(
      'SELECT status, count(*)::int AS n FROM tickets WHERE order_id = $1 GROUP BY status',
      [orderId],
    );
    const refunds = await db.query(
      'SELECT coalesce(sum(amount), 0)::bigint AS total, count(*)::int AS n FROM refunds WHERE order_id = $1',
      [orderId],
    );
    const events = await db.query(
      `SELECT e.source, e.transaction_status, e.outcome FROM payment_events e
       JOIN payments p ON p.reference = e.reference WHERE p.order_id = $1 ORDER BY e.received_at, e.id`,
      [orderId],
    );
    const account = (name: string) =>
      ledger.rows
        .filter((row) => row.account === name)
        .reduce((sum, row) => sum + Number(row.total), 0);
    return {
      status: order.rows[0]?.status as string,
      payments: payments.rows.map((row) => ({
        id: row.id as string,
        status: row.status as string,
        amount: Number(row.amount),
        fee: Number(row.fee),
        transactionId: row.provider_transaction_id as string | null,
        reference: row.reference as string,
      })),
      cash: account('CASH'),
      fees: account('FEES'),
      sales: account('TICKET_SALES'),
      paymentGroups: ledger.rows
        .filter((row) => row.kind === 'PAYMENT' && row.account === 'CASH')
        .reduce((sum, row) => sum + row.groups, 0),
      tickets: Object.fromEntries(tickets.rows.map((row) => [row.status, row.n])) as Record<
        string,
        number
      >,
      refunded: Number(refunds.rows[0].total),
      refunds: refunds.rows[0].n as number,
      events: events.rows.map((row) => ({
        source: row.source as string,
        status: row.transaction_status as string,
        outcome: row.outcome as string | null,
      })),
    };
  });
}

/** Sandbox cards: approved and declined (Wompi's documented test data). */
export const APPROVED_CARD = '4242424242424242';
export const DECLINED_CARD = '4111111111111111';

/**
 * A payer paying a checkout at the provider (the stand-in), as the hosted
 * checkout does: acceptance token, card token, transaction. Returns the
 * provider's transaction id.
 */
export async function payAtProvider(
  apiUrl: string,
  checkout: {
    publicKey: string;
    reference: string;
    amountInCents: number;
    currency: string;
    integritySignature: string;
  },
  card = APPROVED_CARD,
): Promise<string> {
  const call = async (path: string, body?: unknown) => {
    const response = await fetch(`${apiUrl}${path}`, {
      method: body ? 'POST' : 'GET',
      headers: {
        authorization: `Bearer ${checkout.publicKey}`,
        ...(body ? { 'content-type': 'application/json' } : {}),
      },
      body: body ? JSON.stringify(body) : undefined,
    });
    const json = (await response.json()) as { data: Record<string, unknown> };
    if (!response.ok) throw new Error(`${path}: ${response.status} ${JSON.stringify(json)}`);
    return json.data;
  };
  const merchant = await call(`/merchants/${checkout.publicKey}`);
  const acceptance = merchant.presigned_acceptance as { acceptance_token: string };
  const token = await call('/tokens/cards', {
    number: card,
    cvc: '123',
    exp_month: '08',
    exp_year: '35',
    card_holder: 'Ana Gómez',
  });
  const transaction = await call('/transactions', {
    amount_in_cents: checkout.amountInCents,
    currency: checkout.currency,
    customer_email: 'ana@example.test',
    reference: checkout.reference,
    signature: checkout.integritySignature,
    acceptance_token: acceptance.acceptance_token,
    payment_method: { type: 'CARD', token: token.id, installments: 1 },
  });
  return transaction.id as string;
}

/**
 * What a donor's app does before a monthly gift: tokenize the card with the
 * merchant's public key and take the merchant's acceptance token.
 */
export async function tokenizedCard(
  apiUrl: string,
  number: string,
): Promise<{ token: string; acceptanceToken: string }> {
  const publicKey = testConfig().WOMPI_PUBLIC_KEY;
  const merchant = (await fetch(`${apiUrl}/merchants/${publicKey}`).then((r) => r.json())) as {
    data: { presigned_acceptance: { acceptance_token: string } };
  };
  const token = (await fetch(`${apiUrl}/tokens/cards`, {
    method: 'POST',
    headers: { authorization: `Bearer ${publicKey}`, 'content-type': 'application/json' },
    body: JSON.stringify({
      number,
      cvc: '123',
      exp_month: '08',
      exp_year: '35',
      card_holder: 'Ana Gómez',
    }),
  }).then((r) => r.json())) as { data: { id: string } };
  return {
    token: token.data.id,
    acceptanceToken: merchant.data.presigned_acceptance.acceptance_token,
  };
}

/** Settings that point an instance at a running stand-in (its API and hosted checkout). */
export const standInSettings = (standIn: { apiUrl: string; checkoutUrl: string }) => ({
  BACKGROUND_JOBS: 'false',
  WOMPI_API_URL: standIn.apiUrl,
  WOMPI_CHECKOUT_URL: standIn.checkoutUrl,
});

/** The platform's merchant at the stand-in, its signed events sent to `app`'s webhook. */
export function registerPlatformMerchant(
  standIn: { merchants: { register(input: Record<string, string>): unknown } },
  app: { url: string },
): void {
  const platform = testConfig();
  standIn.merchants.register({
    publicKey: platform.WOMPI_PUBLIC_KEY,
    privateKey: platform.WOMPI_PRIVATE_KEY,
    eventsSecret: platform.WOMPI_EVENTS_SECRET,
    integritySecret: platform.WOMPI_INTEGRITY_SECRET,
    eventsUrl: `${app.url}/api/payments/webhooks/wompi`,
  });
}
