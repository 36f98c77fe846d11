import pg from 'pg';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { TenantDatabase } from '../src/tenancy/tenant-database.js';
import { accountId, actingAs, principal } from './support/principals.js';
import { type RunningApp, startApp } from './support/running-app.js';
import { createOrganization, type TestOrganization } from './support/tenants.js';
import { APP_URL, TEST_DATABASE, withSuperuser } from './support/test-env.js';

/**
 * Customer-owned rows (orders, tickets, donations, notifications; here the
 * idempotency records, the first such table): visible to the selling
 * organization's staff and to the row's user, nobody else, in the scoped
 * client and again in row-level security.
 */
describe('customer-owned rows', () => {
  let api: RunningApp;
  let db: TenantDatabase;
  let seller: TestOrganization;
  let other: TestOrganization;
  const buyer = principal();
  const stranger = principal();
  let staffOfSeller: ReturnType<typeof principal>;
  let staffOfOther: ReturnType<typeof principal>;
  const keyHash = 'c'.repeat(64);

  beforeAll(async () => {
    api = await startApp();
    db = api.app.get(TenantDatabase);
    [seller, other] = await Promise.all([
      createOrganization('seller'),
      createOrganization('other'),
    ]);
    staffOfSeller = principal({ organizationId: seller.id, role: 'admin' });
    staffOfOther = principal({ organizationId: other.id, role: 'admin' });
    await actingAs(buyer, () =>
      db.client.idempotencyRecord.create({
        data: {
          organizationId: seller.id,
          keyHash,
          // Someone else's id: the scope rule pins the row to the buyer anyway.
          userId: stranger.userId,
          operation: 'orderTickets',
          requestHash: 'r'.repeat(64),
          result: {},
          expiresAt: new Date(Date.now() + 86_400_000),
        },
      }),
    );
  });
  afterAll(() => api.close());

  const visibleTo = (caller: ReturnType<typeof principal>) =>
    actingAs(caller, () => db.client.idempotencyRecord.findMany({ where: { keyHash } }));

  it("pins a customer's row to their own user id", async () => {
    const [row] = await visibleTo(buyer);
    expect(row).toMatchObject({ userId: buyer.userId, organizationId: seller.id });
  });

  it("shows the row to its owner and the seller's staff, and to no other customer or organization", async () => {
    expect(await visibleTo(buyer)).toHaveLength(1);
    expect(await visibleTo(staffOfSeller)).toHaveLength(1);
    expect(await visibleTo(stranger)).toHaveLength(0);
    expect(await visibleTo(staffOfOther)).toHaveLength(0);
  });

  it('lets no other customer or organization change or delete it', async () => {
    for (const caller of [stranger, staffOfOther]) {
      const changed = await actingAs(caller, () =>
        db.client.idempotencyRecord.updateMany({ where: { keyHash }, data: { operation: 'x' } }),
      );
      const deleted = await actingAs(caller, () =>
        db.client.idempotencyRecord.deleteMany({ where: { keyHash } }),
      );
      expect([changed.count, deleted.count]).toEqual([0, 0]);
    }
    expect(await visibleTo(buyer)).toHaveLength(1);
  });

  describe('row-level security', () => {
    async function asApplication<T>(
      settings: { organizationId?: string; userId?: string },
      work: (client: pg.Client) => Promise<T>,
    ): Promise<T> {
      const client = new pg.Client({ connectionString: APP_URL(TEST_DATABASE) });
      await client.connect();
      try {
        await client.query('BEGIN');
        await client.query(
          "SELECT set_config('app.organization_id', $1, true), set_config('app.user_id', $2, true)",
          [settings.organizationId ?? '', settings.userId ?? ''],
        );
        return await work(client);
      } finally {
        await client.query('ROLLBACK').catch(() => undefined);
        await client.end();
      }
    }
    const count = (settings: { organizationId?: string; userId?: string }) =>
      asApplication(settings, async (client) =>
        Number(
          (
            await client.query('SELECT count(*) FROM idempotency_records WHERE key_hash = $1', [
              keyHash,
            ])
          ).rows[0].count,
        ),
      );

    it('shows a customer row to its user and its organization only, without any filter', async () => {
      expect(await count({ userId: buyer.userId })).toBe(1);
      expect(await count({ organizationId: seller.id })).toBe(1);
      expect(await count({ userId: stranger.userId })).toBe(0);
      expect(await count({ organizationId: other.id, userId: stranger.userId })).toBe(0);
      expect(await count({})).toBe(0);
    });

    it("refuses a customer's row written for another user", async () => {
      await expect(
        asApplication({ userId: buyer.userId }, (client) =>
          client.query(
            `INSERT INTO idempotency_records (organization_id, key_hash, user_id, operation, request_hash, result, expires_at)
             VALUES ($1, $2, $3, 'x', $2, '{}', now())`,
            [seller.id, 'd'.repeat(64), accountId()],
          ),
        ),
      ).rejects.toThrow(/row-level security/);
    });
  });
});

