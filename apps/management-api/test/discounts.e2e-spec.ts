import { randomUUID } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { endUser, type Identity, staffMember } from './support/auth-service.js';
import { createTestEvent, orderTickets } from './support/catalog.js';
import { type RunningApp, startApp } from './support/running-app.js';
import { bearer, createOrganization, type TestOrganization } from './support/tenants.js';

const CREATE = `mutation ($input: CreateDiscountCodeInput!) { createDiscountCode(input: $input) { id code uses maxUses value } }`;

describe('discount codes', () => {
  let api: RunningApp;
  let organization: TestOrganization;
  let moderator: Identity;
  let volunteer: Identity;
  let buyers: Identity[];

  beforeAll(async () => {
    api = await startApp();
    organization = await createOrganization('discounts');
    [moderator, volunteer, ...buyers] = await Promise.all([
      staffMember(organization.id, 'moderator'),
      staffMember(organization.id, 'user'),
      ...Array.from({ length: 6 }, (_, i) => endUser(`discount-${i}`)),
    ]);
  }, 60_000);
  afterAll(() => api.close());

  const create = async (input: Record<string, unknown>, staff = moderator) =>
    (
      await api.graphql<{ createDiscountCode: { id: string; uses: number } }>(
        CREATE,
        { input },
        bearer(staff.accessToken),
      )
    ).body;

  it('take a percentage or a fixed amount off the lines they apply to, in any case', async () => {
    const event = await createTestEvent(api, moderator, {
      types: [
        { name: 'General', quantity: 50, price: 100_000 },
        { name: 'VIP', quantity: 50, price: 300_000 },
      ],
    });
    const [general, vip] = event.ticketTypeIds as [string, string];
    expect(
      (
        await create({
          eventId: event.id,
          code: 'amigos20',
          kind: 'PERCENT',
          value: 20,
          ticketTypeIds: [general],
        })
      ).errors,
    ).toBeUndefined();
    await create({ eventId: event.id, code: 'MENOS50K', kind: 'FIXED', value: 50_000 });
    const percent = await orderTickets(
      api,
      buyers[0]!,
      event.id,
      [
        { ticketTypeId: general, quantity: 2 },
        { ticketTypeId: vip, quantity: 1 },
      ],
      { discountCode: 'Amigos20' },
    );
    expect(percent.data!.orderTickets).toMatchObject({
      subtotal: { amount: 500_000 },
      total: { amount: 460_000 },
    });
    const fixed = await orderTickets(
      api,
      buyers[1]!,
      event.id,
      [{ ticketTypeId: general, quantity: 1 }],
      { discountCode: 'menos50k' },
    );
    expect(fixed.data!.orderTickets.total.amount).toBe(50_000);
  });

  it('are never used more than allowed, even under concurrency, and a released order gives its use back', async () => {
    const event = await createTestEvent(api, moderator, {
      types: [{ quantity: 50, price: 10_000 }],
    });
    const made = await create({
      eventId: event.id,
      code: 'TRES',
      kind: 'PERCENT',
      value: 50,
      maxUses: 3,
    });
    const results = await Promise.all(
      buyers.map((buyer) =>
        orderTickets(
          api,
          buyer,
          event.id,
          [{ ticketTypeId: event.ticketTypeIds[0]!, quantity: 1 }],
          { discountCode: 'TRES' },
        ),
      ),
    );
    const ok = results.filter((body) => !body.errors);
    expect(ok).toHaveLength(3);
    expect(
      results.filter((body) => body.errors?.[0]?.extensions?.reason === 'INVALID_DISCOUNT_CODE'),
    ).toHaveLength(3);
    const codes = async () =>
      (
        await api.graphql<{ discountCodes: { id: string; uses: number }[] }>(
          `{ discountCodes(eventId: "${event.id}") { id uses } }`,
          {},
          bearer(moderator.accessToken),
        )
      ).body.data!.discountCodes;
    expect(await codes()).toEqual([{ id: made.data!.createDiscountCode.id, uses: 3 }]);
    const holder = buyers[results.findIndex((body) => !body.errors)]!;
    await api.graphql(
      'mutation ($input: OrderIdInput!) { cancelOrder(input: $input) { id } }',
      { input: { id: ok[0]!.data!.orderTickets.id } },
      bearer(holder.accessToken),
    );
    expect((await codes())[0]!.uses).toBe(2);
  });

  it('refuse a code outside its validity window', async () => {
    const event = await createTestEvent(api, moderator, { types: [{ quantity: 5, price: 1_000 }] });
    await create({
      eventId: event.id,
      code: 'LUEGO',
      kind: 'FIXED',
      value: 100,
      validFrom: new Date(Date.now() + 86_400_000).toISOString(),
    });
    const early = await orderTickets(
      api,
      buyers[2]!,
      event.id,
      [{ ticketTypeId: event.ticketTypeIds[0]!, quantity: 1 }],
      { discountCode: 'LUEGO' },
    );
    expect(early.errors?.[0]?.extensions).toMatchObject({
      code: 'CONFLICT',
      reason: 'INVALID_DISCOUNT_CODE',
    });
  });

  it('unlock hidden ticket types for those who present them, and only them', async () => {
    const event = await createTestEvent(api, moderator, {
      types: [
        { name: 'Abierta', quantity: 10 },
        { name: 'Preventa privada', quantity: 10, hidden: true, price: 5_000 },
      ],
    });
    const hidden = event.ticketTypeIds[1]!;
    await create({
      eventId: event.id,
      code: 'SOCIOS',
      kind: 'PERCENT',
      value: 10,
      ticketTypeIds: [hidden],
    });
    const listed = async (discountCode?: string) =>
      (
        await api.graphql<{ publicEvent: { ticketTypes: { name: string }[] } }>(
          'query ($id: ID!, $code: String) { publicEvent(id: $id, discountCode: $code) { ticketTypes { name } } }',
          { id: event.id, code: discountCode },
        )
      ).body.data!.publicEvent.ticketTypes.map((type) => type.name);
    expect(await listed()).toEqual(['Abierta']);
    expect(await listed('socios')).toEqual(['Abierta', 'Preventa privada']);
    const without = await orderTickets(api, buyers[3]!, event.id, [
      { ticketTypeId: hidden, quantity: 1 },
    ]);
    expect(without.errors?.[0]?.extensions?.code).toBe('NOT_FOUND');
    const withCode = await orderTickets(
      api,
      buyers[3]!,
      event.id,
      [{ ticketTypeId: hidden, quantity: 2 }],
      { discountCode: 'SOCIOS' },
    );
    expect(withCode.data!.orderTickets.total.amount).toBe(9_000);
  });

  it('limit wrong guesses per buyer (RATE_LIMITED)', async () => {
    const event = await createTestEvent(api, moderator, { types: [{ quantity: 5, price: 1_000 }] });
    const guesser = buyers[4]!;
    const outcomes: unknown[] = [];
    for (let attempt = 0; attempt < 12; attempt++) {
      const body = await orderTickets(
        api,
        guesser,
        event.id,
        [{ ticketTypeId: event.ticketTypeIds[0]!, quantity: 1 }],
        {
          discountCode: `GUESS${randomUUID().slice(0, 6)}`,
        },
      );
      outcomes.push(body.errors?.[0]?.extensions?.code);
    }
    expect(outcomes.slice(0, 10).every((code) => code === 'CONFLICT')).toBe(true);
    expect(outcomes.at(-1)).toBe('RATE_LIMITED');
  });

  it('are for editors to make; door volunteers cannot', async () => {
    const event = await createTestEvent(api, moderator, { types: [{ quantity: 5 }] });
    const refused = await create(
      { eventId: event.id, code: 'NOPE123', kind: 'FIXED', value: 1 },
      volunteer,
    );
    expect(refused.errors?.[0]?.extensions?.code).toBe('FORBIDDEN');
  });
});
