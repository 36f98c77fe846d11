import { TEST_DATABASE, withSuperuser } from './test-env.js';

/** What the database holds for an event: pools, tickets and orders, counted directly. */
export function seatsOf(eventId: string) {
  return withSuperuser(TEST_DATABASE, async (db) => {
    const pools = await db.query(
      'SELECT id, ticket_type_id, capacity, sold, held FROM seat_pools WHERE event_id = $1 ORDER BY ticket_type_id NULLS FIRST',
      [eventId],
    );
    const tickets = await db.query(
      `SELECT ticket_type_id, count(*)::int AS n FROM tickets WHERE event_id = $1 AND status <> 'VOID' GROUP BY ticket_type_id`,
      [eventId],
    );
    const pending = await db.query(
      `SELECT item.ticket_type_id, sum(item.quantity)::int AS n FROM orders o JOIN order_items item ON item.order_id = o.id
       WHERE o.event_id = $1 AND o.status = 'PENDING' GROUP BY item.ticket_type_id`,
      [eventId],
    );
    const offers = await db.query(
      `SELECT ticket_type_id, sum(quantity)::int AS n FROM waitlist_entries
       WHERE event_id = $1 AND status = 'OFFERED' GROUP BY ticket_type_id`,
      [eventId],
    );
    const orders = await db.query(
      'SELECT status, count(*)::int AS n FROM orders WHERE event_id = $1 GROUP BY status',
      [eventId],
    );
    const duplicates = await db.query(
      `SELECT o.id FROM orders o JOIN order_items item ON item.order_id = o.id
       WHERE o.event_id = $1 AND o.status = 'PAID'
         AND (SELECT count(*) FROM tickets t WHERE t.order_id = o.id AND t.ticket_type_id = item.ticket_type_id) <> item.quantity`,
      [eventId],
    );
    const byType = (rows: { ticket_type_id: string; n: number }[]) =>
      Object.fromEntries(rows.map((row) => [row.ticket_type_id, row.n]));
    return {
      eventPool: pools.rows.find((pool) => pool.ticket_type_id === null) as {
        capacity: number | null;
        sold: number;
        held: number;
      },
      typePools: Object.fromEntries(
        pools.rows.filter((pool) => pool.ticket_type_id).map((pool) => [pool.ticket_type_id, pool]),
      ) as Record<string, { capacity: number; sold: number; held: number }>,
      tickets: byType(tickets.rows) as Record<string, number>,
      pending: byType(pending.rows) as Record<string, number>,
      /** Seats held by waiting-list offers not yet redeemed. */
      offered: byType(offers.rows) as Record<string, number>,
      orders: Object.fromEntries(orders.rows.map((row) => [row.status, row.n])) as Record<
        string,
        number
      >,
      /** Paid orders whose tickets differ from their items (issued twice, or not at all). */
      mismatchedOrders: duplicates.rows.length,
    };
  });
}

/** Every seat pool agrees with the tickets, pending orders and open offers it counts. */
export function expectConsistent(seats: Awaited<ReturnType<typeof seatsOf>>): string[] {
  const problems: string[] = [];
  let sold = 0;
  let held = 0;
  for (const [typeId, pool] of Object.entries(seats.typePools)) {
    const tickets = seats.tickets[typeId] ?? 0;
    const pending = (seats.pending[typeId] ?? 0) + (seats.offered[typeId] ?? 0);
    if (pool.sold !== tickets) problems.push(`${typeId}: sold ${pool.sold} but ${tickets} tickets`);
    if (pool.held !== pending)
      problems.push(`${typeId}: held ${pool.held} but ${pending} pending or offered`);
    if (pool.sold + pool.held > pool.capacity) problems.push(`${typeId}: oversold`);
    sold += pool.sold;
    held += pool.held;
  }
  if (seats.eventPool.sold !== sold)
    problems.push(`event: sold ${seats.eventPool.sold} but types ${sold}`);
  if (seats.eventPool.held !== held)
    problems.push(`event: held ${seats.eventPool.held} but types ${held}`);
  if (seats.mismatchedOrders > 0)
    problems.push(`${seats.mismatchedOrders} paid orders with the wrong tickets`);
  return problems;
}
