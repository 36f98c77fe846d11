import { AppError } from '@trivance/shared';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { Prisma } from '../src/generated/prisma/client.js';
import { TenantDatabase } from '../src/tenancy/tenant-database.js';
import { UnitOfWork, type UnitTransaction } from '../src/tenancy/unit-of-work.js';
import { actingAs, principal } from './support/principals.js';
import { type RunningApp, startApp } from './support/running-app.js';
import { createOrganization, type TestOrganization } from './support/tenants.js';
import { testConfig, TEST_DATABASE, withSuperuser } from './support/test-env.js';

const organizationName = (id: string) =>
  withSuperuser(TEST_DATABASE, async (db) => {
    const { rows } = await db.query('SELECT name FROM organizations WHERE id = $1', [id]);
    return rows[0]?.name as string;
  });

describe('units of work', () => {
  let api: RunningApp;
  let units: UnitOfWork;
  let db: TenantDatabase;
  let organization: TestOrganization;
  let admin: ReturnType<typeof principal>;

  beforeAll(async () => {
    // One connection in the pool: a unit that took a second one would wait forever.
    api = await startApp(testConfig({ DATABASE_POOL_SIZE: '1' }));
    units = api.app.get(UnitOfWork);
    db = api.app.get(TenantDatabase);
    organization = await createOrganization('uow');
    admin = principal({ organizationId: organization.id, role: 'admin' });
  });
  afterAll(() => api.close());

  const rename = (name: string) =>
    db.client.organization.update({ where: { id: organization.id }, data: { name } });

  it('rolls back the first write when a later one fails', async () => {
    const before = await organizationName(organization.id);
    await expect(
      actingAs(admin, () =>
        units.run(async () => {
          await rename('written, then rolled back');
          throw new AppError('CONFLICT', 'the second write failed');
        }),
      ),
    ).rejects.toMatchObject({ code: 'CONFLICT' });
    expect(await organizationName(organization.id)).toBe(before);
  });

  it('runs every statement, nested units included, on one connection of a pool of one', async () => {
    const pids = await actingAs(admin, () =>
      units.run(async (unit) => {
        const outer = await unit.query<{ pid: number }>(Prisma.sql`SELECT pg_backend_pid() AS pid`);
        await rename('renamed inside a unit');
        const members = await db.client.memberProfile.count();
        const inner = await units.run((nested) =>
          nested.query<{ pid: number }>(Prisma.sql`SELECT pg_backend_pid() AS pid`),
        );
        expect(members).toBe(0);
        return [outer[0]!.pid, inner[0]!.pid];
      }),
    );
    expect(pids[0]).toBe(pids[1]);
    expect(await organizationName(organization.id)).toBe('renamed inside a unit');
  });

  it("runs raw SQL in the unit's own transaction, reading 64-bit integers and instants exactly", async () => {
    const at = new Date('2026-01-02T03:04:05.678Z');
    const row = await actingAs(admin, () =>
      units.run(async (unit) => {
        await rename('not committed yet');
        const [read] = await unit.query<{ name: string; big: bigint; at: Date }>(
          Prisma.sql`SELECT name, 9007199254740993::bigint AS big, ${at}::timestamptz AS at
                     FROM organizations WHERE id = ${organization.id}::uuid`,
        );
        return read;
      }),
    );
    expect(row).toEqual({ name: 'not committed yet', big: 9007199254740993n, at });
  });

  it('refuses raw SQL once its unit has ended, also when the transaction timed out under it', async () => {
    let ended: UnitTransaction | undefined;
    await actingAs(admin, () =>
      units.run(async (unit) => {
        ended = unit;
      }),
    );
    await expect(ended!.query(Prisma.sql`SELECT 1`)).rejects.toThrow(/ended/);

    let afterTimeout: Promise<unknown> | undefined;
    await expect(
      actingAs(admin, () =>
        units.run(
          async (unit) => {
            await new Promise((resolve) => setTimeout(resolve, 400));
            // The connection went back to the pool when the transaction timed
            // out: this must not run on it outside any transaction.
            afterTimeout = unit.execute(
              Prisma.sql`UPDATE organizations SET name = 'written after the end' WHERE id = ${organization.id}::uuid`,
            );
            await afterTimeout;
          },
          { timeoutMs: 100 },
        ),
      ),
    ).rejects.toThrow();
    await expect(afterTimeout).rejects.toThrow(/ended/);
    expect(await organizationName(organization.id)).not.toBe('written after the end');
  });

  it('sets the settings once for the whole unit, from the caller', async () => {
    const settings = await actingAs(admin, () =>
      units.run((unit) =>
        unit.query<{ organization: string; role: string }>(
          Prisma.sql`SELECT current_setting('app.organization_id') AS organization, current_setting('app.role') AS role`,
        ),
      ),
    );
    expect(settings).toEqual([{ organization: organization.id, role: 'admin' }]);
  });

  it('runs at the isolation level the use case asks for, and refuses to join a different one', async () => {
    const level = await actingAs(admin, () =>
      units.run(
        (unit) =>
          unit.query<{ level: string }>(
            Prisma.sql`SELECT current_setting('transaction_isolation') AS level`,
          ),
        { isolationLevel: 'Serializable' },
      ),
    );
    expect(level).toEqual([{ level: 'serializable' }]);
    await expect(
      actingAs(admin, () =>
        units.run(() => units.run(async () => 1, { isolationLevel: 'RepeatableRead' })),
      ),
    ).rejects.toMatchObject({ code: 'INTERNAL' });
  });

  describe('with a pool that lets units run side by side', () => {
    let wide: RunningApp;
    beforeAll(async () => {
      wide = await startApp(testConfig({ DATABASE_POOL_SIZE: '10' }));
    });
    afterAll(() => wide.close());

    it('serializes units that lock the same row (SELECT ... FOR UPDATE): no update is lost', async () => {
      const wideUnits = wide.app.get(UnitOfWork);
      const wideDb = wide.app.get(TenantDatabase);
      await actingAs(admin, () =>
        wideDb.client.organization.update({ where: { id: organization.id }, data: { name: 'n' } }),
      );
      await Promise.all(
        Array.from({ length: 8 }, () =>
          actingAs(admin, () =>
            wideUnits.run(async (unit) => {
              const [row] = await unit.query<{ name: string }>(
                Prisma.sql`SELECT name FROM organizations WHERE id = ${organization.id}::uuid FOR UPDATE`,
              );
              // Give the others every chance to read the same value if the lock did not hold.
              await unit.execute(Prisma.sql`SELECT pg_sleep(0.05)`);
              await wideDb.client.organization.update({
                where: { id: organization.id },
                data: { name: `${row!.name}+` },
              });
            }),
          ),
        ),
      );
      expect(await organizationName(organization.id)).toBe('n++++++++');
    });

    it('serializes units that take the same advisory lock', async () => {
      const wideUnits = wide.app.get(UnitOfWork);
      const wideDb = wide.app.get(TenantDatabase);
      await actingAs(admin, () =>
        wideDb.client.organization.update({ where: { id: organization.id }, data: { name: 'a' } }),
      );
      await Promise.all(
        Array.from({ length: 6 }, () =>
          actingAs(admin, () =>
            wideUnits.run(async (unit) => {
              await unit.lock('organization-name', organization.id);
              const current = await wideDb.client.organization.findUnique({
                where: { id: organization.id },
              });
              await unit.execute(Prisma.sql`SELECT pg_sleep(0.05)`);
              await wideDb.client.organization.update({
                where: { id: organization.id },
                data: { name: `${current!.name}+` },
              });
            }),
          ),
        ),
      );
      expect(await organizationName(organization.id)).toBe('a++++++');
    });
  });
});
