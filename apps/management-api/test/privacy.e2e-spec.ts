import { createWompiStandIn, type WompiStandIn } from '@trivance/wompi-stand-in';
import { AUTH_EVENTS_STREAM, toStreamFields, type DomainEvent } from '@trivance/shared';
import { Redis } from 'ioredis';
import type { ChildProcess } from 'node:child_process';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { SHARED_REDIS_URL, startAuthService, stopAuthService } from './support/auth-process.js';
import {
  endUser,
  getServiceToken,
  type Identity,
  staffMember,
  steppedUpStaff,
} from './support/auth-service.js';
import { createTestEvent, orderMutation, orderTickets } from './support/catalog.js';
import { donate, manualGift, openCampaign } from './support/donations.js';
import { eventually } from './support/eventually.js';
import { freePort } from './support/ports.js';
import { type RunningApp, startApp } from './support/running-app.js';
import { createOrganization } from './support/tenants.js';
import { TEST_DATABASE, testConfig, withSuperuser } from './support/test-env.js';
import {
  APPROVED_CARD,
  registerPlatformMerchant,
  standInSettings,
  tokenizedCard,
} from './support/wompi.js';

const TICKET_PRICE = 2_500_000;
const GIFT = 5_000_000;
const MONTHLY = 3_000_000;

/** Everything the organization's books hold, as sums: the erasure must leave them as they were. */
function booksOf(organizationId: string) {
  return withSuperuser(TEST_DATABASE, async (db) => {
    const ledger = await db.query<{ account: string; total: string; entries: string }>(
      `SELECT account, sum(amount)::text AS total, count(*)::text AS entries
       FROM ledger_entries WHERE organization_id = $1 GROUP BY account ORDER BY account`,
      [organizationId],
    );
    const unbalanced = await db.query(
      `SELECT group_id FROM ledger_entries WHERE organization_id = $1
       GROUP BY group_id HAVING sum(amount) <> 0`,
      [organizationId],
    );
    const money = await db.query(
      `SELECT (SELECT json_agg(json_build_object('id', id, 'status', status, 'total', total::text) ORDER BY id)
                FROM orders WHERE organization_id = $1) AS orders,
              (SELECT json_agg(json_build_object('id', id, 'status', status, 'amount', amount::text,
                                                 'receipt', receipt_number) ORDER BY id)
                FROM donations WHERE organization_id = $1) AS donations,
              (SELECT json_agg(json_build_object('id', id, 'status', status, 'amount', amount::text,
                                                 'reference', reference) ORDER BY id)
                FROM payments WHERE organization_id = $1 AND status <> 'PENDING') AS payments`,
      [organizationId],
    );
    return { ledger: ledger.rows, unbalanced: unbalanced.rowCount, ...money.rows[0] };
  });
}

function rowsOf(userId: string) {
  return withSuperuser(TEST_DATABASE, async (db) => {
    const one = async (sql: string) => (await db.query(sql, [userId])).rows;
    return {
      profiles: await one(`SELECT * FROM member_profiles WHERE user_id = $1`),
      orders: await one(
        `SELECT buyer_email, buyer_name, status, total::text FROM orders WHERE user_id = $1`,
      ),
      tickets: await one(
        `SELECT holder_email, holder_name, status FROM tickets WHERE user_id = $1`,
      ),
      donations: await one(
        `SELECT donor_email, donor_name, donor_tax_id, message, tribute_name, status, amount::text,
                receipt_number, updated_at FROM donations WHERE user_id = $1 ORDER BY created_at`,
      ),
      monthly: await one(
        `SELECT status, next_charge_at, payment_source_id, payment_source_label, donor_email,
                donor_name, cancelled_at FROM recurring_donations WHERE user_id = $1`,
      ),
    };
  });
}

