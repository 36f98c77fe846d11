import { METHOD_METADATA, PATH_METADATA } from '@nestjs/common/constants.js';
import { MetadataScanner } from '@nestjs/core';
import { randomUUID } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ACCESS_RULE } from '../src/auth/access.decorators.js';
import { type Identity, staffMember, superAdmin } from './support/auth-service.js';
import { type RunningApp, startApp } from './support/running-app.js';
import {
  bearer,
  createOrganization,
  insertProfiles,
  type TestOrganization,
} from './support/tenants.js';

const RESOLVER_TYPE = 'graphql:resolver_type';

describe('access rules', () => {
  let api: RunningApp;
  let organization: TestOrganization;
  let identities: Record<'admin' | 'moderator' | 'user', Identity>;

  beforeAll(async () => {
    api = await startApp();
    organization = await createOrganization('access');
    const [admin, moderator, user] = await Promise.all([
      staffMember(organization.id, 'admin'),
      staffMember(organization.id, 'moderator'),
      staffMember(organization.id, 'user'),
    ]);
    identities = { admin, moderator, user };
  });
  afterAll(() => api.close());

  it('declares one on every query, mutation and HTTP handler (deny by default)', () => {
    const scanner = new MetadataScanner();
    // Every module's providers and controllers, as Nest's container holds them.
    const modules = [
      ...(
        api.app as unknown as {
          container: {
            getModules(): Map<
              string,
              {
                providers: Map<unknown, { instance: unknown }>;
                controllers: Map<unknown, { instance: unknown }>;
              }
            >;
          };
        }
      ).container
        .getModules()
        .values(),
    ];
    const undeclared: string[] = [];
    let checked = 0;
    const inspect = (instance: object, isHandler: (method: object) => boolean) => {
      const prototype = Object.getPrototypeOf(instance) as Record<string, object>;
      for (const name of scanner.getAllMethodNames(prototype)) {
        const method = prototype[name]!;
        if (!isHandler(method)) continue;
        checked++;
        const rule =
          Reflect.getMetadata(ACCESS_RULE, method) ??
          Reflect.getMetadata(ACCESS_RULE, instance.constructor);
        if (!rule) undeclared.push(`${instance.constructor.name}.${name}`);
      }
    };
    for (const wrapper of modules.flatMap((module) => [...module.providers.values()])) {
      if (wrapper.instance && typeof wrapper.instance === 'object') {
        inspect(wrapper.instance, (method) =>
          ['Query', 'Mutation', 'Subscription'].includes(
            Reflect.getMetadata(RESOLVER_TYPE, method),
          ),
        );
      }
    }
    for (const wrapper of modules.flatMap((module) => [...module.controllers.values()])) {
      inspect(
        wrapper.instance as object,
        (method) =>
          Reflect.hasMetadata(PATH_METADATA, method) &&
          Reflect.hasMetadata(METHOD_METADATA, method),
      );
    }
    expect(checked).toBeGreaterThanOrEqual(12);
    expect(undeclared).toEqual([]);
  });

  describe('tokens', () => {
    const USERS = '{ users(first: 1) { edges { cursor } } }';

    it('answers UNAUTHENTICATED without a token, with a malformed one or a forged one', async () => {
      const tampered = (() => {
        const [header, payload, signature] = identities.admin.accessToken.split('.');
        const claims = JSON.parse(Buffer.from(payload!, 'base64url').toString());
        claims.role = 'super_admin';
        return [header, Buffer.from(JSON.stringify(claims)).toString('base64url'), signature].join(
          '.',
        );
      })();
      const unsigned = [
        Buffer.from(JSON.stringify({ alg: 'none', typ: 'JWT' })).toString('base64url'),
        identities.admin.accessToken.split('.')[1],
        '',
      ].join('.');
      for (const headers of [
        {},
        { authorization: 'Bearer not.a.token' },
        { authorization: `Basic ${identities.admin.accessToken}` },
        bearer(tampered),
        bearer(unsigned),
      ]) {
        const { body } = await api.graphql(USERS, {}, headers);
        expect(body.data ?? null).toBeNull();
        expect(body.errors?.[0]?.extensions?.code).toBe('UNAUTHENTICATED');
      }
    });

    it('refuses staff operations to a token with no active organization', async () => {
      const operator = await superAdmin();
      const { body } = await api.graphql(USERS, {}, bearer(operator.accessToken));
      expect(body.errors?.[0]?.extensions).toMatchObject({
        code: 'FORBIDDEN',
        reason: 'NO_ACTIVE_ORGANIZATION',
      });
    });
  });

  describe('role matrix', () => {
    const member = { userId: '' };
    beforeAll(async () => {
      [{ userId: member.userId }] = await insertProfiles(organization.id, [{ role: 'USER' }]);
    });

    // Each operation with the roles allowed to run it; every other role must be refused.
    const operations: {
      name: string;
      query: () => string;
      allowed: ('admin' | 'moderator' | 'user')[];
    }[] = [
      {
        name: 'organization',
        query: () => '{ organization { id } }',
        allowed: ['admin', 'moderator', 'user'],
      },
      {
        name: 'users',
        query: () => '{ users(first: 1) { edges { cursor } } }',
        allowed: ['admin', 'moderator'],
      },
      {
        name: 'organizations',
        query: () => '{ organizations(first: 1) { edges { cursor } } }',
        allowed: [],
      },
      {
        name: 'updateOrganization',
        query: () =>
          `mutation { updateOrganization(input: { name: "Renamed ${Date.now()}" }) { id } }`,
        allowed: ['admin'],
      },
      {
        name: 'createOrganization',
        query: () =>
          `mutation { createOrganization(input: { name: "New", slug: "new-${Date.now()}", ownerEmail: "o@example.test" }) { id } }`,
        allowed: [],
      },
      {
        name: 'inviteMember',
        query: () =>
          `mutation { inviteMember(input: { email: "i-${Date.now()}@example.test", role: USER }) { id } }`,
        allowed: ['admin'],
      },
      {
        name: 'changeMemberRole',
        query: () =>
          `mutation { changeMemberRole(input: { userId: "${member.userId}", role: USER }) { id } }`,
        allowed: ['admin'],
      },
      ...catalogAndOrderOperations(),
      ...pushDeviceOperations(),
      ...notificationOperations(),
      {
        name: 'invitations',
        query: () => '{ invitations(first: 1) { edges { cursor } } }',
        allowed: ['admin'],
      },
      {
        name: 'revokeInvitation',
        query: () =>
          'mutation { revokeInvitation(input: { id: "665f1c2b9a1e4b0012345678" }) { id } }',
        allowed: ['admin'],
      },
      {
        name: 'endMemberSessions',
        query: () => `mutation { endMemberSessions(input: { userId: "${member.userId}" }) { id } }`,
        allowed: ['admin'],
      },
      {
        name: 'organizationSecurity',
        query: () => '{ organizationSecurity { requireMfaForStaff } }',
        allowed: ['admin'],
      },
      {
        name: 'updateOrganizationSecurity',
        query: () =>
          'mutation { updateOrganizationSecurity(input: { requireMfaForStaff: false }) { requireMfaForStaff } }',
        allowed: ['admin'],
      },
      {
        name: 'removeMember',
        query: () => `mutation { removeMember(input: { userId: "${member.userId}" }) { id } }`,
        allowed: ['admin'],
      },
    ];

    it('covers every mutation in the schema', async () => {
      const { body } = await api.graphql<{
        __schema: { mutationType: { fields: { name: string }[] } };
      }>('{ __schema { mutationType { fields { name } } } }');
      const mutations = body.data!.__schema.mutationType.fields.map((field) => field.name);
      expect(operations.map((operation) => operation.name)).toEqual(
        expect.arrayContaining(mutations),
      );
    });

    // removeMember runs last for each role: the admin's call really removes the member.
    for (const operation of operations) {
      for (const role of ['user', 'moderator', 'admin'] as const) {
        const allowed = operation.allowed.includes(role);
        it(`${operation.name} is ${allowed ? 'allowed' : 'refused'} for ${role}`, async () => {
          const { body } = await api.graphql(
            operation.query(),
            {},
            bearer(identities[role].accessToken),
          );
          // The role passes when the only refusal left is the second factor (step-up).
          const roleRefusals = (body.errors ?? []).filter(
            (e) => e.extensions?.code === 'FORBIDDEN' && e.extensions?.reason !== 'MFA_REQUIRED',
          );
          if (allowed) {
            expect(roleRefusals).toEqual([]);
          } else {
            expect(body.errors?.[0]?.extensions?.code).toBe('FORBIDDEN');
            expect(body.errors?.[0]?.extensions?.reason).not.toBe('MFA_REQUIRED');
          }
        });
      }
    }
  });
});

