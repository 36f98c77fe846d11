import { createExpoPushStandIn, type ExpoPushStandIn } from '@trivance/expo-push-stand-in';
import { randomUUID } from 'node:crypto';
import pg from 'pg';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { PushDelivery } from '../src/notifications/push/push-delivery.js';
import { PushReceiptsJob } from '../src/notifications/push/push-receipts.job.js';
import { endUser, type Identity } from './support/auth-service.js';
import { freePort } from './support/ports.js';
import { accountId } from './support/principals.js';
import { type RunningApp, startApp } from './support/running-app.js';
import { bearer } from './support/tenants.js';
import { APP_URL, TEST_DATABASE, testConfig, withSuperuser } from './support/test-env.js';

const RETRIES = 2;
let serial = 0;
const newToken = () => `ExponentPushToken[push-spec-${randomUUID().slice(0, 8)}-${++serial}]`;
const later = (ms: number) => new Date(Date.now() + ms);

const REGISTER = `mutation Register($input: RegisterDeviceInput!) {
  registerDevice(input: $input) { id token platform createdAt lastSeenAt } }`;
const UNREGISTER = `mutation Unregister($input: UnregisterDeviceInput!) {
  unregisterDevice(input: $input) { id token } }`;

interface TicketRow {
  device_token: string;
  outcome: string;
  error: string | null;
  ticket_id: string | null;
  attempts: number;
}

/** Devices written directly (as the superuser): recipients that need no account of their own. */
async function insertDevices(count: number): Promise<{ userId: string; token: string }[]> {
  const devices = Array.from({ length: count }, () => ({ userId: accountId(), token: newToken() }));
  await withSuperuser(TEST_DATABASE, (db) =>
    db.query(
      `INSERT INTO push_devices (id, user_id, token, platform)
       SELECT gen_random_uuid(), d.user_id, d.token, 'ANDROID'
       FROM jsonb_to_recordset($1::jsonb) AS d(user_id text, token text)`,
      [JSON.stringify(devices.map((d) => ({ user_id: d.userId, token: d.token })))],
    ),
  );
  return devices;
}

const deviceExists = (token: string) =>
  withSuperuser(TEST_DATABASE, async (db) => {
    const { rows } = await db.query('SELECT user_id FROM push_devices WHERE token = $1', [token]);
    return rows[0]?.user_id as string | undefined;
  });

const ticketsFor = (tokens: string[]) =>
  withSuperuser(TEST_DATABASE, async (db) => {
    const { rows } = await db.query<TicketRow>(
      `SELECT device_token, outcome, error, ticket_id, attempts FROM push_tickets
       WHERE device_token = ANY($1::text[]) ORDER BY created_at`,
      [tokens],
    );
    return rows;
  });

const recipientsOf = (devices: { userId: string }[], title = 'Hello') =>
  devices.map((device) => ({
    userId: device.userId,
    title,
    body: 'Your order is confirmed',
    data: { orderId: randomUUID() },
  }));

