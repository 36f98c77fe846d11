import { createExpoPushStandIn, type ExpoPushStandIn } from '@trivance/expo-push-stand-in';
import { createClient, type Client } from 'graphql-ws';
import { randomUUID } from 'node:crypto';
import { Redis } from 'ioredis';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import WebSocket from 'ws';
import { MANAGEMENT_EVENTS_STREAM } from '../src/outbox/management-events.js';
import { NOTIFICATIONS_GROUP } from '../src/notifications/notifications.consumer.js';
import { DONATION_MAIL_GROUP } from '../src/mail/donation-mail.consumer.js';
import { mailsTo } from './support/mailbox.js';
import { SHARED_REDIS_URL } from './support/auth-process.js';
import {
  endUser,
  type Identity,
  logoutAll,
  staffMember,
  steppedUpStaff,
} from './support/auth-service.js';
import { createTestEvent, orderTickets } from './support/catalog.js';
import { gql, manualGift, openCampaign } from './support/donations.js';
import { eventually } from './support/eventually.js';
import { freePort } from './support/ports.js';
import { type RunningApp, startApp } from './support/running-app.js';
import { createOrganization, type TestOrganization } from './support/tenants.js';
import { TEST_DATABASE, testConfig, withSuperuser } from './support/test-env.js';

const NOTIFICATION_FIELDS =
  'id kind title body data readAt seenAt archivedAt createdAt organization { id name }';

interface NotificationView {
  id: string;
  kind: string;
  title: string;
  body: string;
  data: Record<string, unknown>;
  readAt: string | null;
  seenAt: string | null;
  archivedAt: string | null;
  organization: { id: string; name: string };
}

const inbox = async (
  app: RunningApp,
  caller: Identity,
  args = 'first: 50',
): Promise<NotificationView[]> => {
  const body = await gql<{ notifications: { edges: { node: NotificationView }[] } }>(
    app,
    caller,
    `query { notifications(${args}) { edges { node { ${NOTIFICATION_FIELDS} } } } }`,
  );
  if (body.errors) throw new Error(JSON.stringify(body.errors));
  return body.data!.notifications.edges.map((edge) => edge.node);
};

const unread = async (app: RunningApp, caller: Identity): Promise<number> =>
  (await gql<{ unreadNotificationCount: number }>(app, caller, 'query { unreadNotificationCount }'))
    .data!.unreadNotificationCount;

const liveClient = (
  app: RunningApp,
  accessToken: string | null,
  onClosed?: (code: number) => void,
) =>
  createClient({
    url: `${app.url.replace('http', 'ws')}/graphql`,
    webSocketImpl: WebSocket,
    lazy: false,
    retryAttempts: 0,
    // Closes are asserted through `closed`, not logged.
    onNonLazyError: () => undefined,
    connectionParams: accessToken ? { authorization: `Bearer ${accessToken}` } : {},
    on: { closed: (event) => onClosed?.((event as { code: number }).code) },
  });

/** Collects what one subscription sends. */
function collect<T>(
  client: Client,
  query: string,
): { values: T[]; errors: unknown[]; done: () => void } {
  const values: T[] = [];
  const errors: unknown[] = [];
  const done = client.subscribe<T>(
    { query },
    {
      next: (value) => {
        if (value.errors) errors.push(value.errors);
        else values.push(value.data as T);
      },
      error: (error) => errors.push(error),
      complete: () => undefined,
    },
  );
  return { values, errors, done };
}

const laterOrSame = (a: string, b: string) => {
  const [am, as] = a.split('-').map(Number) as [number, number];
  const [bm, bs] = b.split('-').map(Number) as [number, number];
  return am > bm || (am === bm && as >= bs);
};

/**
 * Waits until a consumer group has handled these stream entries (delivered
 * and acknowledged), so the absence of a notification or mail afterwards
 * means none was made. Other specs' instances share the group, so only these
 * entries are looked at.
 */
async function handled(entryIds: string[], groupName = NOTIFICATIONS_GROUP): Promise<void> {
  const redis = new Redis(SHARED_REDIS_URL);
  try {
    await eventually(
      async () => {
        const groups = (await redis.xinfo('GROUPS', MANAGEMENT_EVENTS_STREAM)) as unknown[][];
        const group = groups
          .map((fields) =>
            Object.fromEntries(
              Array.from({ length: fields.length / 2 }, (_, i) => [
                fields[2 * i],
                fields[2 * i + 1],
              ]),
            ),
          )
          .find((fields) => fields.name === groupName);
        if (!group) return false;
        const delivered = String(group['last-delivered-id']);
        for (const id of entryIds) {
          if (!laterOrSame(delivered, id)) return false;
          const pending = (await redis.xpending(
            MANAGEMENT_EVENTS_STREAM,
            groupName,
            id,
            id,
            1,
          )) as unknown[];
          if (pending.length > 0) return false;
        }
        return true;
      },
      (done) => done,
      // An entry read by another spec's instance as it shut down waits a
      // minute to be claimed by a live one.
      75_000,
    );
  } finally {
    redis.disconnect();
  }
}

