import type pg from 'pg';
import type { SeedPlan } from './plan.js';
import { SEED_EPOCH_END } from './plan.js';
import { objectId, Random, uuidv7 } from './random.js';

const DAY_MS = 86_400_000;
const CODE_ALPHABET = '0123456789ABCDEFGHJKMNPQRSTVWXYZ';
const CATEGORY_NAMES = ['Conciertos', 'Conferencias', 'Retiros', 'Talleres'];
const EVENT_TITLES = [
  'Noche de alabanza',
  'Foro de líderes',
  'Concierto solidario',
  'Feria de voluntariado',
  'Retiro juvenil',
];
const VENUES = [
  ['Teatro Colón', 'Bogotá'],
  ['Movistar Arena', 'Bogotá'],
  ['Plaza Mayor', 'Medellín'],
  ['Teatro Municipal', 'Cali'],
] as const;
const BATCH = 1000;

/** Tables the catalogue writes, children first (for removing an earlier seed). */
export const CATALOG_TABLES = [
  'ledger_entries',
  'refunds',
  'payments',
  'tickets',
  'order_items',
  'orders',
  'seat_pools',
  'ticket_types',
  'events',
  'categories',
  'idempotency_records',
  'outbox_events',
] as const;

export interface CatalogOptions {
  eventsPerOrganization: number;
  ordersPerEvent: number;
  /** Only the first organizations get events (a few hundred are plenty to look at). */
  organizations: number;
}

type Row = unknown[];

function code(random: Random, length: number): string {
  let text = '';
  for (let i = 0; i < length; i++) text += CODE_ALPHABET[random.int(32)];
  return text;
}

async function insert(
  client: pg.Client,
  table: string,
  columns: string[],
  rows: Row[],
): Promise<void> {
  for (let start = 0; start < rows.length; start += BATCH) {
    const batch = rows.slice(start, start + BATCH);
    const values: unknown[] = [];
    const tuples = batch.map((row) => {
      const placeholders = row.map((value) => {
        values.push(value);
        return `$${values.length}`;
      });
      return `(${placeholders.join(', ')})`;
    });
    await client.query(
      `INSERT INTO ${table} (${columns.join(', ')}) VALUES ${tuples.join(', ')}`,
      values,
    );
  }
}

/**
 * Events, ticket types, seats and orders for the seeded organizations: per
 * organization a category, a completed event, an upcoming published one with
 * paid, pending and free orders (payments, tickets and balanced ledger
 * groups included), and a draft. Deterministic in the seed, like the members.
 */
