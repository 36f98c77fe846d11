import { randomUUID } from 'node:crypto';
import { afterAll, describe, expect, it } from 'vitest';
import { seed } from '../src/seed/seeder.js';
import { dropDatabase, OWNER_URL, withSuperuser } from './support/test-env.js';

describe('npm run seed', () => {
  const database = `trivance_seed_${randomUUID().slice(0, 8)}`;
  afterAll(() => dropDatabase(database));

  const counts = () =>
    withSuperuser(database, async (db) => {
      const { rows } = await db.query(`SELECT
        (SELECT count(*)::int FROM member_profiles) AS members,
        (SELECT count(*)::int FROM events) AS events,
        (SELECT count(*)::int FROM orders) AS orders,
        (SELECT count(*)::int FROM tickets) AS tickets,
        (SELECT count(*)::int FROM (SELECT 1 FROM ledger_entries GROUP BY group_id HAVING sum(amount) <> 0) g) AS unbalanced,
        (SELECT count(*)::int FROM seat_pools p WHERE p.ticket_type_id IS NOT NULL
           AND p.sold <> (SELECT count(*) FROM tickets t WHERE t.ticket_type_id = p.id)) AS miscounted,
        (SELECT count(*)::int FROM pg_class c JOIN pg_namespace n ON n.oid = c.relnamespace
           WHERE n.nspname = 'public' AND c.relkind = 'r' AND c.relname <> '_prisma_migrations'
             AND NOT c.relforcerowsecurity) AS unforced`);
      return rows[0];
    });

  it('writes members, events, ticket types and orders with tickets and a balanced ledger, the same twice', async () => {
    const options = {
      databaseUrl: OWNER_URL(database),
      organizations: 4,
      users: 200,
      seed: 'test',
    };
    await seed(options);
    const first = await counts();
    expect(first).toMatchObject({
      members: 200,
      events: 12,
      unbalanced: 0,
      miscounted: 0,
      unforced: 0,
    });
    expect(first.orders).toBeGreaterThan(0);
    expect(first.tickets).toBeGreaterThan(0);
    await seed(options);
    expect(await counts()).toEqual(first);
  });
});
