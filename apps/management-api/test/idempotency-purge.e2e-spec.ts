import { createHash, randomUUID } from 'node:crypto';
import pg from 'pg';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { PurgeIdempotencyRecords } from '../src/idempotency/purge-idempotency-records.system-path.js';
import { accountId } from './support/principals.js';
import { type RunningApp, startApp } from './support/running-app.js';
import { createOrganization, type TestOrganization } from './support/tenants.js';
import { SYSTEM_URL, TEST_DATABASE, testConfig, withSuperuser } from './support/test-env.js';

const keyHash = () => createHash('sha256').update(randomUUID()).digest('hex');

/** A record of `organization`, expired `hoursAgo` hours ago (negative: still kept). */
async function record(organization: TestOrganization, hoursAgo: number): Promise<string> {
  const key = keyHash();
  await withSuperuser(TEST_DATABASE, (db) =>
    db.query(
      `INSERT INTO idempotency_records (organization_id, key_hash, user_id, operation, request_hash, result, expires_at)
       VALUES ($1, $2, $3, 'orderTickets', $4, '{}'::jsonb, now() - make_interval(hours => $5))`,
      [organization.id, key, accountId(), keyHash(), hoursAgo],
    ),
  );
  return key;
}

const remaining = (keys: string[]) =>
  withSuperuser(TEST_DATABASE, async (db) => {
    const { rows } = await db.query(
      'SELECT key_hash FROM idempotency_records WHERE key_hash = ANY($1) ORDER BY key_hash',
      [keys],
    );
    return rows.map((row) => row.key_hash as string);
  });

describe('purging idempotency records', () => {
  let api: RunningApp;
  let orgA: TestOrganization;
  let orgB: TestOrganization;

  beforeAll(async () => {
    // The loop is off: each run here is the job's one round.
    api = await startApp(testConfig({ BACKGROUND_JOBS: 'false' }));
    [orgA, orgB] = await Promise.all([
      createOrganization('purge-a'),
      createOrganization('purge-b'),
    ]);
  });
  afterAll(() => api.close());

  it('deletes expired records of every organization, keeps live ones, and audits the run', async () => {
    const expired = [await record(orgA, 1), await record(orgB, 30)];
    const live = [await record(orgA, -23), await record(orgB, -1)];
    const purge = api.app.get(PurgeIdempotencyRecords);
    let purged = 0;
    for (let round = 0; round < 20; round++) {
      const batch = await purge.run();
      purged += batch;
      if (batch < 1_000) break;
    }
    expect(purged).toBeGreaterThanOrEqual(2);
    expect(await remaining([...expired, ...live])).toEqual([...live].sort());
    const audit = await withSuperuser(TEST_DATABASE, async (db) => {
      const { rows } = await db.query(
        "SELECT actor, rows_touched FROM system_audit_log WHERE path = 'idempotency.purge' ORDER BY created_at DESC LIMIT 1",
      );
      return rows[0];
    });
    expect(audit).toMatchObject({ actor: 'housekeeping' });
    expect(audit.rows_touched).toBeGreaterThanOrEqual(1);
    // Nothing left to purge: a quiet run writes no audit entry and deletes nothing.
    expect(await purge.run()).toBe(0);
  });

  it('gives the housekeeping role expired records only, and nothing else', async () => {
    const live = await record(orgA, -2);
    const db = new pg.Client({ connectionString: SYSTEM_URL(TEST_DATABASE) });
    await db.connect();
    try {
      await db.query('BEGIN');
      await db.query('SET LOCAL ROLE trivance_housekeeping');
      const deleted = await db.query('DELETE FROM idempotency_records WHERE key_hash = $1', [live]);
      expect(deleted.rowCount).toBe(0);
      await db.query('SAVEPOINT s');
      await expect(db.query('SELECT 1 FROM organizations LIMIT 1')).rejects.toThrow(
        /permission denied/,
      );
      await db.query('ROLLBACK TO SAVEPOINT s');
      await expect(
        db.query("UPDATE idempotency_records SET result = '{}'::jsonb WHERE key_hash = $1", [live]),
      ).rejects.toThrow(/permission denied/);
    } finally {
      await db.query('ROLLBACK').catch(() => undefined);
      await db.end();
    }
    expect(await remaining([live])).toEqual([live]);
  });
});
