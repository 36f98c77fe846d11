import { randomUUID } from 'node:crypto';
import type { Identity } from './auth-service.js';
import type { GraphQLBody, RunningApp } from './running-app.js';
import { bearer } from './tenants.js';

export interface TicketTypeSpec {
  name?: string;
  price?: number;
  currency?: string;
  quantity: number;
  maxPerOrder?: number;
  maxPerBuyer?: number;
  hidden?: boolean;
  salesStartAt?: string;
  salesEndAt?: string;
}

export interface TestEvent {
  id: string;
  ticketTypeIds: string[];
}

async function ok<T>(body: Promise<{ body: GraphQLBody<T> }>, what: string): Promise<T> {
  const { body: result } = await body;
  if (result.errors?.length || !result.data) {
    throw new Error(`${what} failed: ${JSON.stringify(result.errors)}`);
  }
  return result.data;
}

const hours = (n: number) => new Date(Date.now() + n * 3_600_000).toISOString();

/** An event with its ticket types, published unless asked otherwise, made through the API. */
export async function createTestEvent(
  api: RunningApp,
  staff: Identity,
  spec: {
    types: TicketTypeSpec[];
    capacity?: number;
    publish?: boolean;
    title?: string;
    city?: string;
    startsInHours?: number;
    categoryId?: string;
  },
): Promise<TestEvent> {
  const startsIn = spec.startsInHours ?? 48;
  const created = await ok<{ createEvent: { id: string } }>(
    api.graphql(
      `mutation ($input: CreateEventInput!) { createEvent(input: $input) { id } }`,
      {
        input: {
          title: spec.title ?? `Concierto ${randomUUID().slice(0, 6)}`,
          startsAt: hours(startsIn),
          endsAt: hours(startsIn + 3),
          timezone: 'America/Bogota',
          capacity: spec.capacity ?? null,
          categoryId: spec.categoryId ?? null,
          venue: { name: 'Teatro Colón', city: spec.city ?? 'Bogotá', country: 'CO' },
        },
      },
      bearer(staff.accessToken),
    ),
    'createEvent',
  );
  const ticketTypeIds: string[] = [];
  for (const [index, type] of spec.types.entries()) {
    const made = await ok<{ createTicketType: { id: string } }>(
      api.graphql(
        `mutation ($input: CreateTicketTypeInput!) { createTicketType(input: $input) { id } }`,
        {
          input: {
            eventId: created.createEvent.id,
            name: type.name ?? `Tipo ${index + 1}`,
            price: { amount: type.price ?? 0, currency: type.currency ?? 'COP' },
            quantity: type.quantity,
            maxPerOrder: type.maxPerOrder ?? null,
            maxPerBuyer: type.maxPerBuyer ?? null,
            hidden: type.hidden ?? null,
            salesStartAt: type.salesStartAt ?? null,
            salesEndAt: type.salesEndAt ?? null,
          },
        },
        bearer(staff.accessToken),
      ),
      'createTicketType',
    );
    ticketTypeIds.push(made.createTicketType.id);
  }
  if (spec.publish ?? true) {
    await ok(
      api.graphql(
        `mutation ($input: EventIdInput!) { publishEvent(input: $input) { id } }`,
        { input: { id: created.createEvent.id } },
        bearer(staff.accessToken),
      ),
      'publishEvent',
    );
  }
  return { id: created.createEvent.id, ticketTypeIds };
}

export const ORDER_FIELDS = `id status buyerId expiresAt
  total { amount currency } subtotal { amount currency } refunded { amount currency }
  items { quantity ticketType { id } unitPrice { amount } }
  tickets { id code status holderName }
  payment { id provider status reference amount { amount currency } }
  refunds { id amount { amount } reason actorId }`;

export interface OrderView {
  id: string;
  status: string;
  buyerId: string | null;
  expiresAt: string | null;
  total: { amount: number; currency: string };
  refunded: { amount: number };
  items: { quantity: number; ticketType: { id: string }; unitPrice: { amount: number } }[];
  tickets: { id: string; code: string; status: string; holderName: string }[];
  payment: {
    id: string;
    provider: string;
    status: string;
    reference: string;
    amount: { amount: number };
  } | null;
  refunds: {
    id: string;
    amount: { amount: number };
    reason: string | null;
    actorId: string | null;
  }[];
}

/** orderTickets as a buyer sends it; returns the raw body to check refusals too. */
export function orderTickets(
  api: RunningApp,
  buyer: Identity,
  eventId: string,
  items: { ticketTypeId: string; quantity: number }[],
  extra: Record<string, unknown> = {},
) {
  return api
    .graphql<{ orderTickets: OrderView }>(
      `mutation ($input: OrderTicketsInput!) { orderTickets(input: $input) { ${ORDER_FIELDS} } }`,
      { input: { eventId, items, idempotencyKey: randomUUID(), ...extra } },
      bearer(buyer.accessToken),
    )
    .then(({ body }) => body);
}

/** A staff mutation on an order (markOrderPaid, refundOrder, ...), returning the raw body. */
export function orderMutation(
  api: RunningApp,
  staff: Identity,
  name: string,
  input: Record<string, unknown>,
) {
  const inputType = `${name.charAt(0).toUpperCase()}${name.slice(1)}Input`;
  return api
    .graphql<Record<string, OrderView>>(
      `mutation ($input: ${inputType}!) { ${name}(input: $input) { ${ORDER_FIELDS} } }`,
      { input },
      bearer(staff.accessToken),
    )
    .then(({ body }) => body);
}