/**
 * Appends a copy of the stream entry of the event for `donationId` (a
 * redelivery); the original entry's id and the copy's.
 */
async function replayGiftEvent(donationId: string): Promise<string[]> {
  const redis = new Redis(SHARED_REDIS_URL);
  const relayed = async () => {
    const entries = (await redis.xrevrange(
      MANAGEMENT_EVENTS_STREAM,
      '+',
      '-',
      'COUNT',
      50_000,
    )) as [string, string[]][];
    return entries.find(
      ([, fields]) =>
        fields.includes('donation.succeeded') && fields.join(' ').includes(donationId),
    );
  };
  try {
    // The outbox relay publishes the event shortly after the gift's transaction.
    const [id, fields] = (await eventually(relayed, (found) => found !== undefined))!;
    return [id, (await redis.xadd(MANAGEMENT_EVENTS_STREAM, '*', ...fields))!];
  } finally {
    redis.disconnect();
  }
}

// Redeliveries are checked against a consumer group every instance of the suite shares (see handled).
describe('notifications', { timeout: 120_000 }, () => {
  let first: RunningApp;
  let second: RunningApp;
  let organization: TestOrganization;
  let admin: Identity;
  let editor: Identity;
  let donor: Identity;
  let stranger: Identity;
  let campaign: { id: string; title: string };
  let expo: ExpoPushStandIn;

  beforeAll(async () => {
    expo = await createExpoPushStandIn({ port: await freePort() });
    const config = () =>
      testConfig({ EXPO_PUSH_URL: expo.pushUrl, NOTIFICATIONS_CONSUMER: 'true' });
    [first, second] = await Promise.all([startApp(config()), startApp(config())]);
    organization = await createOrganization('notifications');
    [admin, editor, donor, stranger] = await Promise.all([
      steppedUpStaff(organization.id),
      staffMember(organization.id, 'moderator'),
      endUser('notified'),
      endUser('stranger'),
    ]);
    campaign = await openCampaign(first, editor);
  }, 90_000);
  afterAll(async () => {
    await Promise.all([first?.close(), second?.close()]);
    await expo?.close();
  });

  it('tells the donor of their receipt once, live on another instance, and not again when the event is redelivered', async () => {
    const client = liveClient(first, donor.accessToken);
    const added = collect<{ notificationAdded: NotificationView }>(
      client,
      `subscription { notificationAdded { ${NOTIFICATION_FIELDS} } }`,
    );
    const counts = collect<{ unreadNotificationCount: number }>(
      client,
      'subscription { unreadNotificationCount }',
    );
    await eventually(
      async () => counts.values.length,
      (n) => n >= 1,
    );
    expect(counts.values[0]!.unreadNotificationCount).toBe(0);

    const gift = await manualGift(second, donor, admin, campaign.id, 2_500_000);
    const live = await eventually(
      async () => added.values,
      (values) => values.length >= 1,
    );
    expect(live[0]!.notificationAdded).toMatchObject({
      kind: 'DONATION_RECEIPT',
      readAt: null,
      organization: { id: organization.id },
      data: { donationId: gift.id },
    });
    expect(live[0]!.notificationAdded.title).toContain(organization.name);
    await eventually(
      async () => counts.values.at(-1)?.unreadNotificationCount,
      (count) => count === 1,
    );

    const [stored] = await inbox(second, donor);
    expect(stored).toMatchObject({ id: live[0]!.notificationAdded.id, kind: 'DONATION_RECEIPT' });

    await handled(await replayGiftEvent(gift.id));
    expect((await inbox(first, donor)).filter((n) => n.data.donationId === gift.id)).toHaveLength(
      1,
    );
    expect(added.values).toHaveLength(1);
    expect(added.errors).toEqual([]);
    added.done();
    counts.done();
    await client.dispose();
  });

  it('keeps an inbox: seen, read, archived, mark all read, unread filter, keyset pages', async () => {
    const reader = await endUser('reader');
    const gifts = [];
    for (let i = 0; i < 3; i++)
      gifts.push(await manualGift(first, reader, admin, campaign.id, 1_000_000 + i));
    await eventually(
      () => inbox(first, reader),
      (all) => all.length === 3,
    );
    expect(await unread(first, reader)).toBe(3);

    const firstPage = await gql<{
      notifications: {
        edges: { cursor: string; node: NotificationView }[];
        pageInfo: { hasNextPage: boolean; endCursor: string };
      };
    }>(
      first,
      reader,
      `query { notifications(first: 2) { edges { cursor node { id data } } pageInfo { hasNextPage endCursor } } }`,
    );
    const page = firstPage.data!.notifications;
    expect(page.edges).toHaveLength(2);
    expect(page.pageInfo.hasNextPage).toBe(true);
    const rest = await inbox(first, reader, `first: 2, after: "${page.pageInfo.endCursor}"`);
    expect(rest).toHaveLength(1);
    // Newest first (the order they were written in), each gift once across the pages.
    const listed = [...page.edges.map((edge) => edge.node), rest[0]!];
    expect(new Set(listed.map((n) => n.data.donationId))).toEqual(new Set(gifts.map((g) => g.id)));
    const created = (await inbox(first, reader)).map((n) => n.id);
    expect(listed.map((n) => n.id)).toEqual(created);
    const ids = [...page.edges.map((edge) => edge.node.id), rest[0]!.id];

    const seen = await gql<{ markNotificationsSeen: NotificationView[] }>(
      first,
      reader,
      `mutation ($input: MarkNotificationsSeenInput!) { markNotificationsSeen(input: $input) { id seenAt readAt } }`,
      { input: { ids: ids.slice(0, 2) } },
    );
    expect(seen.data!.markNotificationsSeen.every((n) => n.seenAt && !n.readAt)).toBe(true);
    expect(await unread(first, reader)).toBe(3);

    const read = await gql<{ markNotificationRead: NotificationView }>(
      first,
      reader,
      `mutation ($input: NotificationIdInput!) { markNotificationRead(input: $input) { id readAt } }`,
      { input: { id: ids[0] } },
    );
    expect(read.data!.markNotificationRead.readAt).not.toBeNull();
    expect(await unread(first, reader)).toBe(2);
    expect(
      (await inbox(first, reader, 'first: 10, filter: { unread: true }')).map((n) => n.id),
    ).toEqual(ids.slice(1));

    const archived = await gql<{ archiveNotification: NotificationView }>(
      first,
      reader,
      `mutation ($input: NotificationIdInput!) { archiveNotification(input: $input) { id archivedAt } }`,
      { input: { id: ids[1] } },
    );
    expect(archived.data!.archiveNotification.archivedAt).not.toBeNull();
    expect(await unread(first, reader)).toBe(1);
    expect((await inbox(first, reader)).map((n) => n.id)).toEqual([ids[0], ids[2]]);
    expect(
      (await inbox(first, reader, 'first: 10, filter: { archived: true }')).map((n) => n.id),
    ).toEqual([ids[1]]);

    const all = await gql<{ markAllNotificationsRead: { count: number; unreadCount: number } }>(
      first,
      reader,
      `mutation { markAllNotificationsRead(input: {}) { count unreadCount } }`,
    );
    expect(all.data!.markAllNotificationsRead).toEqual({ count: 2, unreadCount: 0 });
  });

  it("is the recipient's alone: another account finds nothing to read or mark", async () => {
    const [notification] = await eventually(
      () => inbox(first, donor),
      (all) => all.length > 0,
    );
    expect(await inbox(first, stranger)).toEqual([]);
    for (const mutation of ['markNotificationRead', 'archiveNotification']) {
      const refused = await gql(
        first,
        stranger,
        `mutation ($input: NotificationIdInput!) { ${mutation}(input: $input) { id } }`,
        { input: { id: notification!.id } },
      );
      expect(refused.errors?.[0]?.extensions?.code).toBe('NOT_FOUND');
    }
    const seen = await gql(
      first,
      stranger,
      `mutation ($input: MarkNotificationsSeenInput!) { markNotificationsSeen(input: $input) { id } }`,
      { input: { ids: [notification!.id] } },
    );
    expect(seen.errors?.[0]?.extensions?.code).toBe('NOT_FOUND');
    expect((await inbox(first, donor)).find((n) => n.id === notification!.id)?.readAt).toBeNull();
  });

  it('tells everyone holding an order of a cancelled event, once each, and no one else', async () => {
    const [buyer, twice, elsewhere] = await Promise.all([
      endUser('cancelled'),
      endUser('cancelled-twice'),
      endUser('elsewhere'),
    ]);
    const cancelled = await createTestEvent(first, editor, { types: [{ price: 0, quantity: 50 }] });
    const other = await createTestEvent(first, editor, { types: [{ price: 0, quantity: 50 }] });
    const item = (event: { ticketTypeIds: string[] }) => [
      { ticketTypeId: event.ticketTypeIds[0]!, quantity: 1 },
    ];
    for (const [who, event] of [
      [buyer, cancelled],
      [twice, cancelled],
      [twice, cancelled],
      [elsewhere, other],
    ] as const) {
      const ordered = await orderTickets(first, who, event.id, item(event));
      expect(ordered.errors).toBeUndefined();
    }
    const done = await gql(
      first,
      admin,
      'mutation ($input: CancelEventInput!) { cancelEvent(input: $input) { id } }',
      { input: { id: cancelled.id, reason: 'Lluvia' } },
    );
    expect(done.errors).toBeUndefined();
    for (const who of [buyer, twice]) {
      const told = await eventually(
        async () => (await inbox(second, who)).filter((n) => n.kind === 'EVENT_CANCELLED'),
        (all) => all.length > 0,
      );
      expect(told).toHaveLength(1);
      expect(told[0]!.data).toEqual({ eventId: cancelled.id });
    }
    expect((await inbox(first, elsewhere)).filter((n) => n.kind === 'EVENT_CANCELLED')).toEqual([]);
  });

  it('pushes to the devices of those who keep push on, once each', async () => {
    const [phoneOwner, muted] = await Promise.all([endUser('pushed'), endUser('muted')]);
    const tokens = [phoneOwner, muted].map(() => `ExponentPushToken[notify-${randomUUID()}]`);
    for (const [who, token] of [
      [phoneOwner, tokens[0]!],
      [muted, tokens[1]!],
    ] as const) {
      const registered = await gql(
        first,
        who,
        'mutation ($input: RegisterDeviceInput!) { registerDevice(input: $input) { id } }',
        { input: { token, platform: 'ANDROID' } },
      );
      expect(registered.errors).toBeUndefined();
    }
    await gql(
      first,
      muted,
      `mutation ($input: UpdateNotificationPreferencesInput!) { updateNotificationPreferences(input: $input) { kind } }`,
      { input: { kind: 'DONATION_RECEIPT', channel: 'PUSH', enabled: false } },
    );
    const gift = await manualGift(first, phoneOwner, admin, campaign.id, 2_000_000);
    const quiet = await manualGift(first, muted, admin, campaign.id, 2_000_000);
    const [pushed] = await eventually(
      async () => expo.push.messages(tokens[0]),
      (messages) => messages.length > 0,
    );
    expect(pushed!.message).toMatchObject({ data: { donationId: gift.id } });
    expect(pushed!.message.title).toContain(organization.name);
    // In the app, but not on the phone.
    await eventually(
      () => inbox(first, muted),
      (all) => all.length === 1,
    );
    // Both events, and a second delivery of each, handled: still one push, none to the muted.
    await handled([...(await replayGiftEvent(gift.id)), ...(await replayGiftEvent(quiet.id))]);
    expect(expo.push.messages(tokens[0])).toHaveLength(1);
    expect(expo.push.messages(tokens[1])).toEqual([]);
  });

  it('pushes what a delivery cut short after writing the notification had not recorded', async () => {
    const owner = await endUser('interrupted');
    const token = `ExponentPushToken[notify-${randomUUID()}]`;
    const registered = await gql(
      first,
      owner,
      'mutation ($input: RegisterDeviceInput!) { registerDevice(input: $input) { id } }',
      { input: { token, platform: 'IOS' } },
    );
    expect(registered.errors).toBeUndefined();
    const gift = await manualGift(first, owner, admin, campaign.id, 2_000_000);
    await eventually(
      async () => expo.push.messages(token),
      (messages) => messages.length === 1,
    );
    // As if the process had died between writing the notification and
    // recording its push: the notification stays, its push record is gone.
    const [notification] = await inbox(first, owner);
    await withSuperuser(TEST_DATABASE, (db) =>
      db.query('DELETE FROM push_tickets WHERE notification_id = $1', [notification!.id]),
    );
    await handled(await replayGiftEvent(gift.id));
    expect(expo.push.messages(token)).toHaveLength(2);
    expect(await inbox(first, owner)).toHaveLength(1);
    // Recorded again, so a further delivery sends nothing more.
    await handled(await replayGiftEvent(gift.id));
    expect(expo.push.messages(token)).toHaveLength(2);
  });

  it("tells the organization's members of a post published now, not of a banner", async () => {
    const publish = async (kind: string) => {
      const created = await gql<{ createPublication: { id: string } }>(
        first,
        editor,
        'mutation ($input: CreatePublicationInput!) { createPublication(input: $input) { id } }',
        {
          input: {
            kind,
            title: `${kind} ${randomUUID().slice(0, 6)}`,
            body: 'Texto',
            imageUrl: 'https://cdn.trivance.test/banner.png',
            imageAlt: 'Foto del evento',
          },
        },
      );
      expect(created.errors).toBeUndefined();
      const id = created.data!.createPublication.id;
      const published = await gql(
        first,
        editor,
        'mutation ($input: PublicationIdInput!) { publishPublication(input: $input) { id } }',
        { input: { id } },
      );
      expect(published.errors).toBeUndefined();
      return id;
    };
    const banner = await publish('BANNER');
    const post = await publish('POST');
    const told = await eventually(
      async () => (await inbox(second, admin)).filter((n) => n.kind === 'PUBLICATION'),
      (all) => all.length > 0,
    );
    expect(told.map((n) => n.data.publicationId)).toEqual([post]);
    expect(told.map((n) => n.data.publicationId)).not.toContain(banner);
    expect((await inbox(first, donor)).filter((n) => n.kind === 'PUBLICATION')).toEqual([]);
  });

  it('tells a new member of their role in the organization', async () => {
    const member = await staffMember(organization.id, 'moderator');
    const [notification] = await eventually(
      () => inbox(first, member),
      (all) => all.length > 0,
    );
    expect(notification).toMatchObject({
      kind: 'MEMBERSHIP_CHANGED',
      organization: { id: organization.id },
      data: { organizationId: organization.id, role: 'moderator' },
    });
  });

  it('honours the choice to turn a kind off in the app and by email', async () => {
    const quiet = await endUser('quiet');
    const chosen = await gql<{
      updateNotificationPreferences: { kind: string; channel: string; enabled: boolean }[];
    }>(
      first,
      quiet,
      `mutation ($input: UpdateNotificationPreferencesInput!) { updateNotificationPreferences(input: $input) { kind channel enabled } }`,
      { input: { kind: 'DONATION_RECEIPT', channel: 'IN_APP', enabled: false } },
    );
    const choices = chosen.data!.updateNotificationPreferences;
    expect(choices).toHaveLength(9 * 3);
    expect(choices.filter((choice) => !choice.enabled)).toEqual([
      { kind: 'DONATION_RECEIPT', channel: 'IN_APP', enabled: false },
    ]);
    await gql(
      first,
      quiet,
      `mutation ($input: UpdateNotificationPreferencesInput!) { updateNotificationPreferences(input: $input) { kind } }`,
      { input: { kind: 'DONATION_RECEIPT', channel: 'EMAIL', enabled: false } },
    );
    const gift = await manualGift(first, quiet, admin, campaign.id, 1_500_000);
    const entries = await replayGiftEvent(gift.id);
    await handled(entries);
    await handled(entries, DONATION_MAIL_GROUP);
    expect(await inbox(first, quiet)).toEqual([]);
    expect(
      (await mailsTo(quiet.email)).filter((mail) => mail.subject.startsWith('Recibo')),
    ).toEqual([]);

    // The same gift to someone who kept both on reaches them both ways.
    const keen = await endUser('keen');
    await manualGift(first, keen, admin, campaign.id, 1_500_000);
    await eventually(
      () => inbox(first, keen),
      (all) => all.length === 1,
    );
    await eventually(
      async () => (await mailsTo(keen.email)).filter((mail) => mail.subject.startsWith('Recibo')),
      (receipts) => receipts.length === 1,
    );
  });

  it('refuses a live connection without a valid token and ends one whose session is revoked', async () => {
    let anonymousClosed: number | undefined;
    const anonymous = liveClient(first, null, (code) => (anonymousClosed = code));
    const refused = collect(anonymous, 'subscription { unreadNotificationCount }');
    await eventually(
      async () => anonymousClosed ?? refused.errors.length,
      (v) => Boolean(v),
    );
    expect(refused.values).toEqual([]);
    await anonymous.dispose();

    const session = await endUser('revoked');
    let closedWith: number | undefined;
    const client = liveClient(second, session.accessToken, (code) => (closedWith = code));
    const counts = collect<{ unreadNotificationCount: number }>(
      client,
      'subscription { unreadNotificationCount }',
    );
    await eventually(
      async () => counts.values.length,
      (n) => n >= 1,
    );
    await logoutAll(session.accessToken);
    expect(
      await eventually(
        async () => closedWith,
        (code) => code !== undefined,
      ),
    ).toBe(4403);
    await client.dispose();
  });
});
