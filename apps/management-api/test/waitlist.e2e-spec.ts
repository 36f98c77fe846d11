import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { OfferFreedSeats } from '../src/waitlist/offer-freed-seats.system-path.js';
import { endUser, type Identity, steppedUpStaff } from './support/auth-service.js';
import { createTestEvent, orderMutation, orderTickets, type TestEvent } from './support/catalog.js';
import { eventually } from './support/eventually.js';
import { mailsTo } from './support/mailbox.js';
import { type RunningApp, startApp } from './support/running-app.js';
import { expectConsistent, seatsOf } from './support/seats.js';
import { bearer, createOrganization, type TestOrganization } from './support/tenants.js';
import { TEST_DATABASE, testConfig, withSuperuser } from './support/test-env.js';

const ENTRY = 'id position status quantity offeredUntil ticketType { id } event { id }';

interface Entry {
  id: string;
  position: number | null;
  status: string;
  quantity: number;
  offeredUntil: string | null;
}

describe('the waiting list', () => {
  let apps: RunningApp[];
  let organization: TestOrganization;
  let admin: Identity;
  let buyers: Identity[];

  beforeAll(async () => {
    // Two instances, both offering freed seats on their own schedule.
    const config = testConfig({ WAITLIST_INTERVAL_SECONDS: '0.3' });
    apps = await Promise.all([startApp(config), startApp(config)]);
    organization = await createOrganization('waitlist');
    admin = await steppedUpStaff(organization.id);
    buyers = await Promise.all(Array.from({ length: 6 }, (_, i) => endUser(`wait-${i}`)));
  }, 60_000);
  afterAll(() => Promise.all(apps.map((app) => app.close())));

  const join = (buyer: Identity, ticketTypeId: string, quantity = 1, app = apps[0]!) =>
    app
      .graphql<{ joinWaitlist: Entry }>(
        `mutation ($input: JoinWaitlistInput!) { joinWaitlist(input: $input) { ${ENTRY} } }`,
        { input: { ticketTypeId, quantity } },
        bearer(buyer.accessToken),
      )
      .then(({ body }) => body);

  const leave = (buyer: Identity, id: string) =>
    apps[1]!
      .graphql<{ leaveWaitlist: Entry }>(
        `mutation ($input: LeaveWaitlistInput!) { leaveWaitlist(input: $input) { ${ENTRY} } }`,
        { input: { id } },
        bearer(buyer.accessToken),
      )
      .then(({ body }) => body);

  const myEntries = async (buyer: Identity): Promise<Entry[]> => {
    const { body } = await apps[1]!.graphql<{ myWaitlist: { edges: { node: Entry }[] } }>(
      `{ myWaitlist(first: 20) { edges { node { ${ENTRY} } } } }`,
      {},
      bearer(buyer.accessToken),
    );
    return body.data!.myWaitlist.edges.map((edge) => edge.node);
  };

  const entryOf = async (buyer: Identity, id: string) =>
    (await myEntries(buyer)).find((entry) => entry.id === id)!;

  const availableOf = async (event: TestEvent) => {
    const { body } = await apps[0]!.graphql<{
      publicEvent: { ticketTypes: { id: string; available: number }[] };
    }>('query ($id: ID!) { publicEvent(id: $id) { ticketTypes { id available } } }', {
      id: event.id,
    });
    return body.data!.publicEvent.ticketTypes[0]!.available;
  };

  const cancel = (buyer: Identity, id: string) =>
    apps[0]!.graphql(
      'mutation ($input: OrderIdInput!) { cancelOrder(input: $input) { status } }',
      { input: { id } },
      bearer(buyer.accessToken),
    );

  /** Orders every seat of the event's first type with a pending (paid) order. */
  const soldOutEvent = async (seats: number, maxPerOrder?: number) => {
    const event = await createTestEvent(apps[0]!, admin, {
      types: [{ quantity: seats, price: 10_000, maxPerOrder }],
    });
    const holding = await orderTickets(apps[0]!, buyers[5]!, event.id, [
      { ticketTypeId: event.ticketTypeIds[0]!, quantity: seats },
    ]);
    expect(holding.data?.orderTickets.status).toBe('PENDING');
    return { event, holdingOrder: holding.data!.orderTickets.id };
  };

  it('takes people only while the tickets cannot be bought, once each, within what one order may hold', async () => {
    const onSale = await createTestEvent(apps[0]!, admin, { types: [{ quantity: 5 }] });
    expect(
      (await join(buyers[0]!, onSale.ticketTypeIds[0]!)).errors?.[0]?.extensions,
    ).toMatchObject({ code: 'CONFLICT', reason: 'NOT_SOLD_OUT' });
    const draft = await createTestEvent(apps[0]!, admin, {
      types: [{ quantity: 1 }],
      publish: false,
    });
    expect((await join(buyers[0]!, draft.ticketTypeIds[0]!)).errors?.[0]?.extensions?.code).toBe(
      'NOT_FOUND',
    );

    const { event } = await soldOutEvent(2, 3);
    const type = event.ticketTypeIds[0]!;
    expect((await join(buyers[0]!, type, 4)).errors?.[0]?.extensions).toMatchObject({
      reason: 'ORDER_LIMIT_EXCEEDED',
    });
    const first = await join(buyers[0]!, type, 2);
    expect(first.data!.joinWaitlist).toMatchObject({
      status: 'WAITING',
      position: 1,
      quantity: 2,
      offeredUntil: null,
    });
    expect((await join(buyers[0]!, type)).errors?.[0]?.extensions).toMatchObject({
      reason: 'ALREADY_ON_WAITLIST',
    });
    const second = await join(buyers[1]!, type, 1, apps[1]!);
    expect(second.data!.joinWaitlist.position).toBe(2);
    // Nobody sees who else waits.
    expect((await myEntries(buyers[1]!)).map((entry) => entry.id)).toEqual([
      second.data!.joinWaitlist.id,
    ]);
  });

  it('offers freed seats in line order, holds them for the person, and lets nobody else take them', async () => {
    const { event, holdingOrder } = await soldOutEvent(2);
    const type = event.ticketTypeIds[0]!;
    const first = (await join(buyers[0]!, type)).data!.joinWaitlist;
    const second = (await join(buyers[1]!, type)).data!.joinWaitlist;
    const third = (await join(buyers[2]!, type, 2)).data!.joinWaitlist;
    expect([first.position, second.position, third.position]).toEqual([1, 2, 3]);

    expect((await cancel(buyers[5]!, holdingOrder)).body.errors).toBeUndefined();
    // Two seats free: the first two in line get one each; the third wants two and waits.
    const offered = await eventually(
      () => Promise.all([entryOf(buyers[0]!, first.id), entryOf(buyers[1]!, second.id)]),
      (entries) => entries.every((entry) => entry.status === 'OFFERED'),
    );
    const hours = (Date.parse(offered[0]!.offeredUntil!) - Date.now()) / 3_600_000;
    expect(hours).toBeGreaterThan(23.9);
    expect(hours).toBeLessThanOrEqual(24);
    expect(await entryOf(buyers[2]!, third.id)).toMatchObject({ status: 'WAITING', position: 1 });
    expect(await availableOf(event)).toBe(0);
    const stranger = await orderTickets(apps[1]!, buyers[3]!, event.id, [
      { ticketTypeId: type, quantity: 1 },
    ]);
    expect(stranger.errors?.[0]?.extensions).toMatchObject({ reason: 'SOLD_OUT' });
    expect(expectConsistent(await seatsOf(event.id))).toEqual([]);

    // The person is told, once.
    const mails = await eventually(
      () => mailsTo(buyers[0]!.email),
      (found) => found.some((mail) => mail.subject.startsWith('Tu turno')),
    );
    expect(mails.filter((mail) => mail.subject.startsWith('Tu turno'))).toHaveLength(1);
    expect(mails.find((mail) => mail.subject.startsWith('Tu turno'))!.text).toContain('1 entrada');

    // Redeemed with orderTickets: the held seat becomes the order's.
    const redeemed = await orderTickets(
      apps[1]!,
      buyers[0]!,
      event.id,
      [{ ticketTypeId: type, quantity: 1 }],
      { waitlistEntryId: first.id },
    );
    expect(redeemed.errors).toBeUndefined();
    expect(redeemed.data!.orderTickets.status).toBe('PENDING');
    expect(await entryOf(buyers[0]!, first.id)).toMatchObject({ status: 'FULFILLED' });
    const again = await orderTickets(
      apps[0]!,
      buyers[0]!,
      event.id,
      [{ ticketTypeId: type, quantity: 1 }],
      { waitlistEntryId: first.id },
    );
    expect(again.errors?.[0]?.extensions).toMatchObject({ reason: 'WAITLIST_OFFER_UNAVAILABLE' });
    expect(expectConsistent(await seatsOf(event.id))).toEqual([]);

    // Someone else's offer is not found; a waiting entry holds no offer.
    const taken = await orderTickets(
      apps[0]!,
      buyers[3]!,
      event.id,
      [{ ticketTypeId: type, quantity: 1 }],
      { waitlistEntryId: second.id },
    );
    expect(taken.errors?.[0]?.extensions?.code).toBe('NOT_FOUND');
    const early = await orderTickets(
      apps[0]!,
      buyers[2]!,
      event.id,
      [{ ticketTypeId: type, quantity: 2 }],
      { waitlistEntryId: third.id },
    );
    expect(early.errors?.[0]?.extensions).toMatchObject({ reason: 'WAITLIST_OFFER_UNAVAILABLE' });

    // The second lets the offer lapse: it expires and its seat passes on (one free: not
    // enough for the third, who wants two and keeps the head of the line).
    await withSuperuser(TEST_DATABASE, (db) =>
      db.query(
        "UPDATE waitlist_entries SET offered_until = now() - interval '1 second' WHERE id = $1",
        [second.id],
      ),
    );
    await eventually(
      () => entryOf(buyers[1]!, second.id),
      (entry) => entry.status === 'EXPIRED',
    );
    expect(await entryOf(buyers[2]!, third.id)).toMatchObject({ status: 'WAITING', position: 1 });
    expect(expectConsistent(await seatsOf(event.id))).toEqual([]);

    // The redeemed order is cancelled: two seats free, the third is offered both.
    expect((await cancel(buyers[0]!, redeemed.data!.orderTickets.id)).body.errors).toBeUndefined();
    await eventually(
      () => entryOf(buyers[2]!, third.id),
      (entry) => entry.status === 'OFFERED',
    );
    expect(expectConsistent(await seatsOf(event.id))).toEqual([]);

    // Declining hands the seats back to sale at once (nobody waits now).
    const declined = await leave(buyers[2]!, third.id);
    expect(declined.data!.leaveWaitlist).toMatchObject({ status: 'LEFT', position: null });
    expect(await availableOf(event)).toBe(2);
    const bought = await orderTickets(apps[1]!, buyers[3]!, event.id, [
      { ticketTypeId: type, quantity: 2 },
    ]);
    expect(bought.data?.orderTickets.status).toBe('PENDING');
    expect((await leave(buyers[2]!, third.id)).errors?.[0]?.extensions).toMatchObject({
      reason: 'ILLEGAL_STATE_TRANSITION',
    });
    expect(expectConsistent(await seatsOf(event.id))).toEqual([]);
  });

  it('offers each entry exactly once with two instances settling the same list at the same time', async () => {
    const { event } = await soldOutEvent(1);
    const type = event.ticketTypeIds[0]!;
    const waiting = await withSuperuser(TEST_DATABASE, async (db) => {
      // Forty people in line, written directly (the subject is the offering).
      const { rows } = await db.query<{ id: string }>(
        `INSERT INTO waitlist_entries (id, organization_id, user_id, event_id, ticket_type_id, quantity,
                                       email, name, created_at, updated_at)
         SELECT gen_random_uuid(), $1, lpad(n::text, 24, '0'), $2, $3, 1 + n % 2,
                'line' || n || '@example.org', 'Persona ' || n, now() + n * interval '1 ms', now()
           FROM generate_series(1, 40) AS n RETURNING id`,
        [organization.id, event.id, type],
      );
      return rows.map((row) => row.id);
    });
    // Thirty more seats: whoever fits in line order is offered, by whichever instance.
    const resized = await apps[0]!.graphql(
      'mutation ($input: UpdateTicketTypeInput!) { updateTicketType(input: $input) { id } }',
      { input: { id: type, quantity: 31 } },
      bearer(admin.accessToken),
    );
    expect(resized.body.errors).toBeUndefined();
    const jobs = apps.map((app) => app.app.get(OfferFreedSeats));
    await Promise.all([...jobs, ...jobs, ...jobs].map((job) => job.run()));

    const entries = await eventually(
      () =>
        withSuperuser(TEST_DATABASE, (db) =>
          db.query<{ id: string; status: string; quantity: number; offers: number }>(
            `SELECT entry.id, entry.status, entry.quantity,
                    (SELECT count(*)::int FROM outbox_events o
                      WHERE o.type = 'waitlist.offered' AND o.payload->>'entryId' = entry.id::text) AS offers
               FROM waitlist_entries entry WHERE entry.ticket_type_id = $1
              ORDER BY entry.created_at, entry.id`,
            [type],
          ),
        ).then(({ rows }) => rows),
      (rows) => rows.filter((row) => row.status === 'OFFERED').length > 0,
    );
    expect(entries.map((entry) => entry.id)).toEqual(waiting);
    // Strict line order: a prefix of the line is offered, and it fits the 30 seats.
    const offered = entries.filter((entry) => entry.status === 'OFFERED');
    const prefix = entries.slice(0, offered.length);
    expect(prefix.every((entry) => entry.status === 'OFFERED')).toBe(true);
    const seats = offered.reduce((sum, entry) => sum + entry.quantity, 0);
    expect(seats).toBeLessThanOrEqual(30);
    expect(seats + entries[offered.length]!.quantity).toBeGreaterThan(30);
    for (const entry of entries) expect(entry.offers).toBe(entry.status === 'OFFERED' ? 1 : 0);
    expect(expectConsistent(await seatsOf(event.id))).toEqual([]);
  });

  it('refunds a payment made after its hold ended when people wait for the seats it had', async () => {
    const { event, holdingOrder } = await soldOutEvent(1);
    const type = event.ticketTypeIds[0]!;
    const waiting = (await join(buyers[3]!, type)).data!.joinWaitlist;
    await withSuperuser(TEST_DATABASE, (db) =>
      db.query("UPDATE orders SET expires_at = now() - interval '1 second' WHERE id = $1", [
        holdingOrder,
      ]),
    );
    // The hold expires, and its seat goes to the person waiting.
    await eventually(
      () => entryOf(buyers[3]!, waiting.id),
      (entry) => entry.status === 'OFFERED',
    );
    const late = await orderMutation(apps[1]!, admin, 'markOrderPaid', { id: holdingOrder });
    expect(late.errors).toBeUndefined();
    expect(late.data!.markOrderPaid).toMatchObject({
      status: 'EXPIRED',
      refunded: { amount: 10_000 },
    });
    expect(await entryOf(buyers[3]!, waiting.id)).toMatchObject({ status: 'OFFERED' });
    expect(expectConsistent(await seatsOf(event.id))).toEqual([]);
  });

  it('ends the line when the event is cancelled, returning the seats offers held', async () => {
    const { event } = await soldOutEvent(1);
    const type = event.ticketTypeIds[0]!;
    const waiting = (await join(buyers[4]!, type)).data!.joinWaitlist;
    await apps[0]!.graphql(
      'mutation ($input: UpdateTicketTypeInput!) { updateTicketType(input: $input) { id } }',
      { input: { id: type, quantity: 2 } },
      bearer(admin.accessToken),
    );
    await eventually(
      () => entryOf(buyers[4]!, waiting.id),
      (entry) => entry.status === 'OFFERED',
    );
    const cancelled = await apps[0]!.graphql(
      'mutation ($input: CancelEventInput!) { cancelEvent(input: $input) { status } }',
      { input: { id: event.id, reason: 'Lluvia' } },
      bearer(admin.accessToken),
    );
    expect(cancelled.body.errors).toBeUndefined();
    await eventually(
      () => entryOf(buyers[4]!, waiting.id),
      (entry) => entry.status === 'EXPIRED',
    );
    const pools = await seatsOf(event.id);
    expect(pools.typePools[type]!.held).toBe(0);
    expect(expectConsistent(pools)).toEqual([]);
  });
});