/** The catalogue and order operations of DOMAIN.md's role table, with ids that may not exist. */
function catalogAndOrderOperations(): {
  name: string;
  query: () => string;
  allowed: ('admin' | 'moderator' | 'user')[];
}[] {
  const id = () => randomUUID();
  const editors: ('admin' | 'moderator')[] = ['admin', 'moderator'];
  const everyone: ('admin' | 'moderator' | 'user')[] = ['admin', 'moderator', 'user'];
  const soon = new Date(Date.now() + 86_400_000).toISOString();
  const later = new Date(Date.now() + 90_000_000).toISOString();
  return [
    { name: 'categories', query: () => '{ categories { edges { cursor } } }', allowed: everyone },
    { name: 'events', query: () => '{ events { edges { cursor } } }', allowed: everyone },
    { name: 'event', query: () => `{ event(id: "${id()}") { id } }`, allowed: everyone },
    { name: 'campaigns', query: () => '{ campaigns { edges { cursor } } }', allowed: everyone },
    { name: 'campaign', query: () => `{ campaign(id: "${id()}") { id } }`, allowed: everyone },
    {
      name: 'createCampaign',
      query: () => `mutation { createCampaign(input: { title: "C ${id()}" }) { id } }`,
      allowed: editors,
    },
    ...['updateCampaign', 'publishCampaign', 'closeCampaign'].map((name) => ({
      name,
      query: () => `mutation { ${name}(input: { id: "${id()}" }) { id } }`,
      allowed: editors,
    })),
    {
      name: 'publications',
      query: () => '{ publications { edges { cursor } } }',
      allowed: everyone,
    },
    {
      name: 'publication',
      query: () => `{ publication(id: "${id()}") { id } }`,
      allowed: everyone,
    },
    {
      name: 'createPublication',
      query: () =>
        `mutation { createPublication(input: { kind: POST, title: "P ${id()}" }) { id } }`,
      allowed: editors,
    },
    ...['updatePublication', 'publishPublication', 'unpublishPublication', 'deletePublication'].map(
      (name) => ({
        name,
        query: () => `mutation { ${name}(input: { id: "${id()}" }) { id } }`,
        allowed: editors,
      }),
    ),
    { name: 'donations', query: () => '{ donations { edges { cursor } } }', allowed: ['admin'] },
    { name: 'donation', query: () => `{ donation(id: "${id()}") { id } }`, allowed: ['admin'] },
    ...['markDonationPaid', 'refundDonation'].map((name) => ({
      name,
      query: () => `mutation { ${name}(input: { id: "${id()}" }) { id } }`,
      allowed: ['admin' as const],
    })),
    {
      name: 'donate',
      query: () =>
        `mutation { donate(input: { campaignId: "${id()}", amount: { amount: 100000, currency: "COP" }, frequency: ONE_TIME, idempotencyKey: "${id()}" }) { id } }`,
      allowed: everyone,
    },
    ...[
      'pauseRecurringDonation',
      'resumeRecurringDonation',
      'cancelRecurringDonation',
      'updateRecurringDonation',
    ].map((name) => ({
      name,
      query: () => `mutation { ${name}(input: { id: "${id()}" }) { id } }`,
      allowed: everyone,
    })),
    { name: 'orders', query: () => '{ orders { edges { cursor } } }', allowed: ['admin'] },
    { name: 'order', query: () => `{ order(id: "${id()}") { id } }`, allowed: ['admin'] },
    {
      name: 'createCategory',
      query: () => `mutation { createCategory(input: { name: "Cat ${id()}" }) { id } }`,
      allowed: editors,
    },
    {
      name: 'updateCategory',
      query: () => `mutation { updateCategory(input: { id: "${id()}", name: "X" }) { id } }`,
      allowed: editors,
    },
    {
      name: 'deleteCategory',
      query: () => `mutation { deleteCategory(input: { id: "${id()}" }) { id } }`,
      allowed: editors,
    },
    {
      name: 'createEvent',
      query: () =>
        `mutation { createEvent(input: { title: "E", startsAt: "${soon}", endsAt: "${later}", timezone: "America/Bogota" }) { id } }`,
      allowed: editors,
    },
    ...['updateEvent', 'deleteEvent', 'publishEvent', 'completeEvent'].map((name) => ({
      name,
      query: () => `mutation { ${name}(input: { id: "${id()}" }) { id } }`,
      allowed: editors,
    })),
    {
      name: 'cancelEvent',
      query: () => `mutation { cancelEvent(input: { id: "${id()}", reason: "Rain" }) { id } }`,
      allowed: editors,
    },
    {
      name: 'createTicketType',
      query: () =>
        `mutation { createTicketType(input: { eventId: "${id()}", name: "G", price: { amount: 0, currency: "COP" }, quantity: 1 }) { id } }`,
      allowed: editors,
    },
    {
      name: 'updateTicketType',
      query: () => `mutation { updateTicketType(input: { id: "${id()}", name: "G" }) { id } }`,
      allowed: editors,
    },
    {
      name: 'markOrderPaid',
      query: () => `mutation { markOrderPaid(input: { id: "${id()}" }) { id } }`,
      allowed: ['admin'],
    },
    {
      name: 'refundOrder',
      query: () => `mutation { refundOrder(input: { id: "${id()}" }) { id } }`,
      allowed: ['admin'],
    },
    {
      name: 'issueComplimentaryTickets',
      query: () =>
        `mutation { issueComplimentaryTickets(input: { eventId: "${id()}", ticketTypeId: "${id()}", quantity: 1, holderEmail: "g@example.test", holderName: "Guest" }) { id } }`,
      allowed: ['admin'],
    },
    {
      name: 'orderTickets',
      query: () =>
        `mutation { orderTickets(input: { eventId: "${id()}", items: [{ ticketTypeId: "${id()}", quantity: 1 }], idempotencyKey: "${id()}" }) { id } }`,
      allowed: everyone,
    },
    {
      name: 'cancelOrder',
      query: () => `mutation { cancelOrder(input: { id: "${id()}" }) { id } }`,
      allowed: everyone,
    },
    {
      name: 'retryOrderPayment',
      query: () => `mutation { retryOrderPayment(input: { id: "${id()}" }) { id } }`,
      allowed: everyone,
    },
    {
      name: 'paymentSettings',
      query: () => '{ paymentSettings { ownMerchant } }',
      allowed: ['admin'],
    },
    {
      name: 'updatePaymentSettings',
      query: () =>
        'mutation { updatePaymentSettings(input: { wompiPublicKey: "pub_test_access", wompiPrivateKey: "prv_test_access", wompiEventsSecret: "test_events_access", wompiIntegritySecret: "test_integrity_access" }) { ownMerchant } }',
      allowed: ['admin'],
    },
    {
      name: 'checkInTicket',
      query: () =>
        `mutation { checkInTicket(input: { eventId: "${id()}", payload: "X" }) { firstScan } }`,
      allowed: everyone,
    },
    {
      name: 'uploadCheckIns',
      query: () =>
        `mutation { uploadCheckIns(input: { eventId: "${id()}", scans: [] }) { nonce } }`,
      allowed: everyone,
    },
    {
      name: 'undoCheckIn',
      query: () => `mutation { undoCheckIn(input: { ticketId: "${id()}" }) { id } }`,
      allowed: everyone,
    },
    {
      name: 'checkInStats',
      query: () => `{ checkInStats(eventId: "${id()}") { total } }`,
      allowed: everyone,
    },
    {
      name: 'attendees',
      query: () => `{ attendees(eventId: "${id()}") { edges { cursor } } }`,
      allowed: everyone,
    },
    {
      name: 'createDiscountCode',
      query: () =>
        `mutation { createDiscountCode(input: { eventId: "${id()}", code: "CODE1", kind: FIXED, value: 1 }) { id } }`,
      allowed: editors,
    },
    {
      name: 'updateDiscountCode',
      query: () => `mutation { updateDiscountCode(input: { id: "${id()}", value: 2 }) { id } }`,
      allowed: editors,
    },
    {
      name: 'discountCodes',
      query: () => `{ discountCodes(eventId: "${id()}") { id } }`,
      allowed: editors,
    },
    {
      name: 'transferTicket',
      query: () =>
        `mutation { transferTicket(input: { id: "${id()}", toEmail: "x@example.test", toName: "X" }) { id } }`,
      allowed: everyone,
    },
    {
      name: 'resendTickets',
      query: () => `mutation { resendTickets(input: { orderId: "${id()}" }) { id } }`,
      allowed: everyone,
    },
    {
      name: 'joinWaitlist',
      query: () =>
        `mutation { joinWaitlist(input: { ticketTypeId: "${id()}", quantity: 1 }) { id } }`,
      allowed: everyone,
    },
    {
      name: 'leaveWaitlist',
      query: () => `mutation { leaveWaitlist(input: { id: "${id()}" }) { id } }`,
      allowed: everyone,
    },
    {
      name: 'checkInSnapshot',
      query: () => `{ checkInSnapshot(eventId: "${id()}") { publicKey } }`,
      allowed: everyone,
    },
  ];
}

