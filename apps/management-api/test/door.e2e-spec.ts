import { createPublicKey, randomUUID, verify } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  endUser,
  type Identity,
  MAILDEV_URL,
  staffMember,
  steppedUpStaff,
} from './support/auth-service.js';
import { createTestEvent, orderMutation, orderTickets } from './support/catalog.js';
import { type RunningApp, startApp } from './support/running-app.js';
import { bearer, createOrganization, type TestOrganization } from './support/tenants.js';
import { TEST_DATABASE, withSuperuser } from './support/test-env.js';

const CHECK_IN = `mutation ($input: CheckInTicketInput!) {
  checkInTicket(input: $input) { checkedInAt checkedInBy firstScan ticket { id status } } }`;
const UPLOAD = `mutation ($input: UploadCheckInsInput!) { uploadCheckIns(input: $input) { nonce ticketId outcome reason } }`;

interface BoughtTicket {
  id: string;
  code: string;
  qrPayload: string;
}

describe('the door', () => {
  let apps: RunningApp[];
  let organization: TestOrganization;
  let admin: Identity;
  let volunteer: Identity;
  let otherDoor: Identity;
  let buyer: Identity;
  let event: { id: string; ticketTypeIds: string[] };
  let otherEvent: { id: string; ticketTypeIds: string[] };

  beforeAll(async () => {
    apps = await Promise.all([startApp(), startApp()]);
    organization = await createOrganization('door');
    [admin, volunteer, otherDoor, buyer] = await Promise.all([
      steppedUpStaff(organization.id),
      staffMember(organization.id, 'user'),
      staffMember(organization.id, 'user'),
      endUser('door-buyer'),
    ]);
    event = await createTestEvent(apps[0]!, admin, { types: [{ quantity: 100 }] });
    otherEvent = await createTestEvent(apps[0]!, admin, { types: [{ quantity: 10 }] });
  }, 60_000);
  afterAll(() => Promise.all(apps.map((app) => app.close())));

  /** Buys `quantity` free tickets and returns them as the buyer's app shows them. */
  async function buy(quantity: number, forEvent = event): Promise<BoughtTicket[]> {
    const placed = await orderTickets(apps[0]!, buyer, forEvent.id, [
      { ticketTypeId: forEvent.ticketTypeIds[0]!, quantity },
    ]);
    const orderId = placed.data!.orderTickets.id;
    const { body } = await apps[0]!.graphql<{
      myOrders: { edges: { node: { id: string; tickets: BoughtTicket[] } }[] };
    }>(
      '{ myOrders(first: 50) { edges { node { id tickets { id code qrPayload } } } } }',
      {},
      bearer(buyer.accessToken),
    );
    return body.data!.myOrders.edges.find((edge) => edge.node.id === orderId)!.node.tickets;
  }

  const checkIn = (
    app: RunningApp,
    staff: Identity,
    payload: string,
    nonce?: string,
    eventId = event.id,
  ) =>
    app
      .graphql<{
        checkInTicket: {
          checkedInAt: string;
          checkedInBy: string;
          firstScan: boolean;
          ticket: { id: string; status: string };
        };
      }>(
        CHECK_IN,
        { input: { eventId, payload, nonce: nonce ?? randomUUID() } },
        bearer(staff.accessToken),
      )
      .then(({ body }) => body);

  it('admits a ticket by its QR once; the same nonce answers the first result, another scan is ALREADY_CHECKED_IN', async () => {
    const [ticket] = await buy(1);
    const nonce = randomUUID();
    const first = await checkIn(apps[0]!, volunteer, ticket!.qrPayload, nonce);
    expect(first.data!.checkInTicket).toMatchObject({
      firstScan: true,
      checkedInBy: volunteer.userId,
      ticket: { status: 'CHECKED_IN' },
    });
    const again = await checkIn(apps[1]!, volunteer, ticket!.qrPayload, nonce);
    expect(again.data!.checkInTicket).toMatchObject({
      firstScan: false,
      checkedInAt: first.data!.checkInTicket.checkedInAt,
    });
    const second = await checkIn(apps[1]!, otherDoor, ticket!.qrPayload);
    expect(second.errors?.[0]?.extensions).toMatchObject({
      code: 'CONFLICT',
      reason: 'ALREADY_CHECKED_IN',
      checkedInAt: first.data!.checkInTicket.checkedInAt,
      checkedInBy: volunteer.userId,
    });
  });

  it('admits by a code typed in, and refuses tampered, foreign and void tickets with their reasons', async () => {
    const [typed, tampered, voided] = await buy(3);
    expect(
      (await checkIn(apps[0]!, volunteer, typed!.code.toLowerCase())).data!.checkInTicket.firstScan,
    ).toBe(true);
    const forged = tampered!.qrPayload.replace(tampered!.code, voided!.code);
    expect((await checkIn(apps[0]!, volunteer, forged)).errors?.[0]?.extensions?.reason).toBe(
      'INVALID_TICKET',
    );
    expect(
      (await checkIn(apps[0]!, volunteer, 'NOT-A-TICKET')).errors?.[0]?.extensions?.reason,
    ).toBe('INVALID_TICKET');
    expect(
      (await checkIn(apps[0]!, volunteer, tampered!.qrPayload, undefined, otherEvent.id))
        .errors?.[0]?.extensions?.reason,
    ).toBe('WRONG_EVENT');
    const [elsewhere] = await buy(1, otherEvent);
    expect(
      (await checkIn(apps[0]!, volunteer, elsewhere!.code)).errors?.[0]?.extensions?.reason,
    ).toBe('WRONG_EVENT');
    await withSuperuser(TEST_DATABASE, (db) =>
      db.query("UPDATE tickets SET status = 'VOID' WHERE id = $1", [voided!.id]),
    );
    expect(
      (await checkIn(apps[0]!, volunteer, voided!.qrPayload)).errors?.[0]?.extensions?.reason,
    ).toBe('TICKET_VOID');
  });

  it('admits a ticket scanned at two doors at the same instant exactly once', async () => {
    const [ticket] = await buy(1);
    const results = await Promise.all(
      Array.from({ length: 10 }, (_, i) =>
        checkIn(apps[i % 2]!, i % 2 ? otherDoor : volunteer, ticket!.qrPayload),
      ),
    );
    expect(results.filter((body) => body.data?.checkInTicket?.firstScan)).toHaveLength(1);
    expect(
      results.filter((body) => body.errors?.[0]?.extensions?.reason === 'ALREADY_CHECKED_IN'),
    ).toHaveLength(9);
  });

  describe('offline', () => {
    it('gives a scanner the keys to verify QR codes itself, and the codes that no longer admit', async () => {
      const [ticket, refunded] = await buy(2);
      await withSuperuser(TEST_DATABASE, (db) =>
        db.query("UPDATE tickets SET status = 'VOID' WHERE id = $1", [refunded!.id]),
      );
      const { body } = await apps[0]!.graphql<{
        checkInSnapshot: { keys: { kid: string; publicKey: string }[]; revokedCodes: string[] };
      }>(
        `{ checkInSnapshot(eventId: "${event.id}") { keys { kid publicKey } publicKey revokedCodes generatedAt } }`,
        {},
        bearer(volunteer.accessToken),
      );
      const snapshot = body.data!.checkInSnapshot;
      expect(snapshot.revokedCodes).toContain(refunded!.code);
      expect(snapshot.revokedCodes).not.toContain(ticket!.code);
      // What a scanner app does: find the key by kid, verify the signature over the rest.
      const [format, kid, eventId, code, signature] = ticket!.qrPayload.split('.');
      const key = snapshot.keys.find((candidate) => candidate.kid === kid)!;
      const publicKey = createPublicKey({
        key: Buffer.concat([
          Buffer.from('302a300506032b6570032100', 'hex'),
          Buffer.from(key.publicKey, 'base64url'),
        ]),
        format: 'der',
        type: 'spki',
      });
      const signed = Buffer.from([format, kid, eventId, code].join('.'));
      expect(verify(null, signed, publicKey, Buffer.from(signature!, 'base64url'))).toBe(true);
      expect([eventId, code]).toEqual([event.id, ticket!.code]);
    });

    it('keeps the earliest offline scan, makes duplicates no-ops, and lets an online admission win', async () => {
      const [contested, online] = await buy(2);
      const t = (minutes: number) => new Date(Date.now() - minutes * 60_000).toISOString();
      const late = { payload: contested!.qrPayload, nonce: randomUUID(), scannedAt: t(2) };
      const early = { payload: contested!.qrPayload, nonce: randomUUID(), scannedAt: t(5) };
      const upload = (staff: Identity, scans: unknown[]) =>
        apps[0]!
          .graphql<{ uploadCheckIns: { nonce: string; outcome: string; reason: string | null }[] }>(
            UPLOAD,
            { input: { eventId: event.id, scans } },
            bearer(staff.accessToken),
          )
          .then(({ body }) => body.data!.uploadCheckIns);

      expect(await upload(volunteer, [late])).toMatchObject([
        { nonce: late.nonce, outcome: 'ADMITTED' },
      ]);
      expect(await upload(otherDoor, [early, early])).toMatchObject([
        { nonce: early.nonce, outcome: 'ADMITTED' },
        { nonce: early.nonce, outcome: 'DUPLICATE' },
      ]);
      expect(await upload(volunteer, [late])).toMatchObject([{ outcome: 'DUPLICATE' }]);
      const stored = await withSuperuser(TEST_DATABASE, async (db) => ({
        ticket: (
          await db.query('SELECT checked_in_at, checked_in_by FROM tickets WHERE id = $1', [
            contested!.id,
          ])
        ).rows[0],
        scans: (
          await db.query(
            'SELECT nonce, outcome, reason FROM check_ins WHERE ticket_id = $1 ORDER BY scanned_at',
            [contested!.id],
          )
        ).rows,
      }));
      expect(stored.ticket).toEqual({
        checked_in_at: new Date(early.scannedAt),
        checked_in_by: otherDoor.userId,
      });
      expect(stored.scans).toEqual([
        { nonce: early.nonce, outcome: 'ADMITTED', reason: null },
        { nonce: late.nonce, outcome: 'REJECTED', reason: 'SUPERSEDED_BY_EARLIER_SCAN' },
      ]);

      await checkIn(apps[1]!, volunteer, online!.qrPayload);
      expect(
        await upload(otherDoor, [
          { payload: online!.qrPayload, nonce: randomUUID(), scannedAt: t(30) },
        ]),
      ).toMatchObject([{ outcome: 'REJECTED', reason: 'ALREADY_CHECKED_IN' }]);
    });
  });

  it('undoes a mistaken check-in within ten minutes, not after', async () => {
    const [mistaken, old] = await buy(2);
    await checkIn(apps[0]!, volunteer, mistaken!.qrPayload);
    const undo = (ticketId: string) =>
      apps[0]!
        .graphql<{ undoCheckIn: { status: string } }>(
          'mutation ($input: UndoCheckInInput!) { undoCheckIn(input: $input) { status } }',
          { input: { ticketId } },
          bearer(volunteer.accessToken),
        )
        .then(({ body }) => body);
    expect((await undo(mistaken!.id)).data!.undoCheckIn.status).toBe('VALID');
    expect(
      (await checkIn(apps[0]!, otherDoor, mistaken!.qrPayload)).data!.checkInTicket.firstScan,
    ).toBe(true);
    const audit = await withSuperuser(TEST_DATABASE, (db) =>
      db.query('SELECT undone_by FROM check_ins WHERE ticket_id = $1 AND undone_at IS NOT NULL', [
        mistaken!.id,
      ]),
    );
    expect(audit.rows).toEqual([{ undone_by: volunteer.userId }]);

    await checkIn(apps[0]!, volunteer, old!.qrPayload);
    await withSuperuser(TEST_DATABASE, (db) =>
      db.query(
        "UPDATE check_ins SET recorded_at = now() - interval '11 minutes' WHERE ticket_id = $1",
        [old!.id],
      ),
    );
    expect((await undo(old!.id)).errors?.[0]?.extensions?.reason).toBe('UNDO_WINDOW_PASSED');
  });

  it('finds attendees by name, email or code and counts who is in', async () => {
    const [ticket] = await buy(1);
    const search = async (text: string) => {
      const { body } = await apps[0]!.graphql<{ attendees: { edges: { node: { id: string } }[] } }>(
        `query ($filter: AttendeeFilter) { attendees(eventId: "${event.id}", first: 100, filter: $filter) { edges { node { id } } } }`,
        { filter: { search: text } },
        bearer(volunteer.accessToken),
      );
      return body.data!.attendees.edges.map((edge) => edge.node.id);
    };
    expect(await search(ticket!.code)).toEqual([ticket!.id]);
    expect(await search(buyer.email)).toContain(ticket!.id);
    const { body } = await apps[0]!.graphql<{ checkInStats: { checkedIn: number; total: number } }>(
      `{ checkInStats(eventId: "${event.id}") { checkedIn total } }`,
      {},
      bearer(volunteer.accessToken),
    );
    const counted = await withSuperuser(TEST_DATABASE, (db) =>
      db.query(
        `SELECT count(*) FILTER (WHERE status = 'CHECKED_IN')::int AS checked_in, count(*) FILTER (WHERE status <> 'VOID')::int AS total
         FROM tickets WHERE event_id = $1`,
        [event.id],
      ),
    );
    expect(body.data!.checkInStats).toEqual({
      checkedIn: counted.rows[0].checked_in,
      total: counted.rows[0].total,
    });
  });

  it("mails the buyer each ticket's QR code as an image", async () => {
    const [ticket] = await buy(1);
    const deadline = Date.now() + 15_000;
    for (;;) {
      const mails = (await (await fetch(`${MAILDEV_URL}/api/email`)).json()) as {
        to: { address: string }[];
        text: string;
        attachments?: { contentType: string; contentId?: string }[];
      }[];
      const mail = mails.find(
        (m) => m.to.some((to) => to.address === buyer.email) && m.text.includes(ticket!.code),
      );
      if (mail) {
        expect(mail.attachments?.map((attachment) => attachment.contentType)).toEqual([
          'image/png',
        ]);
        return;
      }
      if (Date.now() > deadline) throw new Error('no confirmation with a QR image arrived');
      await new Promise((resolve) => setTimeout(resolve, 200));
    }
  });

  it('is refused for an order of another event, and the refunds void the tickets it checks', async () => {
    const paidEvent = await createTestEvent(apps[0]!, admin, {
      types: [{ quantity: 5, price: 1_000 }],
    });
    const order = (
      await orderTickets(apps[0]!, buyer, paidEvent.id, [
        { ticketTypeId: paidEvent.ticketTypeIds[0]!, quantity: 1 },
      ])
    ).data!.orderTickets;
    await orderMutation(apps[0]!, admin, 'markOrderPaid', { id: order.id });
    const paid = await orderMutation(apps[0]!, admin, 'refundOrder', { id: order.id });
    const code = paid.data!.refundOrder.tickets[0]!.code;
    expect(
      (await checkIn(apps[0]!, volunteer, code, undefined, paidEvent.id)).errors?.[0]?.extensions
        ?.reason,
    ).toBe('TICKET_VOID');
  });

  it('gives every ticket a new code when the event moves, and the old codes stop admitting', async () => {
    const moving = await createTestEvent(apps[0]!, admin, { types: [{ quantity: 10 }] });
    const [ticket] = await buy(1, moving);
    const later = new Date(Date.now() + 10 * 86_400_000);
    const moved = await apps[0]!.graphql(
      'mutation ($input: UpdateEventInput!) { updateEvent(input: $input) { id } }',
      {
        input: {
          id: moving.id,
          startsAt: later.toISOString(),
          endsAt: new Date(later.getTime() + 3_600_000).toISOString(),
        },
      },
      bearer(admin.accessToken),
    );
    expect(moved.body.errors).toBeUndefined();
    expect(
      (await checkIn(apps[0]!, volunteer, ticket!.qrPayload, undefined, moving.id)).errors?.[0]
        ?.extensions?.reason,
    ).toBe('TICKET_VOID');
    const { body } = await apps[0]!.graphql<{
      myTickets: { edges: { node: { id: string; code: string; qrPayload: string } }[] };
    }>(
      '{ myTickets(first: 100) { edges { node { id code qrPayload } } } }',
      {},
      bearer(buyer.accessToken),
    );
    const renewed = body.data!.myTickets.edges.find((edge) => edge.node.id === ticket!.id)!.node;
    expect(renewed.code).not.toBe(ticket!.code);
    expect(
      (await checkIn(apps[0]!, volunteer, renewed.qrPayload, undefined, moving.id)).data!
        .checkInTicket.firstScan,
    ).toBe(true);
  });

  it("mails a paid order's tickets again to its buyer, once a minute, and to nobody else's asking", async () => {
    const placed = await orderTickets(apps[0]!, buyer, event.id, [
      { ticketTypeId: event.ticketTypeIds[0]!, quantity: 1 },
    ]);
    const orderId = placed.data!.orderTickets.id;
    const resend = (who: Identity) =>
      apps[0]!
        .graphql(
          'mutation ($input: ResendTicketsInput!) { resendTickets(input: $input) { id } }',
          { input: { orderId } },
          bearer(who.accessToken),
        )
        .then(({ body }) => body);
    expect((await resend(otherDoor)).errors?.[0]?.extensions?.code).toBe('NOT_FOUND');
    expect((await resend(buyer)).errors).toBeUndefined();
    expect((await resend(admin)).errors?.[0]?.extensions?.code).toBe('RATE_LIMITED');
    const code = placed.data!.orderTickets.tickets[0]!.code;
    const deadline = Date.now() + 15_000;
    for (;;) {
      const mails = (await (await fetch(`${MAILDEV_URL}/api/email`)).json()) as {
        to: { address: string }[];
        text: string;
      }[];
      if (
        mails.filter((m) => m.to.some((to) => to.address === buyer.email) && m.text.includes(code))
          .length >= 2
      )
        break;
      if (Date.now() > deadline) throw new Error('the tickets were not mailed again');
      await new Promise((resolve) => setTimeout(resolve, 200));
    }
  });
});
