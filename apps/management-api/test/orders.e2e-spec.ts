import { randomUUID } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { endUser, type Identity, staffMember, steppedUpStaff } from './support/auth-service.js';
import {
  createTestEvent,
  ORDER_FIELDS,
  orderMutation,
  type OrderView,
  orderTickets,
} from './support/catalog.js';
import { type RunningApp, startApp } from './support/running-app.js';
import { bearer, createOrganization, type TestOrganization } from './support/tenants.js';
import { TEST_DATABASE, withSuperuser } from './support/test-env.js';
import { eventually } from './support/eventually.js';
import { mailsTo } from './support/mailbox.js';

const ledgerOf = (organizationId: string) =>
  withSuperuser(TEST_DATABASE, async (db) => {
    const groups = await db.query(
      'SELECT group_id, sum(amount)::bigint AS sum FROM ledger_entries WHERE organization_id = $1 GROUP BY group_id',
      [organizationId],
    );
    const cash = await db.query(
      "SELECT coalesce(sum(amount), 0)::bigint AS cash FROM ledger_entries WHERE organization_id = $1 AND account = 'CASH'",
      [organizationId],
    );
    return { groups: groups.rows.map((row) => Number(row.sum)), cash: Number(cash.rows[0].cash) };
  });

describe('orders', () => {
  let api: RunningApp;
  let organization: TestOrganization;
  let admin: Identity;
  let adminWithoutSecondFactor: Identity;
  let moderator: Identity;
  let volunteer: Identity;
  let buyer: Identity;
  let otherBuyer: Identity;

  beforeAll(async () => {
    api = await startApp();
    organization = await createOrganization('orders');
    [admin, adminWithoutSecondFactor, moderator, volunteer, buyer, otherBuyer] = await Promise.all([
      steppedUpStaff(organization.id),
      staffMember(organization.id, 'admin'),
      staffMember(organization.id, 'moderator'),
      staffMember(organization.id, 'user'),
      endUser('orders-buyer'),
      endUser('orders-other'),
    ]);
  });
  afterAll(() => api.close());

  it('makes a free order PAID at once with its tickets, and mails them to the buyer', async () => {
    const event = await createTestEvent(api, admin, {
      types: [{ name: 'Entrada libre', quantity: 10 }],
    });
    const body = await orderTickets(api, buyer, event.id, [
      { ticketTypeId: event.ticketTypeIds[0]!, quantity: 2 },
    ]);
    expect(body.errors).toBeUndefined();
    const order = body.data!.orderTickets;
    expect(order).toMatchObject({
      status: 'PAID',
      buyerId: buyer.userId,
      payment: null,
      total: { amount: 0 },
    });
    expect(order.tickets).toHaveLength(2);
    for (const ticket of order.tickets) expect(ticket.code).toMatch(/^[0-9A-HJKMNP-TV-Z]{24}$/);
    const confirmations = () =>
      mailsTo(buyer.email).then((mails) =>
        mails.filter((m) => m.subject.startsWith('Tus entradas')),
      );
    const [mail] = await eventually(confirmations, (mails) => mails.length > 0);
    for (const ticket of order.tickets) expect(mail!.text).toContain(ticket.code);
  });

  it('holds the seats of a paid order until staff mark it paid, then issues its tickets and books the money', async () => {
    const event = await createTestEvent(api, admin, {
      types: [{ quantity: 10, price: 2_500_000 }],
    });
    const placed = await orderTickets(api, buyer, event.id, [
      { ticketTypeId: event.ticketTypeIds[0]!, quantity: 2 },
    ]);
    const pending = placed.data!.orderTickets;
    expect(pending).toMatchObject({
      status: 'PENDING',
      total: { amount: 5_000_000, currency: 'COP' },
      tickets: [],
      payment: { provider: 'MANUAL', status: 'PENDING', amount: { amount: 5_000_000 } },
    });
    expect(pending.payment!.reference).toMatch(/^TRV-/);
    expect(new Date(pending.expiresAt!).getTime()).toBeGreaterThan(Date.now() + 14 * 60_000);

    const paid = await orderMutation(api, admin, 'markOrderPaid', {
      id: pending.id,
      externalReference: 'Recibo 0042',
    });
    expect(paid.errors).toBeUndefined();
    expect(paid.data!.markOrderPaid).toMatchObject({
      status: 'PAID',
      payment: { status: 'APPROVED' },
    });
    expect(paid.data!.markOrderPaid.tickets).toHaveLength(2);
    const again = await orderMutation(api, admin, 'markOrderPaid', { id: pending.id });
    expect(again.errors?.[0]?.extensions).toMatchObject({ reason: 'ILLEGAL_STATE_TRANSITION' });
    const ledger = await ledgerOf(organization.id);
    expect(ledger.groups.every((sum) => sum === 0)).toBe(true);
  });

  it('refunds a part (tickets kept), then the rest (tickets void, seats back), never more than was paid', async () => {
    const event = await createTestEvent(api, admin, { types: [{ quantity: 4, price: 1_000_000 }] });
    const placed = await orderTickets(api, otherBuyer, event.id, [
      { ticketTypeId: event.ticketTypeIds[0]!, quantity: 2 },
    ]);
    const orderId = placed.data!.orderTickets.id;
    await orderMutation(api, admin, 'markOrderPaid', { id: orderId });
    const before = await ledgerOf(organization.id);

    const partial = await orderMutation(api, admin, 'refundOrder', {
      id: orderId,
      amount: 500_000,
      reason: 'Silla rota',
    });
    expect(partial.data!.refundOrder).toMatchObject({
      status: 'PAID',
      refunded: { amount: 500_000 },
    });
    expect(partial.data!.refundOrder.tickets.every((ticket) => ticket.status === 'VALID')).toBe(
      true,
    );
    const tooMuch = await orderMutation(api, admin, 'refundOrder', {
      id: orderId,
      amount: 1_500_001,
    });
    expect(tooMuch.errors?.[0]?.extensions).toMatchObject({
      code: 'CONFLICT',
      reason: 'REFUND_EXCEEDS_PAYMENT',
    });
    const rest = await orderMutation(api, admin, 'refundOrder', { id: orderId });
    expect(rest.data!.refundOrder).toMatchObject({
      status: 'REFUNDED',
      refunded: { amount: 2_000_000 },
    });
    expect(rest.data!.refundOrder.tickets.every((ticket) => ticket.status === 'VOID')).toBe(true);
    expect(rest.data!.refundOrder.refunds.map((refund) => refund.actorId)).toEqual([
      admin.userId,
      admin.userId,
    ]);

    const after = await ledgerOf(organization.id);
    expect(after.cash - before.cash).toBe(-2_000_000);
    expect(after.groups.every((sum) => sum === 0)).toBe(true);
    const seats = await api.graphql<{
      event: { ticketTypes: { available: number }[]; ticketsSold: number };
    }>(
      `{ event(id: "${event.id}") { ticketsSold ticketTypes { available } } }`,
      {},
      bearer(admin.accessToken),
    );
    expect(seats.body.data!.event).toEqual({ ticketsSold: 0, ticketTypes: [{ available: 4 }] });
  });

  it("shows the organization's balance from its ledger to its admins only", async () => {
    const query = '{ organization { balance { amount currency } } }';
    const mine = await api.graphql<{ organization: { balance: { amount: number }[] } }>(
      query,
      {},
      bearer(admin.accessToken),
    );
    expect(mine.body.data!.organization.balance).toEqual([
      { amount: (await ledgerOf(organization.id)).cash, currency: 'COP' },
    ]);
    const refused = await api.graphql(query, {}, bearer(moderator.accessToken));
    expect(refused.body.errors?.[0]?.extensions?.code).toBe('FORBIDDEN');
  });

  it('lets the buyer cancel a PENDING order, and its seats return', async () => {
    const event = await createTestEvent(api, admin, { types: [{ quantity: 3, price: 10_000 }] });
    const placed = await orderTickets(api, buyer, event.id, [
      { ticketTypeId: event.ticketTypeIds[0]!, quantity: 3 },
    ]);
    const soldOut = await orderTickets(api, otherBuyer, event.id, [
      { ticketTypeId: event.ticketTypeIds[0]!, quantity: 1 },
    ]);
    expect(soldOut.errors?.[0]?.extensions).toMatchObject({ code: 'CONFLICT', reason: 'SOLD_OUT' });
    const notMine = await api.graphql(
      'mutation ($input: OrderIdInput!) { cancelOrder(input: $input) { id } }',
      { input: { id: placed.data!.orderTickets.id } },
      bearer(otherBuyer.accessToken),
    );
    expect(notMine.body.errors?.[0]?.extensions?.code).toBe('NOT_FOUND');
    const cancelled = await api.graphql<{ cancelOrder: OrderView }>(
      `mutation ($input: OrderIdInput!) { cancelOrder(input: $input) { ${ORDER_FIELDS} } }`,
      { input: { id: placed.data!.orderTickets.id } },
      bearer(buyer.accessToken),
    );
    expect(cancelled.body.data!.cancelOrder.status).toBe('CANCELLED');
    const now = await orderTickets(api, otherBuyer, event.id, [
      { ticketTypeId: event.ticketTypeIds[0]!, quantity: 3 },
    ]);
    expect(now.data!.orderTickets.status).toBe('PENDING');
  });

  it('returns the same order for a retried key, and refuses the key with another input', async () => {
    const event = await createTestEvent(api, admin, { types: [{ quantity: 10 }] });
    const idempotencyKey = randomUUID();
    const items = [{ ticketTypeId: event.ticketTypeIds[0]!, quantity: 1 }];
    const first = await orderTickets(api, buyer, event.id, items, { idempotencyKey });
    const retry = await orderTickets(api, buyer, event.id, items, { idempotencyKey });
    expect(retry.data!.orderTickets.id).toBe(first.data!.orderTickets.id);
    expect(retry.data!.orderTickets.tickets).toHaveLength(1);
    const changed = await orderTickets(api, buyer, event.id, [{ ...items[0]!, quantity: 2 }], {
      idempotencyKey,
    });
    expect(changed.errors?.[0]?.extensions).toMatchObject({
      code: 'CONFLICT',
      reason: 'IDEMPOTENCY_KEY_REUSED',
    });
    const anotherBuyer = await orderTickets(api, otherBuyer, event.id, items, { idempotencyKey });
    expect(anotherBuyer.data!.orderTickets.id).not.toBe(first.data!.orderTickets.id);
  });

  it('enforces the per-order, per-buyer and pending-order limits (ORDER_LIMIT_EXCEEDED)', async () => {
    const event = await createTestEvent(api, admin, {
      types: [
        { name: 'Limitada', quantity: 100, maxPerOrder: 2, maxPerBuyer: 3 },
        { name: 'Paga', quantity: 100, price: 5_000 },
      ],
    });
    const [limited, paidType] = event.ticketTypeIds as [string, string];
    const tooMany = await orderTickets(api, buyer, event.id, [
      { ticketTypeId: limited, quantity: 3 },
    ]);
    expect(tooMany.errors?.[0]?.extensions).toMatchObject({ reason: 'ORDER_LIMIT_EXCEEDED' });
    expect(
      (await orderTickets(api, buyer, event.id, [{ ticketTypeId: limited, quantity: 2 }])).errors,
    ).toBeUndefined();
    const overBuyer = await orderTickets(api, buyer, event.id, [
      { ticketTypeId: limited, quantity: 2 },
    ]);
    expect(overBuyer.errors?.[0]?.extensions).toMatchObject({ reason: 'ORDER_LIMIT_EXCEEDED' });
    for (let n = 0; n < 3; n++) {
      expect(
        (await orderTickets(api, buyer, event.id, [{ ticketTypeId: paidType, quantity: 1 }]))
          .errors,
      ).toBeUndefined();
    }
    const fourthPending = await orderTickets(api, buyer, event.id, [
      { ticketTypeId: paidType, quantity: 1 },
    ]);
    expect(fourthPending.errors?.[0]?.extensions).toMatchObject({ reason: 'ORDER_LIMIT_EXCEEDED' });
  });

  it('refuses what is not on sale (SALES_CLOSED) and unknown codes; Wompi is offered everywhere', async () => {
    const draft = await createTestEvent(api, admin, { types: [{ quantity: 5 }], publish: false });
    const hidden = await orderTickets(api, buyer, draft.id, [
      { ticketTypeId: draft.ticketTypeIds[0]!, quantity: 1 },
    ]);
    expect(hidden.errors?.[0]?.extensions?.code).toBe('NOT_FOUND');
    const later = await createTestEvent(api, admin, {
      types: [{ quantity: 5, salesStartAt: new Date(Date.now() + 3_600_000).toISOString() }],
    });
    const early = await orderTickets(api, buyer, later.id, [
      { ticketTypeId: later.ticketTypeIds[0]!, quantity: 1 },
    ]);
    expect(early.errors?.[0]?.extensions).toMatchObject({
      code: 'CONFLICT',
      reason: 'SALES_CLOSED',
    });
    const open = await createTestEvent(api, admin, { types: [{ quantity: 5, price: 1_000 }] });
    const code = await orderTickets(
      api,
      buyer,
      open.id,
      [{ ticketTypeId: open.ticketTypeIds[0]!, quantity: 1 }],
      {
        discountCode: 'NOPE',
      },
    );
    expect(code.errors?.[0]?.extensions).toMatchObject({ reason: 'INVALID_DISCOUNT_CODE' });
    const wompi = await orderTickets(
      api,
      buyer,
      open.id,
      [{ ticketTypeId: open.ticketTypeIds[0]!, quantity: 1 }],
      {
        paymentProvider: 'WOMPI',
      },
    );
    // The organization's own merchant, or else the platform's.
    expect(wompi.errors).toBeUndefined();
    expect(wompi.data?.orderTickets).toMatchObject({
      status: 'PENDING',
      payment: { provider: 'WOMPI', status: 'PENDING' },
    });
  });

  it('gives complimentary tickets that count against capacity', async () => {
    const event = await createTestEvent(api, admin, { types: [{ quantity: 2, price: 9_000 }] });
    const body = await orderMutation(api, admin, 'issueComplimentaryTickets', {
      eventId: event.id,
      ticketTypeId: event.ticketTypeIds[0],
      quantity: 2,
      holderEmail: `guest-${randomUUID().slice(0, 6)}@example.test`,
      holderName: 'Invitada Especial',
    });
    expect(body.data!.issueComplimentaryTickets).toMatchObject({
      status: 'PAID',
      buyerId: null,
      total: { amount: 0 },
    });
    expect(body.data!.issueComplimentaryTickets.tickets.map((ticket) => ticket.holderName)).toEqual(
      ['Invitada Especial', 'Invitada Especial'],
    );
    const soldOut = await orderTickets(api, buyer, event.id, [
      { ticketTypeId: event.ticketTypeIds[0]!, quantity: 1 },
    ]);
    expect(soldOut.errors?.[0]?.extensions).toMatchObject({ reason: 'SOLD_OUT' });
  });

  it('refuses refunds, marking paid, complimentary tickets and cancelling an event people paid for without a recent second factor; nothing changes', async () => {
    const event = await createTestEvent(api, admin, { types: [{ quantity: 5, price: 30_000 }] });
    const placed = await orderTickets(api, buyer, event.id, [
      { ticketTypeId: event.ticketTypeIds[0]!, quantity: 1 },
    ]);
    const orderId = placed.data!.orderTickets.id;
    await orderMutation(api, admin, 'markOrderPaid', { id: orderId });
    const before = await ledgerOf(organization.id);

    const pending = await orderTickets(api, otherBuyer, event.id, [
      { ticketTypeId: event.ticketTypeIds[0]!, quantity: 1 },
    ]);
    for (const [name, input] of [
      ['refundOrder', { id: orderId }],
      ['markOrderPaid', { id: pending.data!.orderTickets.id }],
      [
        'issueComplimentaryTickets',
        {
          eventId: event.id,
          ticketTypeId: event.ticketTypeIds[0],
          quantity: 1,
          holderName: 'Invitada',
          holderEmail: 'invitada@example.org',
        },
      ],
    ] as const) {
      const refused = await orderMutation(api, adminWithoutSecondFactor, name, input);
      expect(refused.errors?.[0]?.extensions).toMatchObject({
        code: 'FORBIDDEN',
        reason: 'MFA_REQUIRED',
      });
    }
    const cancel = await api.graphql(
      'mutation ($input: CancelEventInput!) { cancelEvent(input: $input) { id } }',
      { input: { id: event.id, reason: 'Lluvia' } },
      bearer(adminWithoutSecondFactor.accessToken),
    );
    expect(cancel.body.errors?.[0]?.extensions).toMatchObject({
      code: 'FORBIDDEN',
      reason: 'MFA_REQUIRED',
    });
    const state = await api.graphql<{ event: { status: string }; order: { status: string } }>(
      'query ($event: ID!, $order: ID!) { event(id: $event) { status } order(id: $order) { status } }',
      { event: event.id, order: orderId },
      bearer(admin.accessToken),
    );
    expect(state.body.data).toEqual({ event: { status: 'PUBLISHED' }, order: { status: 'PAID' } });
    const seats = await api.graphql<{ event: { ticketsSold: number } }>(
      'query ($id: ID!) { event(id: $id) { ticketsSold } }',
      { id: event.id },
      bearer(admin.accessToken),
    );
    expect(seats.body.data!.event.ticketsSold).toBe(1);
    expect(await ledgerOf(organization.id)).toEqual(before);

    // An event nobody paid for is cancelled without one.
    const unsold = await createTestEvent(api, admin, { types: [{ quantity: 5 }] });
    const plain = await api.graphql<{ cancelEvent: { status: string } }>(
      'mutation ($input: CancelEventInput!) { cancelEvent(input: $input) { status } }',
      { input: { id: unsold.id, reason: 'Lluvia' } },
      bearer(adminWithoutSecondFactor.accessToken),
    );
    expect(plain.body.data?.cancelEvent.status).toBe('CANCELLED');
  });

  it('cancels an event: paid orders refunded, free ones cancelled, pending ones released, one event each', async () => {
    const event = await createTestEvent(api, admin, {
      types: [
        { name: 'Libre', quantity: 10 },
        { name: 'Paga', quantity: 10, price: 20_000 },
      ],
    });
    const [free, paid] = event.ticketTypeIds as [string, string];
    const freeOrder = (
      await orderTickets(api, buyer, event.id, [{ ticketTypeId: free, quantity: 1 }])
    ).data!.orderTickets;
    const paidOrder = (
      await orderTickets(api, otherBuyer, event.id, [{ ticketTypeId: paid, quantity: 2 }])
    ).data!.orderTickets;
    await orderMutation(api, admin, 'markOrderPaid', { id: paidOrder.id });
    const pendingOrder = (
      await orderTickets(api, buyer, event.id, [{ ticketTypeId: paid, quantity: 1 }])
    ).data!.orderTickets;

    const byModerator = await api.graphql(
      'mutation ($input: CancelEventInput!) { cancelEvent(input: $input) { id } }',
      { input: { id: event.id, reason: 'Tormenta' } },
      bearer(moderator.accessToken),
    );
    expect(byModerator.body.errors?.[0]?.extensions?.code).toBe('FORBIDDEN');
    const cancelled = await api.graphql<{ cancelEvent: { status: string } }>(
      'mutation ($input: CancelEventInput!) { cancelEvent(input: $input) { status } }',
      { input: { id: event.id, reason: 'Tormenta' } },
      bearer(admin.accessToken),
    );
    expect(cancelled.body.data!.cancelEvent.status).toBe('CANCELLED');

    const orders = await api.graphql<{ orders: { edges: { node: OrderView }[] } }>(
      `query ($filter: OrderFilter) { orders(filter: $filter) { edges { node { ${ORDER_FIELDS} } } } }`,
      { filter: { eventId: event.id } },
      bearer(admin.accessToken),
    );
    const byId = new Map(orders.body.data!.orders.edges.map((edge) => [edge.node.id, edge.node]));
    expect(byId.get(freeOrder.id)).toMatchObject({ status: 'CANCELLED' });
    expect(byId.get(paidOrder.id)).toMatchObject({
      status: 'REFUNDED',
      refunded: { amount: 40_000 },
    });
    expect(byId.get(pendingOrder.id)).toMatchObject({ status: 'CANCELLED' });
    for (const order of byId.values())
      expect(order.tickets.every((ticket) => ticket.status === 'VOID')).toBe(true);

    const outbox = await withSuperuser(
      TEST_DATABASE,
      async (db) =>
        (
          await db.query(
            `SELECT type, payload->>'orderId' AS order_id FROM outbox_events
           WHERE payload->>'eventId' = $1 AND type IN ('order.refunded', 'order.cancelled', 'event.cancelled')`,
            [event.id],
          )
        ).rows,
    );
    expect(outbox.filter((row) => row.type === 'event.cancelled')).toHaveLength(1);
    expect(
      outbox
        .filter((row) => row.order_id)
        .map((row) => row.order_id)
        .sort(),
    ).toEqual([freeOrder.id, paidOrder.id, pendingOrder.id].sort());
  });

  it("keeps buyers' data from door volunteers and other buyers", async () => {
    const event = await createTestEvent(api, admin, { types: [{ quantity: 5 }] });
    const mine = (
      await orderTickets(api, buyer, event.id, [
        { ticketTypeId: event.ticketTypeIds[0]!, quantity: 1 },
      ])
    ).data!.orderTickets;
    const asVolunteer = await api.graphql(
      `{ order(id: "${mine.id}") { id } }`,
      {},
      bearer(volunteer.accessToken),
    );
    expect(asVolunteer.body.errors?.[0]?.extensions?.code).toBe('FORBIDDEN');
    const theirs = await api.graphql<{ myOrders: { edges: { node: { id: string } }[] } }>(
      '{ myOrders(first: 100) { edges { node { id } } } }',
      {},
      bearer(otherBuyer.accessToken),
    );
    expect(theirs.body.data!.myOrders.edges.map((edge) => edge.node.id)).not.toContain(mine.id);
    const myTickets = await api.graphql<{
      myTickets: { edges: { node: { code: string; order: { id: string } } }[] };
    }>(
      '{ myTickets(first: 100, filter: { upcoming: true }) { edges { node { code order { id } } } } }',
      {},
      bearer(buyer.accessToken),
    );
    expect(myTickets.body.data!.myTickets.edges.map((edge) => edge.node.order.id)).toContain(
      mine.id,
    );
  });
});
