import { randomUUID } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { AUTH_URL, endUser, type Identity, staffMember } from './support/auth-service.js';
import { createTestEvent, orderTickets } from './support/catalog.js';
import { type RunningApp, startApp } from './support/running-app.js';
import { bearer, createOrganization, type TestOrganization } from './support/tenants.js';
import { eventually } from './support/eventually.js';
import { mailsTo } from './support/mailbox.js';

const TRANSFER = `mutation ($input: TransferTicketInput!) { transferTicket(input: $input) { id status } }`;

describe('ticket transfers', () => {
  let api: RunningApp;
  let organization: TestOrganization;
  let admin: Identity;
  let volunteer: Identity;
  let holder: Identity;
  let friend: Identity;
  let event: { id: string; ticketTypeIds: string[] };

  beforeAll(async () => {
    api = await startApp();
    organization = await createOrganization('transfers');
    [admin, volunteer, holder, friend] = await Promise.all([
      staffMember(organization.id, 'admin'),
      staffMember(organization.id, 'user'),
      endUser('holder'),
      endUser('friend'),
    ]);
    event = await createTestEvent(api, admin, { types: [{ name: 'General', quantity: 50 }] });
  }, 60_000);
  afterAll(() => api.close());

  async function ticketsOf(who: Identity) {
    const { body } = await api.graphql<{
      myTickets: {
        edges: { node: { id: string; code: string; status: string; holderName: string } }[];
      };
    }>(
      '{ myTickets(first: 100) { edges { node { id code status holderName } } } }',
      {},
      bearer(who.accessToken),
    );
    return body.data!.myTickets.edges.map((edge) => edge.node);
  }
  async function buyOne(forEvent = event): Promise<{ id: string; code: string }> {
    const body = await orderTickets(api, holder, forEvent.id, [
      { ticketTypeId: forEvent.ticketTypeIds[0]!, quantity: 1 },
    ]);
    return body.data!.orderTickets.tickets[0]!;
  }
  const transfer = (
    who: Identity,
    id: string,
    toEmail: string,
    toName = 'Pon Cualquier Cosa Aquí https://evil.example',
  ) =>
    api
      .graphql<{ transferTicket: { id: string; status: string } }>(
        TRANSFER,
        { input: { id, toEmail, toName } },
        bearer(who.accessToken),
      )
      .then(({ body }) => body);

  it('hands a ticket to a verified account at once: the old code stops admitting, the new one is theirs', async () => {
    const ticket = await buyOne();
    const body = await transfer(holder, ticket.id, friend.email.toUpperCase());
    expect(body.data!.transferTicket).toEqual({ id: ticket.id, status: 'VOID' });
    const received = (await ticketsOf(friend)).find(
      (own) => own.holderName === 'Pon Cualquier Cosa Aquí https://evil.example',
    );
    expect(received).toMatchObject({ status: 'VALID' });
    expect(received!.code).not.toBe(ticket.code);

    const door = (payload: string) =>
      api.graphql(
        'mutation ($input: CheckInTicketInput!) { checkInTicket(input: $input) { firstScan } }',
        { input: { eventId: event.id, payload } },
        bearer(volunteer.accessToken),
      );
    expect((await door(ticket.code)).body.errors?.[0]?.extensions?.reason).toBe('TICKET_VOID');
    const snapshot = await api.graphql<{ checkInSnapshot: { revokedCodes: string[] } }>(
      `{ checkInSnapshot(eventId: "${event.id}") { revokedCodes } }`,
      {},
      bearer(volunteer.accessToken),
    );
    expect(snapshot.body.data!.checkInSnapshot.revokedCodes).toContain(ticket.code);

    const [mail] = await eventually(
      () =>
        mailsTo(friend.email).then((mails) =>
          mails.filter((m) => m.subject.startsWith('Recibiste una entrada')),
        ),
      (mails) => mails.length > 0,
    );
    expect(mail!.text).toContain(received!.code);
    // The giver's words never reach the recipient's inbox.
    expect(`${mail!.text}${mail!.html}`).not.toMatch(/evil\.example|Cualquier/);
  });

  it('gives a ticket sent to a new email to its account once that email is verified', async () => {
    const ticket = await buyOne();
    const email = `later-${randomUUID().slice(0, 8)}@buyers.trivance.test`;
    expect((await transfer(holder, ticket.id, email, 'Amiga')).errors).toBeUndefined();
    const password = `Pass-${randomUUID()}`;
    await fetch(`${AUTH_URL}/v1/auth/register`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', 'x-forwarded-for': '198.51.100.77' },
      body: JSON.stringify({ email, password, name: 'Later' }),
    });
    const verification = await eventually(
      () =>
        mailsTo(email).then((mails) =>
          mails.map((m) => /verify-email\?token=([A-Za-z0-9_%-]+)/.exec(m.text)?.[1]).find(Boolean),
        ),
      Boolean,
    );
    await fetch(`${AUTH_URL}/v1/auth/verify-email`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ token: decodeURIComponent(verification!) }),
    });
    const login = (await (
      await fetch(`${AUTH_URL}/v1/auth/login`, {
        method: 'POST',
        headers: { 'content-type': 'application/json', 'x-forwarded-for': '198.51.100.78' },
        body: JSON.stringify({ email, password }),
      })
    ).json()) as { accessToken: string };
    const newcomer = { userId: '', email, name: 'Later', accessToken: login.accessToken };
    const tickets = await eventually(
      () => ticketsOf(newcomer),
      (rows) => rows.length === 1,
    );
    expect(tickets[0]).toMatchObject({ holderName: 'Amiga', status: 'VALID' });
  });

  it('belongs to the holder only, before the event, at most five a day', async () => {
    const ticket = await buyOne();
    expect(
      (await transfer(friend, ticket.id, 'someone@example.test')).errors?.[0]?.extensions?.code,
    ).toBe('NOT_FOUND');

    const started = await createTestEvent(api, admin, {
      types: [{ quantity: 5 }],
      startsInHours: -1,
    });
    const late = await buyOne(started);
    expect(
      (await transfer(holder, late.id, 'someone@example.test')).errors?.[0]?.extensions?.reason,
    ).toBe('TRANSFER_CLOSED');

    const tickets = await Promise.all(Array.from({ length: 5 }, () => buyOne()));
    const outcomes: unknown[] = [];
    for (const each of tickets) {
      outcomes.push(
        (await transfer(holder, each.id, `gift-${randomUUID().slice(0, 6)}@example.test`))
          .errors?.[0]?.extensions?.code ?? 'OK',
      );
    }
    // Two transfers were made in the tests above already: three more fit in the day.
    expect(outcomes).toEqual(['OK', 'OK', 'OK', 'RATE_LIMITED', 'RATE_LIMITED']);
  });
});