/** The inbox is every signed-in account's own, whatever its role. */
function notificationOperations(): {
  name: string;
  query: () => string;
  allowed: ('admin' | 'moderator' | 'user')[];
}[] {
  const everyone: ('admin' | 'moderator' | 'user')[] = ['admin', 'moderator', 'user'];
  const id = () => randomUUID();
  return [
    {
      name: 'notifications',
      query: () => '{ notifications { edges { cursor } } }',
      allowed: everyone,
    },
    {
      name: 'unreadNotificationCount',
      query: () => '{ unreadNotificationCount }',
      allowed: everyone,
    },
    {
      name: 'notificationPreferences',
      query: () => '{ notificationPreferences { kind } }',
      allowed: everyone,
    },
    ...['markNotificationRead', 'archiveNotification'].map((name) => ({
      name,
      query: () => `mutation { ${name}(input: { id: "${id()}" }) { id } }`,
      allowed: everyone,
    })),
    {
      name: 'markNotificationsSeen',
      query: () => `mutation { markNotificationsSeen(input: { ids: ["${id()}"] }) { id } }`,
      allowed: everyone,
    },
    {
      name: 'markAllNotificationsRead',
      query: () => 'mutation { markAllNotificationsRead(input: {}) { count } }',
      allowed: everyone,
    },
    {
      name: 'updateNotificationPreferences',
      query: () =>
        'mutation { updateNotificationPreferences(input: { kind: PUBLICATION, channel: PUSH, enabled: true }) { kind } }',
      allowed: everyone,
    },
  ];
}

/** Devices for push are every signed-in account's own, whatever its role. */
function pushDeviceOperations(): {
  name: string;
  query: () => string;
  allowed: ('admin' | 'moderator' | 'user')[];
}[] {
  const everyone: ('admin' | 'moderator' | 'user')[] = ['admin', 'moderator', 'user'];
  const token = () => `ExponentPushToken[access-${randomUUID()}]`;
  return [
    {
      name: 'registerDevice',
      query: () =>
        `mutation { registerDevice(input: { token: "${token()}", platform: ANDROID }) { id } }`,
      allowed: everyone,
    },
    {
      name: 'unregisterDevice',
      query: () => `mutation { unregisterDevice(input: { token: "${token()}" }) { id } }`,
      allowed: everyone,
    },
  ];
}