describe('push notifications through Expo', () => {
  let standIn: ExpoPushStandIn;
  let api: RunningApp;
  let delivery: PushDelivery;
  let job: PushReceiptsJob;
  let alice: Identity;
  let bob: Identity;

  beforeAll(async () => {
    standIn = await createExpoPushStandIn({ port: await freePort() });
    api = await startApp(
      testConfig({
        EXPO_PUSH_URL: standIn.pushUrl,
        EXPO_PUSH_RETRIES: String(RETRIES),
        EXPO_PUSH_RETRY_MAX_DELAY_MS: '20',
        PUSH_RECEIPT_DELAY_SECONDS: '60',
      }),
    );
    delivery = api.app.get(PushDelivery);
    job = api.app.get(PushReceiptsJob);
    [alice, bob] = await Promise.all([endUser('push-alice'), endUser('push-bob')]);
  });
  afterAll(async () => {
    await api?.close();
    await standIn?.close();
  });
  beforeEach(() => standIn.push.reset());

  describe('registerDevice and unregisterDevice', () => {
    it("registers the caller's device and refreshes it when registered again", async () => {
      const token = newToken();
      const first = await api.graphql<{ registerDevice: { id: string; token: string } }>(
        REGISTER,
        { input: { token, platform: 'IOS' } },
        bearer(alice.accessToken),
      );
      expect(first.body.errors).toBeUndefined();
      expect(first.body.data!.registerDevice).toMatchObject({ token, platform: 'IOS' });
      const again = await api.graphql<{ registerDevice: { id: string; platform: string } }>(
        REGISTER,
        { input: { token, platform: 'ANDROID' } },
        bearer(alice.accessToken),
      );
      expect(again.body.data!.registerDevice).toMatchObject({
        id: first.body.data!.registerDevice.id,
        platform: 'ANDROID',
      });
      expect(await deviceExists(token)).toBe(alice.userId);
    });

    it.each([
      'not-a-token',
      'ExponentPushToken[]',
      'ExponentPushToken[abc',
      'FcmToken[abc]',
      `ExponentPushToken[${'a'.repeat(300)}]`,
    ])('refuses %s with BAD_USER_INPUT naming the token', async (token) => {
      const { body } = await api.graphql(
        REGISTER,
        { input: { token, platform: 'IOS' } },
        bearer(alice.accessToken),
      );
      expect(body.data ?? null).toBeNull();
      expect(body.errors?.[0]?.extensions?.code).toBe('BAD_USER_INPUT');
      expect(JSON.stringify(body.errors)).toMatch(/Expo push token/);
    });

    it('refuses an anonymous caller', async () => {
      const { body } = await api.graphql(REGISTER, {
        input: { token: newToken(), platform: 'IOS' },
      });
      expect(body.errors?.[0]?.extensions?.code).toBe('UNAUTHENTICATED');
    });

    it('unregisters only the caller’s own device; another account’s is NOT_FOUND and stays', async () => {
      const token = newToken();
      await api.graphql(REGISTER, { input: { token, platform: 'IOS' } }, bearer(alice.accessToken));
      const byBob = await api.graphql(UNREGISTER, { input: { token } }, bearer(bob.accessToken));
      expect(byBob.body.errors?.[0]?.extensions?.code).toBe('NOT_FOUND');
      expect(await deviceExists(token)).toBe(alice.userId);

      const byAlice = await api.graphql<{ unregisterDevice: { token: string } }>(
        UNREGISTER,
        { input: { token } },
        bearer(alice.accessToken),
      );
      expect(byAlice.body.data!.unregisterDevice.token).toBe(token);
      expect(await deviceExists(token)).toBeUndefined();
      const twice = await api.graphql(UNREGISTER, { input: { token } }, bearer(alice.accessToken));
      expect(twice.body.errors?.[0]?.extensions?.code).toBe('NOT_FOUND');
    });

    it('moves a token registered again by another account (a phone changes hands), and drops what was pending for the first', async () => {
      const token = newToken();
      await api.graphql(REGISTER, { input: { token, platform: 'IOS' } }, bearer(alice.accessToken));
      // A message for Alice that Expo did not accept yet: it must never reach Bob's hands.
      standIn.push.failNextRequests(RETRIES + 1, { status: 503 });
      await delivery.deliver([{ userId: alice.userId, title: 'For Alice', body: 'x', data: {} }]);
      expect((await ticketsFor([token]))[0]!.outcome).toBe('PENDING');

      const moved = await api.graphql(
        REGISTER,
        { input: { token, platform: 'IOS' } },
        bearer(bob.accessToken),
      );
      expect(moved.body.errors).toBeUndefined();
      expect(await deviceExists(token)).toBe(bob.userId);
      expect(await ticketsFor([token])).toEqual([]);
      const byAlice = await api.graphql(
        UNREGISTER,
        { input: { token } },
        bearer(alice.accessToken),
      );
      expect(byAlice.body.errors?.[0]?.extensions?.code).toBe('NOT_FOUND');

      await job.run(later(3_600_000));
      expect(standIn.push.messages(token)).toEqual([]);
    });

    it("hides one account's devices and tickets from another under row-level security, without any filter", async () => {
      const token = newToken();
      await api.graphql(REGISTER, { input: { token, platform: 'IOS' } }, bearer(alice.accessToken));
      await delivery.deliver([{ userId: alice.userId, title: 'Hi', body: 'x', data: {} }]);
      const visible = async (userId: string) => {
        const client = new pg.Client({ connectionString: APP_URL(TEST_DATABASE) });
        await client.connect();
        try {
          await client.query('BEGIN');
          await client.query("SELECT set_config('app.user_id', $1, true)", [userId]);
          const devices = await client.query('SELECT 1 FROM push_devices WHERE token = $1', [
            token,
          ]);
          const tickets = await client.query('SELECT 1 FROM push_tickets WHERE device_token = $1', [
            token,
          ]);
          const deleted = await client.query('DELETE FROM push_devices WHERE token = $1', [token]);
          return [devices.rowCount, tickets.rowCount, deleted.rowCount];
        } finally {
          await client.query('ROLLBACK');
          await client.end();
        }
      };
      expect(await visible(bob.userId)).toEqual([0, 0, 0]);
      expect(await visible(alice.userId)).toEqual([1, 1, 1]);
    });
  });

  describe('delivery', () => {
    it('sends 250 devices in 3 requests of at most 100, then records their receipts', async () => {
      const devices = await insertDevices(250);
      const report = await delivery.deliver(recipientsOf(devices));
      expect(report).toMatchObject({ messages: 250, accepted: 250, retrying: 0, failed: 0 });
      expect(standIn.push.requestCount('send')).toBe(3);
      const sizes = standIn.push.batchSizes();
      expect(sizes.every((size) => size <= 100)).toBe(true);
      expect(sizes.reduce((sum, size) => sum + size, 0)).toBe(250);
      for (const device of devices) {
        expect(standIn.push.messages(device.token)).toHaveLength(1);
      }
      expect(standIn.push.messages(devices[0]!.token)[0]!.message).toMatchObject({
        title: 'Hello',
        body: 'Your order is confirmed',
        sound: 'default',
      });

      const tokens = devices.map((device) => device.token);
      expect(new Set((await ticketsFor(tokens)).map((t) => t.outcome))).toEqual(
        new Set(['ACCEPTED']),
      );
      // Receipts are not asked for before the delay.
      await job.run(new Date());
      expect(standIn.push.requestCount('getReceipts')).toBe(0);
      const run = await job.run(later(120_000));
      expect(run.receipts.delivered).toBeGreaterThanOrEqual(250);
      expect(new Set((await ticketsFor(tokens)).map((t) => t.outcome))).toEqual(
        new Set(['DELIVERED']),
      );
    });

    it('sends one notification to a device once, however often it is delivered', async () => {
      const devices = await insertDevices(2);
      const notificationId = randomUUID();
      const recipients = recipientsOf(devices).map((r) => ({ ...r, notificationId }));
      await delivery.deliver(recipients);
      const again = await delivery.deliver(recipients);
      expect(again.messages).toBe(0);
      expect(standIn.push.messages(devices[0]!.token)).toHaveLength(1);
      expect(standIn.push.messages(devices[0]!.token)[0]!.message.data).toMatchObject({
        notificationId,
      });
    });

    it('retries a 429 (Retry-After) and sends nothing twice', async () => {
      const devices = await insertDevices(3);
      standIn.push.failNextRequests(1, { status: 429, retryAfterSeconds: 0 });
      const report = await delivery.deliver(recipientsOf(devices));
      expect(report.accepted).toBe(3);
      expect(standIn.push.requests('send').map((r) => r.status)).toEqual([429, 200]);
      for (const device of devices) expect(standIn.push.messages(device.token)).toHaveLength(1);
    });

    it('retries a 503', async () => {
      const devices = await insertDevices(2);
      standIn.push.failNextRequests(2, { status: 503 });
      const report = await delivery.deliver(recipientsOf(devices));
      expect(report.accepted).toBe(2);
      expect(standIn.push.requests('send').map((r) => r.status)).toEqual([503, 503, 200]);
    });

    it('keeps messages a 429 outlasting the retries refused, and sends them once later', async () => {
      const devices = await insertDevices(3);
      const tokens = devices.map((device) => device.token);
      standIn.push.failNextRequests(RETRIES + 1, { status: 429, retryAfterSeconds: 0 });
      const report = await delivery.deliver(recipientsOf(devices));
      expect(report).toMatchObject({ accepted: 0, retrying: 3 });
      expect(standIn.push.messages()).toEqual([]);
      expect((await ticketsFor(tokens)).map((t) => t.outcome)).toEqual([
        'PENDING',
        'PENDING',
        'PENDING',
      ]);

      // Not yet due: nothing is sent.
      await job.run(new Date());
      expect(standIn.push.requestCount('send')).toBe(RETRIES + 1);
      const run = await job.run(later(3_600_000));
      expect(run.resent.accepted).toBeGreaterThanOrEqual(3);
      await job.run(later(7_200_000));
      for (const token of tokens) expect(standIn.push.messages(token)).toHaveLength(1);
      expect((await ticketsFor(tokens)).map((t) => [t.outcome, t.attempts])).toEqual([
        ['DELIVERED', 2],
        ['DELIVERED', 2],
        ['DELIVERED', 2],
      ]);
    });

    it('never retries a refusal (4xx other than 429), nor a message Expo says is too big', async () => {
      const [refused, tooBig] = await insertDevices(2);
      standIn.push.failNextRequests(1, { status: 400, endpoint: 'send' });
      const report = await delivery.deliver(recipientsOf([refused!]));
      expect(report).toMatchObject({ accepted: 0, retrying: 0, failed: 1 });
      expect(standIn.push.requestCount('send')).toBe(1);
      expect((await ticketsFor([refused!.token]))[0]).toMatchObject({
        outcome: 'FAILED',
        error: 'VALIDATION_ERROR',
      });

      const big = await delivery.deliver([
        { userId: tooBig!.userId, title: 'Big', body: 'x', data: { text: 'x'.repeat(5000) } },
      ]);
      expect(big).toMatchObject({ accepted: 0, failed: 1 });
      expect((await ticketsFor([tooBig!.token]))[0]).toMatchObject({
        outcome: 'FAILED',
        error: 'MessageTooBig',
      });
      await job.run(later(3_600_000));
      expect(standIn.push.requestCount('send')).toBe(2);
    });

    it('removes a device at once when its ticket says DeviceNotRegistered', async () => {
      const [gone, kept] = await insertDevices(2);
      standIn.push.markUnregistered(gone!.token, 'ticket');
      const report = await delivery.deliver(recipientsOf([gone!, kept!]));
      expect(report).toMatchObject({ accepted: 1, removedDevices: 1 });
      expect(await deviceExists(gone!.token)).toBeUndefined();
      expect(await deviceExists(kept!.token)).toBe(kept!.userId);
      expect((await ticketsFor([gone!.token]))[0]).toMatchObject({
        outcome: 'DEVICE_NOT_REGISTERED',
        error: 'DeviceNotRegistered',
      });
    });

    it('removes a device when its receipt says DeviceNotRegistered, and keeps one whose receipt reports another error', async () => {
      const [gone, misconfigured, fine] = await insertDevices(3);
      standIn.push.markUnregistered(gone!.token, 'receipt');
      standIn.push.setOutcome(misconfigured!.token, { error: 'InvalidCredentials', in: 'receipt' });
      const report = await delivery.deliver(recipientsOf([gone!, misconfigured!, fine!]));
      expect(report.accepted).toBe(3);
      expect(await deviceExists(gone!.token)).toBe(gone!.userId);

      await job.run(later(120_000));
      expect(await deviceExists(gone!.token)).toBeUndefined();
      expect(await deviceExists(misconfigured!.token)).toBe(misconfigured!.userId);
      const outcomes = await ticketsFor([gone!.token, misconfigured!.token, fine!.token]);
      expect(
        Object.fromEntries(outcomes.map((t) => [t.device_token, [t.outcome, t.error]])),
      ).toEqual({
        [gone!.token]: ['DEVICE_NOT_REGISTERED', 'DeviceNotRegistered'],
        [misconfigured!.token]: ['FAILED', 'InvalidCredentials'],
        [fine!.token]: ['DELIVERED', null],
      });
    });

    it('asks again for a receipt that is not ready, after a 503 on getReceipts', async () => {
      const devices = await insertDevices(1);
      await delivery.deliver(recipientsOf(devices));
      standIn.push.failNextRequests(RETRIES + 1, { status: 503, endpoint: 'getReceipts' });
      await job.run(later(120_000));
      expect((await ticketsFor([devices[0]!.token]))[0]!.outcome).toBe('ACCEPTED');
      await job.run(later(240_000));
      expect((await ticketsFor([devices[0]!.token]))[0]!.outcome).toBe('DELIVERED');
    });
  });
});
