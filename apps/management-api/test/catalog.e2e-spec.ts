import { randomUUID } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { endUser, type Identity, staffMember } from './support/auth-service.js';
import { createTestEvent } from './support/catalog.js';
import { type RunningApp, startApp } from './support/running-app.js';
import { bearer, createOrganization, type TestOrganization } from './support/tenants.js';

const hours = (n: number) => new Date(Date.now() + n * 3_600_000).toISOString();

describe('the catalogue: categories, events and ticket types', () => {
  let api: RunningApp;
  let organization: TestOrganization;
  let admin: Identity;
  let moderator: Identity;
  let volunteer: Identity;
  let buyer: Identity;

  beforeAll(async () => {
    api = await startApp();
    organization = await createOrganization('catalog');
    [admin, moderator, volunteer, buyer] = await Promise.all([
      staffMember(organization.id, 'admin'),
      staffMember(organization.id, 'moderator'),
      staffMember(organization.id, 'user'),
      endUser('catalog-buyer'),
    ]);
  });
  afterAll(() => api.close());

  const gql = <T>(
    caller: Identity | null,
    query: string,
    variables: Record<string, unknown> = {},
  ) =>
    api
      .graphql<T>(query, variables, caller ? bearer(caller.accessToken) : {})
      .then(({ body }) => body);

  describe('categories', () => {
    const CREATE =
      'mutation ($input: CreateCategoryInput!) { createCategory(input: $input) { id name slug position } }';

    it('are unique by name in an organization, with a free slug each', async () => {
      const name = `Música ${randomUUID().slice(0, 4)}`;
      const first = await gql<{ createCategory: { slug: string } }>(moderator, CREATE, {
        input: { name, position: 2 },
      });
      expect(first.data!.createCategory.slug).toMatch(/^musica-/);
      const again = await gql(moderator, CREATE, { input: { name } });
      expect(again.errors?.[0]?.extensions).toMatchObject({
        code: 'CONFLICT',
        reason: 'CATEGORY_NAME_TAKEN',
      });
      const listed = await gql<{ categories: { edges: { node: { name: string } }[] } }>(
        volunteer,
        '{ categories(first: 100) { edges { node { name } } } }',
      );
      expect(listed.data!.categories.edges.map((edge) => edge.node.name)).toContain(name);
    });

    it('cannot be deleted while an event uses one (CATEGORY_IN_USE)', async () => {
      const made = await gql<{ createCategory: { id: string } }>(admin, CREATE, {
        input: { name: `Teatro ${randomUUID().slice(0, 4)}` },
      });
      const categoryId = made.data!.createCategory.id;
      await createTestEvent(api, admin, { types: [], publish: false, categoryId });
      const refused = await gql(
        admin,
        'mutation ($input: DeleteCategoryInput!) { deleteCategory(input: $input) { id } }',
        {
          input: { id: categoryId },
        },
      );
      expect(refused.errors?.[0]?.extensions).toMatchObject({
        code: 'CONFLICT',
        reason: 'CATEGORY_IN_USE',
      });
    });

    it('are not for door volunteers to change', async () => {
      const refused = await gql(volunteer, CREATE, { input: { name: 'Nope' } });
      expect(refused.errors?.[0]?.extensions?.code).toBe('FORBIDDEN');
    });
  });

  describe('events', () => {
    const STATUS = (name: string) =>
      `mutation ($input: EventIdInput!) { ${name}(input: $input) { id status } }`;

    it('move only along DOMAIN.md’s transitions; anything else is ILLEGAL_STATE_TRANSITION', async () => {
      const event = await createTestEvent(api, moderator, {
        types: [{ quantity: 10 }],
        publish: false,
      });
      const complete = await gql(moderator, STATUS('completeEvent'), { input: { id: event.id } });
      expect(complete.errors?.[0]?.extensions).toMatchObject({
        reason: 'ILLEGAL_STATE_TRANSITION',
      });
      const published = await gql<{ publishEvent: { status: string } }>(
        moderator,
        STATUS('publishEvent'),
        { input: { id: event.id } },
      );
      expect(published.data!.publishEvent.status).toBe('PUBLISHED');
      const again = await gql(moderator, STATUS('publishEvent'), { input: { id: event.id } });
      expect(again.errors?.[0]?.extensions).toMatchObject({ reason: 'ILLEGAL_STATE_TRANSITION' });
      const deleted = await gql(moderator, STATUS('deleteEvent'), { input: { id: event.id } });
      expect(deleted.errors?.[0]?.extensions).toMatchObject({ reason: 'ILLEGAL_STATE_TRANSITION' });
      const done = await gql<{ completeEvent: { status: string } }>(
        moderator,
        STATUS('completeEvent'),
        { input: { id: event.id } },
      );
      expect(done.data!.completeEvent.status).toBe('COMPLETED');
    });

    it('delete as drafts only, and are gone', async () => {
      const event = await createTestEvent(api, admin, { types: [{ quantity: 5 }], publish: false });
      const deleted = await gql<{ deleteEvent: { id: string } }>(admin, STATUS('deleteEvent'), {
        input: { id: event.id },
      });
      expect(deleted.data!.deleteEvent.id).toBe(event.id);
      const read = await gql(admin, `{ event(id: "${event.id}") { id } }`);
      expect(read.errors?.[0]?.extensions?.code).toBe('NOT_FOUND');
    });

    it('refuse an end before the start, an unknown time zone and a country that is not ISO', async () => {
      for (const input of [
        { title: 'Backwards', startsAt: hours(5), endsAt: hours(4), timezone: 'America/Bogota' },
        { title: 'Nowhere', startsAt: hours(5), endsAt: hours(6), timezone: 'Mars/Olympus' },
        {
          title: 'Far',
          startsAt: hours(5),
          endsAt: hours(6),
          timezone: 'UTC',
          venue: { country: 'Colombia' },
        },
      ]) {
        const body = await gql(
          admin,
          'mutation ($input: CreateEventInput!) { createEvent(input: $input) { id } }',
          { input },
        );
        expect(body.errors?.[0]?.extensions?.code, JSON.stringify(input)).toBe('BAD_USER_INPUT');
      }
    });

    it('keep capacity and quantities above what is sold or held', async () => {
      const event = await createTestEvent(api, admin, { types: [{ quantity: 5 }], capacity: 5 });
      const order = await api.graphql(
        'mutation ($input: OrderTicketsInput!) { orderTickets(input: $input) { id } }',
        {
          input: {
            eventId: event.id,
            items: [{ ticketTypeId: event.ticketTypeIds[0], quantity: 3 }],
            idempotencyKey: randomUUID(),
          },
        },
        bearer(buyer.accessToken),
      );
      expect(order.body.errors).toBeUndefined();
      const shrinkType = await gql(
        admin,
        'mutation ($input: UpdateTicketTypeInput!) { updateTicketType(input: $input) { id } }',
        {
          input: { id: event.ticketTypeIds[0], quantity: 2 },
        },
      );
      expect(shrinkType.errors?.[0]?.extensions).toMatchObject({ reason: 'QUANTITY_BELOW_SOLD' });
      const shrinkEvent = await gql(
        admin,
        'mutation ($input: UpdateEventInput!) { updateEvent(input: $input) { id } }',
        {
          input: { id: event.id, capacity: 2 },
        },
      );
      expect(shrinkEvent.errors?.[0]?.extensions).toMatchObject({ reason: 'CAPACITY_BELOW_SOLD' });
      const fine = await gql<{ updateTicketType: { quantity: number; available: number } }>(
        admin,
        'mutation ($input: UpdateTicketTypeInput!) { updateTicketType(input: $input) { quantity available } }',
        { input: { id: event.ticketTypeIds[0], quantity: 3 } },
      );
      expect(fine.data!.updateTicketType).toEqual({ quantity: 3, available: 0 });
    });

    it('sell in one currency: a ticket type in another is refused', async () => {
      const event = await createTestEvent(api, admin, {
        types: [{ quantity: 5, price: 1000, currency: 'COP' }],
        publish: false,
      });
      const body = await gql(
        admin,
        'mutation ($input: CreateTicketTypeInput!) { createTicketType(input: $input) { id } }',
        {
          input: {
            eventId: event.id,
            name: 'VIP',
            price: { amount: 500, currency: 'USD' },
            quantity: 1,
          },
        },
      );
      expect(body.errors?.[0]?.extensions?.code).toBe('BAD_USER_INPUT');
    });
  });

  describe('what anyone reads', () => {
    let listed: { id: string; ticketTypeIds: string[] };
    const city = `Ciudad ${randomUUID().slice(0, 6)}`;

    beforeAll(async () => {
      listed = await createTestEvent(api, admin, {
        city,
        capacity: 50,
        types: [
          { name: 'General', quantity: 40, price: 2_500_000 },
          { name: 'Secreto', quantity: 5, hidden: true },
        ],
      });
      await createTestEvent(api, admin, { city, types: [{ quantity: 5 }], publish: false });
    });

    const PUBLIC_EVENTS = `query ($filter: PublicEventFilter) { publicEvents(first: 20, filter: $filter) {
      edges { node { id title status capacity ticketsSold venue { city } ticketTypes { name price { amount currency } available } } } } }`;

    it('lists published events only, with their public ticket types and live availability', async () => {
      const body = await gql<{
        publicEvents: {
          edges: { node: { id: string; ticketTypes: { name: string; available: number }[] } }[];
        };
      }>(null, PUBLIC_EVENTS, { filter: { city } });
      expect(body.errors).toBeUndefined();
      const events = body.data!.publicEvents.edges.map((edge) => edge.node);
      expect(events.map((event) => event.id)).toEqual([listed.id]);
      expect(events[0]!.ticketTypes).toEqual([
        { name: 'General', price: { amount: 2_500_000, currency: 'COP' }, available: 40 },
      ]);
    });

    it('shows a change to a public event at once (the cache is invalidated before the change returns)', async () => {
      await gql(null, PUBLIC_EVENTS, { filter: { city } });
      const title = `Renamed ${randomUUID().slice(0, 6)}`;
      await gql(
        admin,
        'mutation ($input: UpdateEventInput!) { updateEvent(input: $input) { id } }',
        {
          input: { id: listed.id, title },
        },
      );
      const after = await gql<{ publicEvents: { edges: { node: { title: string } }[] } }>(
        null,
        PUBLIC_EVENTS,
        { filter: { city } },
      );
      expect(after.data!.publicEvents.edges[0]!.node.title).toBe(title);
    });

    it("keeps drafts and hidden types to the organization's staff", async () => {
      const staffView = await gql<{ event: { ticketTypes: { name: string }[] } }>(
        volunteer,
        `{ event(id: "${listed.id}") { ticketTypes { name } } }`,
      );
      expect(staffView.data!.event.ticketTypes.map((type) => type.name)).toEqual([
        'General',
        'Secreto',
      ]);
      const drafts = await createTestEvent(api, admin, {
        types: [{ quantity: 1 }],
        publish: false,
      });
      const hidden = await gql(buyer, `{ publicEvent(id: "${drafts.id}") { id } }`);
      expect(hidden.errors?.[0]?.extensions?.code).toBe('NOT_FOUND');
    });

    it('still shows a cancelled event, so buyers see the cancellation', async () => {
      const event = await createTestEvent(api, admin, { types: [{ quantity: 3 }] });
      await gql(
        admin,
        'mutation ($input: CancelEventInput!) { cancelEvent(input: $input) { id } }',
        {
          input: { id: event.id, reason: 'Lluvia' },
        },
      );
      const body = await gql<{ publicEvent: { status: string; cancelReason: string } }>(
        null,
        `{ publicEvent(id: "${event.id}") { status cancelReason } }`,
      );
      expect(body.data!.publicEvent).toEqual({ status: 'CANCELLED', cancelReason: 'Lluvia' });
    });
  });
});