/**
 * Account-owned rows (push devices and their tickets): the account's alone,
 * in the scoped client and again in row-level security; not even the staff
 * of an organization the account buys from see them.
 */
describe('account-owned rows: push devices', () => {
  let api: RunningApp;
  let db: TenantDatabase;
  const owner = principal();
  const stranger = principal();
  let staff: ReturnType<typeof principal>;
  const token = `ExponentPushToken[customer-rows-${accountId()}]`;

  beforeAll(async () => {
    api = await startApp();
    db = api.app.get(TenantDatabase);
    staff = principal({
      organizationId: (await createOrganization('push-staff')).id,
      role: 'admin',
    });
    await withSuperuser(TEST_DATABASE, async (client) => {
      await client.query(
        `INSERT INTO push_devices (id, user_id, token, platform) VALUES (gen_random_uuid(), $1, $2, 'IOS')`,
        [owner.userId, token],
      );
      await client.query(
        `INSERT INTO push_tickets (id, user_id, device_token, title, body) VALUES (gen_random_uuid(), $1, $2, 't', 'b')`,
        [owner.userId, token],
      );
    });
  });
  afterAll(() => api.close());

  const devicesSeenBy = (caller: ReturnType<typeof principal>) =>
    actingAs(caller, () => db.client.pushDevice.findMany({ where: { token } }));

  it('shows a device to its account only', async () => {
    expect(await devicesSeenBy(owner)).toHaveLength(1);
    expect(await devicesSeenBy(stranger)).toHaveLength(0);
    expect(await devicesSeenBy(staff)).toHaveLength(0);
    const tickets = (caller: ReturnType<typeof principal>) =>
      actingAs(caller, () => db.client.pushTicket.count({ where: { deviceToken: token } }));
    expect([await tickets(owner), await tickets(stranger), await tickets(staff)]).toEqual([
      1, 0, 0,
    ]);
  });

  it('lets no other account or organization delete it', async () => {
    for (const caller of [stranger, staff]) {
      const deleted = await actingAs(caller, () =>
        db.client.pushDevice.deleteMany({ where: { token } }),
      );
      expect(deleted.count).toBe(0);
    }
    expect(await devicesSeenBy(owner)).toHaveLength(1);
  });

  it('holds in row-level security without any filter, and refuses rows written by requests', async () => {
    const asApplication = async <T>(userId: string, work: (client: pg.Client) => Promise<T>) => {
      const client = new pg.Client({ connectionString: APP_URL(TEST_DATABASE) });
      await client.connect();
      try {
        await client.query('BEGIN');
        await client.query("SELECT set_config('app.user_id', $1, true)", [userId]);
        return await work(client);
      } finally {
        await client.query('ROLLBACK').catch(() => undefined);
        await client.end();
      }
    };
    const counts = (userId: string) =>
      asApplication(userId, async (client) => [
        (await client.query('SELECT 1 FROM push_devices WHERE token = $1', [token])).rowCount,
        (await client.query('SELECT 1 FROM push_tickets WHERE device_token = $1', [token]))
          .rowCount,
      ]);
    expect(await counts(owner.userId)).toEqual([1, 1]);
    expect(await counts(stranger.userId)).toEqual([0, 0]);
    expect(await counts('')).toEqual([0, 0]);
    // Devices are registered through the push path; tickets are written only by it.
    await expect(
      asApplication(owner.userId, (client) =>
        client.query(
          `INSERT INTO push_devices (id, user_id, token, platform) VALUES (gen_random_uuid(), $1, $2, 'IOS')`,
          [owner.userId, `ExponentPushToken[${accountId()}]`],
        ),
      ),
    ).rejects.toThrow(/permission denied|row-level security/);
    await expect(
      asApplication(owner.userId, (client) =>
        client.query(
          `INSERT INTO push_tickets (id, user_id, device_token, title, body) VALUES (gen_random_uuid(), $1, $2, 't', 'b')`,
          [owner.userId, token],
        ),
      ),
    ).rejects.toThrow(/permission denied|row-level security/);
  });
});