export async function loadCatalog(
  client: pg.Client,
  plan: SeedPlan,
  options: CatalogOptions,
): Promise<number> {
  const rows = {
    categories: [] as Row[],
    events: [] as Row[],
    types: [] as Row[],
    pools: [] as Row[],
    orders: [] as Row[],
    items: [] as Row[],
    tickets: [] as Row[],
    payments: [] as Row[],
    ledger: [] as Row[],
  };
  const seed = plan.parameters.seed;
  for (const organization of plan.organizations.slice(0, options.organizations)) {
    const random = new Random(`${seed}:catalog:${organization.index}`);
    const at = (ms: number) => new Date(ms).toISOString();
    const categoryId = uuidv7(organization.createdAt + DAY_MS, random);
    const categoryName = random.pick(CATEGORY_NAMES);
    const published = at(SEED_EPOCH_END - 30 * DAY_MS);
    rows.categories.push([
      categoryId,
      organization.id,
      categoryName,
      categoryName.toLowerCase(),
      0,
      published,
      published,
      published,
    ]);
    for (let e = 0; e < options.eventsPerOrganization; e++) {
      // One event over, one upcoming, then drafts.
      const status = e === 0 ? 'COMPLETED' : e === 1 ? 'PUBLISHED' : 'DRAFT';
      const startsAt = SEED_EPOCH_END + (e === 0 ? -20 : 20 + e * 7) * DAY_MS;
      const eventId = uuidv7(SEED_EPOCH_END - 40 * DAY_MS + e, random);
      const [venue, city] = random.pick(VENUES);
      const publicSince = status === 'DRAFT' ? null : published;
      const created = at(SEED_EPOCH_END - 40 * DAY_MS);
      rows.events.push([
        eventId,
        organization.id,
        status,
        `${random.pick(EVENT_TITLES)} ${e + 1}`,
        categoryId,
        venue,
        city,
        'CO',
        at(startsAt),
        at(startsAt + 4 * 3_600_000),
        'America/Bogota',
        publicSince,
        created,
        created,
      ]);
      const capacity = 200 + random.int(800);
      const onSale = status === 'PUBLISHED';
      const paidTypeId = uuidv7(SEED_EPOCH_END - 39 * DAY_MS, random);
      const freeTypeId = uuidv7(SEED_EPOCH_END - 39 * DAY_MS, random);
      const price = (20 + random.int(180)) * 100_000; // 20.000 to 200.000 COP
      rows.types.push([
        paidTypeId,
        organization.id,
        eventId,
        'General',
        price,
        'COP',
        0,
        publicSince,
        created,
        created,
      ]);
      rows.types.push([
        freeTypeId,
        organization.id,
        eventId,
        'Cortesía',
        0,
        'COP',
        1,
        publicSince,
        created,
        created,
      ]);
      const sold = { [paidTypeId]: 0, [freeTypeId]: 0 };
      const held = { [paidTypeId]: 0, [freeTypeId]: 0 };
      const orders = status === 'DRAFT' ? 0 : options.ordersPerEvent;
      for (let o = 0; o < orders; o++) {
        const createdAt = SEED_EPOCH_END - (30 - random.int(29)) * DAY_MS + random.int(DAY_MS);
        const orderId = uuidv7(createdAt, random);
        const buyer = objectId(createdAt, random);
        const roll = random.next();
        const free = roll < 0.2;
        const pending = status === 'PUBLISHED' && !free && roll > 0.9;
        const typeId = free ? freeTypeId : paidTypeId;
        const quantity = 1 + random.int(3);
        const total = free ? 0 : price * quantity;
        const email = `comprador${organization.index}-${e}-${o}@example.com`;
        rows.orders.push([
          orderId,
          organization.id,
          buyer,
          eventId,
          pending ? 'PENDING' : 'PAID',
          email,
          `Comprador ${o + 1}`,
          'COP',
          total,
          total,
          pending ? at(SEED_EPOCH_END + 15 * 60_000) : null,
          pending ? null : at(createdAt),
          at(createdAt),
          at(createdAt),
        ]);
        rows.items.push([
          uuidv7(createdAt, random),
          organization.id,
          buyer,
          orderId,
          typeId,
          quantity,
          free ? 0 : price,
        ]);
        if (pending) {
          held[typeId]! += quantity;
        } else {
          sold[typeId]! += quantity;
          for (let t = 0; t < quantity; t++) {
            rows.tickets.push([
              uuidv7(createdAt, random),
              organization.id,
              buyer,
              orderId,
              eventId,
              typeId,
              code(random, 24),
              `Comprador ${o + 1}`,
              email,
              at(createdAt),
              at(createdAt),
            ]);
          }
        }
        if (!free) {
          const paymentId = uuidv7(createdAt, random);
          rows.payments.push([
            paymentId,
            organization.id,
            buyer,
            orderId,
            'MANUAL',
            pending ? 'PENDING' : 'APPROVED',
            total,
            'COP',
            `TRV-${code(random, 20)}`,
            pending ? null : at(createdAt),
            at(createdAt),
            at(createdAt),
          ]);
          if (!pending) {
            const groupId = uuidv7(createdAt, random);
            rows.ledger.push([
              uuidv7(createdAt, random),
              organization.id,
              groupId,
              'CASH',
              total,
              'COP',
              'PAYMENT',
              orderId,
              paymentId,
              at(createdAt),
            ]);
            rows.ledger.push([
              uuidv7(createdAt, random),
              organization.id,
              groupId,
              'TICKET_SALES',
              -total,
              'COP',
              'PAYMENT',
              orderId,
              paymentId,
              at(createdAt),
            ]);
          }
        }
      }
      const soldAll = sold[paidTypeId]! + sold[freeTypeId]!;
      const heldAll = held[paidTypeId]! + held[freeTypeId]!;
      rows.pools.push([
        eventId,
        organization.id,
        eventId,
        null,
        capacity,
        soldAll,
        heldAll,
        onSale,
        publicSince,
      ]);
      rows.pools.push([
        paidTypeId,
        organization.id,
        eventId,
        paidTypeId,
        capacity,
        sold[paidTypeId],
        held[paidTypeId],
        onSale,
        publicSince,
      ]);
      rows.pools.push([
        freeTypeId,
        organization.id,
        eventId,
        freeTypeId,
        50 + capacity,
        sold[freeTypeId],
        held[freeTypeId],
        onSale,
        publicSince,
      ]);
    }
  }
  await insert(
    client,
    'categories',
    [
      'id',
      'organization_id',
      'name',
      'slug',
      'position',
      'public_since',
      'created_at',
      'updated_at',
    ],
    rows.categories,
  );
  await insert(
    client,
    'events',
    [
      'id',
      'organization_id',
      'status',
      'title',
      'category_id',
      'venue_name',
      'venue_city',
      'venue_country',
      'starts_at',
      'ends_at',
      'timezone',
      'public_since',
      'created_at',
      'updated_at',
    ],
    rows.events,
  );
  await insert(
    client,
    'ticket_types',
    [
      'id',
      'organization_id',
      'event_id',
      'name',
      'price_amount',
      'currency',
      'position',
      'public_since',
      'created_at',
      'updated_at',
    ],
    rows.types,
  );
  await insert(
    client,
    'seat_pools',
    [
      'id',
      'organization_id',
      'event_id',
      'ticket_type_id',
      'capacity',
      'sold',
      'held',
      'on_sale',
      'public_since',
    ],
    rows.pools,
  );
  await insert(
    client,
    'orders',
    [
      'id',
      'organization_id',
      'user_id',
      'event_id',
      'status',
      'buyer_email',
      'buyer_name',
      'currency',
      'subtotal',
      'total',
      'expires_at',
      'paid_at',
      'created_at',
      'updated_at',
    ],
    rows.orders,
  );
  await insert(
    client,
    'order_items',
    ['id', 'organization_id', 'user_id', 'order_id', 'ticket_type_id', 'quantity', 'unit_price'],
    rows.items,
  );
  await insert(
    client,
    'tickets',
    [
      'id',
      'organization_id',
      'user_id',
      'order_id',
      'event_id',
      'ticket_type_id',
      'code',
      'holder_name',
      'holder_email',
      'created_at',
      'updated_at',
    ],
    rows.tickets,
  );
  await insert(
    client,
    'payments',
    [
      'id',
      'organization_id',
      'user_id',
      'order_id',
      'provider',
      'status',
      'amount',
      'currency',
      'reference',
      'settled_at',
      'created_at',
      'updated_at',
    ],
    rows.payments,
  );
  await insert(
    client,
    'ledger_entries',
    [
      'id',
      'organization_id',
      'group_id',
      'account',
      'amount',
      'currency',
      'kind',
      'order_id',
      'payment_id',
      'created_at',
    ],
    rows.ledger,
  );
  return rows.orders.length;
}