describe('privacy: export and deletion across both services', () => {
  let standIn: WompiStandIn;
  let app: RunningApp;
  /** An Auth Service replica (same database, keys and Redis) that knows this spec's Management API. */
  let auth: ChildProcess;
  let authUrl: string;
  let organizationId: string;
  let admin: Identity;
  let editor: Identity;

  beforeAll(async () => {
    standIn = await createWompiStandIn({ transitionDelayMs: 20 });
    app = await startApp(testConfig({ ...standInSettings(standIn), LOG_LEVEL: 'silent' }));
    registerPlatformMerchant(standIn, app);
    const port = await freePort();
    auth = await startAuthService(port, { MANAGEMENT_API_URL: app.url });
    authUrl = `http://127.0.0.1:${port}`;
    organizationId = (await createOrganization('privacy')).id;
    [admin, editor] = await Promise.all([
      steppedUpStaff(organizationId),
      staffMember(organizationId, 'moderator'),
    ]);
  }, 120_000);
  afterAll(async () => {
    await app?.close();
    if (auth) await stopAuthService(auth);
    await standIn?.close();
  });

  const authCall = (path: string, token: string, init: RequestInit = {}) =>
    fetch(`${authUrl}${path}`, {
      ...init,
      headers: {
        authorization: `Bearer ${token}`,
        ...(init.body ? { 'content-type': 'application/json' } : {}),
      },
    });

  /** A member who bought two tickets (paid), gave once and gives monthly. */
  async function customer(): Promise<{
    member: Identity;
    recurringId: string;
    campaignId: string;
  }> {
    const member = await staffMember(organizationId, 'user');
    const event = await createTestEvent(app, editor, {
      types: [{ price: TICKET_PRICE, quantity: 50 }],
    });
    const ordered = await orderTickets(app, member, event.id, [
      { ticketTypeId: event.ticketTypeIds[0]!, quantity: 2 },
    ]);
    expect(ordered.errors).toBeUndefined();
    const paid = await orderMutation(app, admin, 'markOrderPaid', {
      id: ordered.data!.orderTickets.id,
      externalReference: 'Recibo 7',
    });
    expect(paid.errors).toBeUndefined();
    const campaign = await openCampaign(app, editor);
    await manualGift(app, member, admin, campaign.id, GIFT, {
      message: 'Para el coro',
      tribute: { kind: 'IN_MEMORY', name: 'Abuela Rosa' },
      donorTaxId: '1.020.304.050',
    });
    const monthly = await donate(app, member, {
      campaignId: campaign.id,
      amount: { amount: MONTHLY, currency: 'COP' },
      frequency: 'MONTHLY',
      paymentSource: await tokenizedCard(standIn.apiUrl, APPROVED_CARD),
    });
    expect(monthly.errors).toBeUndefined();
    const recurringId = monthly.data!.donate.recurring!.id;
    // The first month is charged at once; wait until it has settled.
    await eventually(
      () => rowsOf(member.userId),
      (rows) => rows.donations.filter((row) => row.status === 'SUCCEEDED').length === 2,
    );
    return { member, recurringId, campaignId: campaign.id };
  }

  it('exports both services’ data, deletes the account, and the Management API erases it once', async () => {
    const { member, campaignId } = await customer();
    const stranger = await endUser('privacy-stranger');
    // A guest's gift under the member's email is not the member's: it stays as it is.
    const guest = await donate(app, null, {
      campaignId,
      amount: { amount: GIFT, currency: 'COP' },
      donorEmail: member.email,
      donorName: 'Someone else',
    });
    expect(guest.errors).toBeUndefined();
    const pushToken = `ExponentPushToken[${crypto.randomUUID().slice(0, 22)}]`;
    const device = await app.graphql(
      `mutation ($input: RegisterDeviceInput!) { registerDevice(input: $input) { id } }`,
      { input: { token: pushToken, platform: 'IOS' } },
      { authorization: `Bearer ${member.accessToken}` },
    );
    expect(device.body.errors).toBeUndefined();

    const exported = await authCall('/v1/auth/me/export', member.accessToken);
    expect(exported.status).toBe(200);
    // The document is read loosely; the assertions are the type check.
    // eslint-disable-next-line @typescript-eslint/no-explicit-any
    const document = (await exported.json()) as Record<string, any>;
    expect(document.account).toMatchObject({ id: member.userId, email: member.email });
    expect(document.memberships).toEqual([
      expect.objectContaining({ organizationId, role: 'user' }),
    ]);
    const part = document.management;
    expect(part.memberProfiles).toEqual([
      expect.objectContaining({ organizationId, email: member.email, role: 'USER' }),
    ]);
    expect(part.orders).toHaveLength(1);
    expect(part.orders[0]).toMatchObject({
      status: 'PAID',
      total: TICKET_PRICE * 2,
      buyerEmail: member.email,
      items: [expect.objectContaining({ quantity: 2, unitPrice: TICKET_PRICE })],
      payments: [expect.objectContaining({ provider: 'MANUAL', status: 'APPROVED' })],
    });
    expect(part.orders[0].tickets).toHaveLength(2);
    expect(part.tickets).toHaveLength(2);
    expect(part.donations.map((row: { amount: number }) => row.amount).sort()).toEqual(
      [MONTHLY, GIFT].sort(),
    );
    expect(part.donations.find((row: { amount: number }) => row.amount === GIFT)).toMatchObject({
      message: 'Para el coro',
      tributeName: 'Abuela Rosa',
      donorTaxId: '1.020.304.050',
    });
    expect(part.monthlyGifts).toEqual([expect.objectContaining({ status: 'ACTIVE' })]);
    expect(part).toHaveProperty('notifications');
    expect(part).toHaveProperty('notificationPreferences');
    expect(part.pushDevices).toEqual([expect.objectContaining({ platform: 'IOS' })]);
    const text = JSON.stringify(document);
    // No provider secrets and nobody else's data.
    for (const secret of [
      'integritySignature',
      'checkoutPublicKey',
      'paymentSourceId',
      '"code"',
      pushToken,
    ]) {
      expect(text).not.toContain(secret);
    }
    expect(text).not.toContain(stranger.userId);
    expect(text).not.toContain(admin.email);
    expect(text).not.toContain('Someone else');

    const before = await booksOf(organizationId);
    expect(before.unbalanced).toBe(0);

    const deleted = await authCall('/v1/auth/me', member.accessToken, {
      method: 'DELETE',
      body: JSON.stringify({ password: member.password }),
    });
    expect(deleted.status).toBe(204);

    // The member's live access token stops working here too.
    const viewer = await eventually(
      () =>
        app.graphql(
          'query { viewer { id } }',
          {},
          { authorization: `Bearer ${member.accessToken}` },
        ),
      (answer) => answer.body.errors?.[0]?.extensions?.code === 'UNAUTHENTICATED',
    );
    expect(viewer.body.errors![0]!.extensions!.code).toBe('UNAUTHENTICATED');

    const erased = await eventually(
      () => rowsOf(member.userId),
      (rows) => rows.profiles.length === 0 && rows.orders.every((row) => row.buyer_email === ''),
    );
    expect(erased.orders).toEqual([
      { buyer_email: '', buyer_name: '', status: 'PAID', total: String(TICKET_PRICE * 2) },
    ]);
    expect(erased.tickets).toEqual([
      { holder_email: '', holder_name: '', status: 'VALID' },
      { holder_email: '', holder_name: '', status: 'VALID' },
    ]);
    for (const donation of erased.donations) {
      expect(donation).toMatchObject({
        donor_email: '',
        donor_name: '',
        donor_tax_id: null,
        message: null,
        tribute_name: null,
        status: 'SUCCEEDED',
      });
      expect(donation.receipt_number).toEqual(expect.any(Number));
    }
    expect(erased.monthly).toEqual([
      expect.objectContaining({
        status: 'CANCELLED',
        next_charge_at: null,
        payment_source_id: 0,
        payment_source_label: null,
        donor_email: '',
        cancelled_at: expect.any(Date),
      }),
    ]);
    expect(await booksOf(organizationId)).toEqual(before);
    const devices = await withSuperuser(
      TEST_DATABASE,
      async (db) =>
        (await db.query(`SELECT 1 FROM push_devices WHERE user_id = $1`, [member.userId])).rowCount,
    );
    expect(devices).toBe(0);
    const guestRow = await withSuperuser(
      TEST_DATABASE,
      async (db) =>
        (
          await db.query(`SELECT donor_email, donor_name, user_id FROM donations WHERE id = $1`, [
            guest.data!.donate.id,
          ])
        ).rows,
    );
    expect(guestRow).toEqual([
      { donor_email: member.email, donor_name: 'Someone else', user_id: null },
    ]);

    // Replaying user.deleted (a redelivery, a replayed stream) changes nothing.
    const replay: DomainEvent = {
      id: crypto.randomUUID(),
      type: 'user.deleted',
      occurredAt: new Date().toISOString(),
      payload: { userId: member.userId },
    };
    const redis = new Redis(SHARED_REDIS_URL);
    try {
      await redis.xadd(AUTH_EVENTS_STREAM, '*', ...toStreamFields(replay));
    } finally {
      redis.disconnect();
    }
    await eventually(
      () =>
        withSuperuser(
          TEST_DATABASE,
          async (db) =>
            (await db.query(`SELECT 1 FROM processed_events WHERE event_id = $1`, [replay.id]))
              .rowCount,
        ),
      (count) => count === 1,
    );
    expect(await rowsOf(member.userId)).toEqual(erased);
    expect(await booksOf(organizationId)).toEqual(before);
  });

  it('refuses /internal/v1 to an end user and to a service token of another audience', async () => {
    const user = await endUser('privacy-internal');
    const path = `${app.url}/internal/v1/accounts/${user.userId}/export`;
    const asUser = await fetch(path, { headers: { authorization: `Bearer ${user.accessToken}` } });
    expect(asUser.status).toBe(403);
    const authInternal = await getServiceToken();
    const asOtherAudience = await fetch(path, {
      headers: { authorization: `Bearer ${authInternal}` },
    });
    expect(asOtherAudience.status).toBe(403);
    expect((await fetch(path)).status).toBe(401);
    const forged = await fetch(path, { headers: { authorization: 'Bearer not.a.token' } });
    expect(forged.status).toBe(401);
  });

  it('answers 503, not a partial export, when the Management API cannot be reached', async () => {
    const port = await freePort();
    const unreachable = await freePort();
    const orphan = await startAuthService(port, {
      MANAGEMENT_API_URL: `http://127.0.0.1:${unreachable}`,
    });
    try {
      const user = await endUser('privacy-outage');
      const answer = await fetch(`http://127.0.0.1:${port}/v1/auth/me/export`, {
        headers: { authorization: `Bearer ${user.accessToken}` },
      });
      expect(answer.status).toBe(503);
      const body = (await answer.json()) as Record<string, unknown>;
      expect(body.code).toBe('SERVICE_UNAVAILABLE');
      expect(body).not.toHaveProperty('account');
    } finally {
      await stopAuthService(orphan);
    }
  });
});
