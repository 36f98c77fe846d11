import { randomUUID } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openMerchantSecrets } from '../src/payments/merchants/wompi-merchant.js';
import {
  enableSecondFactor,
  endUser,
  type Identity,
  staffMember,
  steppedUpStaff,
  stepUp,
  superAdmin,
} from './support/auth-service.js';
import { createTestEvent, type TestEvent } from './support/catalog.js';
import { eventually } from './support/eventually.js';
import { type Mail, mailsTo } from './support/mailbox.js';
import { type RunningApp, startApp } from './support/running-app.js';
import {
  bearer,
  createOrganization,
  type TestOrganization,
  waitForProfiles,
} from './support/tenants.js';
import { TEST_DATABASE, testConfig, withSuperuser } from './support/test-env.js';
import { moneyOf, postEvent, signedEvent, wompiOrder } from './support/wompi.js';

const UPDATE = `mutation ($input: UpdatePaymentSettingsInput!) {
  updatePaymentSettings(input: $input) { provider ownMerchant wompiPublicKey webhookUrl updatedAt updatedBy }
}`;
const READ =
  '{ paymentSettings { provider ownMerchant wompiPublicKey webhookUrl updatedAt updatedBy } }';
const PRICE = 5_000_000;
const SUBJECT = /^Cambiaron la cuenta de Wompi de /;

interface SettingsView {
  provider: string;
  ownMerchant: boolean;
  wompiPublicKey: string | null;
  webhookUrl: string;
  updatedAt: string | null;
  updatedBy: string | null;
}

/** A merchant's keys as Wompi's dashboard shows them, fresh for each call. */
function merchantKeys(environment: 'test' | 'prod' = 'test') {
  const token = () => randomUUID().replaceAll('-', '');
  return {
    wompiPublicKey: `pub_${environment}_${token()}`,
    wompiPrivateKey: `prv_${environment}_${token()}`,
    wompiEventsSecret: `${environment}_events_${token()}`,
    wompiIntegritySecret: `${environment}_integrity_${token()}`,
  };
}
type MerchantKeys = ReturnType<typeof merchantKeys>;

const secretsOf = (keys: MerchantKeys) => [
  keys.wompiPrivateKey,
  keys.wompiEventsSecret,
  keys.wompiIntegritySecret,
];

const settingsRow = (organizationId: string) =>
  withSuperuser(TEST_DATABASE, async (db) => {
    const result = await db.query(
      `SELECT organization_id, wompi_public_key, wompi_secrets, updated_by, updated_at
       FROM payment_settings WHERE organization_id = $1`,
      [organizationId],
    );
    return result.rows[0] as
      | {
          organization_id: string;
          wompi_public_key: string;
          wompi_secrets: string;
          updated_by: string;
          updated_at: Date;
        }
      | undefined;
  });

const changeEvents = (organizationId: string) =>
  withSuperuser(TEST_DATABASE, async (db) => {
    const result = await db.query(
      `SELECT payload FROM outbox_events
       WHERE organization_id = $1 AND type = 'payment_settings.changed' ORDER BY occurred_at, id`,
      [organizationId],
    );
    return result.rows.map((row) => row.payload as Record<string, unknown>);
  });

const noticesTo = async (address: string): Promise<Mail[]> =>
  (await mailsTo(address)).filter((mail) => SUBJECT.test(mail.subject));

/** A notice names the public key by its last 4 characters. */
const mentions = (mail: Mail, keys: MerchantKeys) =>
  mail.text.includes(`termina en …${keys.wompiPublicKey.slice(-4)}.`);

const noticesAbout = async (address: string, changes: MerchantKeys[]): Promise<Mail[]> =>
  (await noticesTo(address)).filter((mail) => changes.some((keys) => mentions(mail, keys)));

const extensionsOf = (body: { errors?: { extensions?: Record<string, unknown> }[] }) =>
  body.errors?.[0]?.extensions;

const sealingKey = () => Buffer.from(testConfig().SETTINGS_ENCRYPTION_KEY, 'base64');

describe("an organization's own Wompi merchant (payment settings)", () => {
  // Two instances: each mail must still go out once.
  let api: RunningApp;
  let replica: RunningApp;
  let organization: TestOrganization;
  let admin: Identity;
  let adminStepped: string;
  let otherAdmin: Identity;
  let moderator: Identity;
  let volunteer: Identity;
  let buyer: Identity;

  const update = (token: string, input: Record<string, unknown>, app = api) =>
    app.graphql<{ updatePaymentSettings: SettingsView }>(UPDATE, { input }, bearer(token));
  const read = (token: string, app = api) =>
    app.graphql<{ paymentSettings: SettingsView }>(READ, {}, bearer(token));

  beforeAll(async () => {
    [api, replica] = await Promise.all([startApp(), startApp()]);
    organization = await createOrganization('pay-settings');
    [admin, otherAdmin, moderator, volunteer, buyer] = await Promise.all([
      staffMember(organization.id, 'admin'),
      steppedUpStaff(organization.id, 'admin'),
      staffMember(organization.id, 'moderator'),
      staffMember(organization.id, 'user'),
      endUser('pay-settings-buyer'),
    ]);
    adminStepped = await stepUp(admin, await enableSecondFactor(admin));
    await waitForProfiles(organization.id, [
      admin.userId,
      otherAdmin.userId,
      moderator.userId,
      volunteer.userId,
    ]);
  }, 90_000);
  afterAll(() => Promise.all([api?.close(), replica?.close()]));

  describe('happy', () => {
    it("uses the platform's merchant until an admin connects one", async () => {
      const fresh = await createOrganization('pay-settings-none');
      const freshAdmin = await staffMember(fresh.id, 'admin');
      const { body } = await read(freshAdmin.accessToken);
      expect(body.errors).toBeUndefined();
      expect(body.data!.paymentSettings).toEqual({
        provider: 'WOMPI',
        ownMerchant: false,
        wompiPublicKey: null,
        webhookUrl: '/api/payments/webhooks/wompi',
        updatedAt: null,
        updatedBy: null,
      });
    });

    it('seals the secrets for this organization, never returns them, and shows the merchant', async () => {
      const keys = merchantKeys();
      const padded = Object.fromEntries(
        Object.entries(keys).map(([field, value]) => [field, `  ${value}\n`]),
      );
      const { body } = await update(adminStepped, padded);
      expect(body.errors).toBeUndefined();
      expect(body.data!.updatePaymentSettings).toMatchObject({
        provider: 'WOMPI',
        ownMerchant: true,
        wompiPublicKey: keys.wompiPublicKey,
        webhookUrl: `/api/payments/webhooks/wompi/${organization.id}`,
        updatedBy: admin.userId,
      });
      for (const secret of secretsOf(keys)) expect(JSON.stringify(body)).not.toContain(secret);

      const row = (await settingsRow(organization.id))!;
      expect(row).toMatchObject({
        wompi_public_key: keys.wompiPublicKey,
        updated_by: admin.userId,
      });
      // The database holds no secret in the clear (nor in base64 or hex).
      for (const secret of secretsOf(keys)) {
        expect(row.wompi_secrets).not.toContain(secret);
        expect(row.wompi_secrets).not.toContain(Buffer.from(secret).toString('base64'));
        expect(row.wompi_secrets).not.toContain(Buffer.from(secret).toString('hex'));
      }
      // Opened with the key, for this organization, they are what the admin entered (trimmed).
      expect(openMerchantSecrets(sealingKey(), organization.id, row.wompi_secrets)).toEqual({
        privateKey: keys.wompiPrivateKey,
        eventsSecret: keys.wompiEventsSecret,
        integritySecret: keys.wompiIntegritySecret,
      });
      // Moved to another organization, the sealed value does not open.
      expect(() => openMerchantSecrets(sealingKey(), randomUUID(), row.wompi_secrets)).toThrow();

      const { body: shown } = await read(adminStepped);
      expect(shown.data!.paymentSettings).toEqual({
        provider: 'WOMPI',
        ownMerchant: true,
        wompiPublicKey: keys.wompiPublicKey,
        webhookUrl: `/api/payments/webhooks/wompi/${organization.id}`,
        updatedAt: row.updated_at.toISOString(),
        updatedBy: admin.userId,
      });
      // Reading needs no step-up; it never shows a secret either.
      const { body: plain } = await read(admin.accessToken);
      expect(plain.data!.paymentSettings.wompiPublicKey).toBe(keys.wompiPublicKey);
      for (const secret of secretsOf(keys)) expect(JSON.stringify(plain)).not.toContain(secret);

      // The change is an event that carries no secret.
      const [event] = (await changeEvents(organization.id)).slice(-1);
      expect(event).toMatchObject({
        actorId: admin.userId,
        wompiPublicKey: keys.wompiPublicKey,
        organizationName: organization.name,
      });
      for (const secret of secretsOf(keys)) expect(JSON.stringify(event)).not.toContain(secret);

      // Both admins hear of the first connection.
      for (const identity of [admin, otherAdmin]) {
        const [mail] = await eventually(
          () => noticesAbout(identity.email, [keys]),
          (found) => found.length > 0,
        );
        expect(mail!.text).toContain(`${admin.name} conectó una cuenta de Wompi propia`);
      }
    });

    it('mails every admin once per change, and no one else', async () => {
      const first = merchantKeys();
      const second = merchantKeys('prod');
      expect((await update(adminStepped, first)).body.errors).toBeUndefined();
      // The second change through the other instance, by the other admin.
      expect((await update(otherAdmin.accessToken, second, replica)).body.errors).toBeUndefined();

      for (const identity of [admin, otherAdmin]) {
        const mine = await eventually(
          () => noticesAbout(identity.email, [first, second]),
          (found) => found.length >= 2,
        );
        for (const keys of [first, second]) {
          expect(mine.filter((mail) => mentions(mail, keys))).toHaveLength(1);
        }
        for (const mail of mine) {
          expect(mail.subject).toBe(`Cambiaron la cuenta de Wompi de ${organization.name}`);
          expect(mail.text).toContain(organization.name);
          expect(mail.text).toMatch(/hora de Colombia/);
          expect(mail.text).toMatch(/Si no reconoces este cambio/);
          for (const keys of [first, second]) {
            expect(mail.text).not.toContain(keys.wompiPublicKey);
            for (const secret of secretsOf(keys)) {
              expect(mail.text).not.toContain(secret);
              expect(mail.html).not.toContain(secret);
            }
          }
        }
        expect(mine.find((mail) => mentions(mail, first))!.text).toContain(admin.name);
        expect(mine.find((mail) => mentions(mail, second))!.text).toContain(otherAdmin.name);
      }
      // Redeliveries or the other instance send nothing more.
      await new Promise((resolve) => setTimeout(resolve, 2_000));
      for (const identity of [admin, otherAdmin]) {
        expect(await noticesAbout(identity.email, [first, second])).toHaveLength(2);
      }
      expect(await noticesTo(moderator.email)).toHaveLength(0);
      expect(await noticesTo(volunteer.email)).toHaveLength(0);
    });

    it("lets a platform operator change it inside the organization, named as the platform's", async () => {
      const operator = await superAdmin(organization.id);
      const keys = merchantKeys();
      const { body } = await update(operator.accessToken, keys);
      expect(body.errors).toBeUndefined();
      expect(body.data!.updatePaymentSettings.updatedBy).toBe(operator.userId);
      for (const identity of [admin, otherAdmin]) {
        const [mail] = await eventually(
          () => noticesAbout(identity.email, [keys]),
          (found) => found.length > 0,
        );
        expect(mail!.text).toContain('Un operador de la plataforma Trivance cambió la cuenta');
      }
    });

    it('gives new WOMPI orders a checkout of the new merchant at once, and takes its webhooks', async () => {
      const event: TestEvent = await createTestEvent(api, otherAdmin, {
        types: [{ quantity: 20, price: PRICE }],
      });
      // An order before the change: this instance remembers the merchant it used.
      const earlier = await wompiOrder(api, buyer, event.id, event.ticketTypeIds[0]!);
      const keys = merchantKeys();
      expect(earlier.payment!.checkout!.publicKey).not.toBe(keys.wompiPublicKey);

      expect((await update(adminStepped, keys)).body.errors).toBeUndefined();
      const placed = await wompiOrder(api, buyer, event.id, event.ticketTypeIds[0]!);
      const checkout = placed.payment!.checkout!;
      expect(checkout.publicKey).toBe(keys.wompiPublicKey);
      expect(new URL(checkout.url).searchParams.get('public-key')).toBe(keys.wompiPublicKey);

      // Its events are signed with the new events secret, at the organization's own path.
      const approved = signedEvent(
        { status: 'APPROVED', amount_in_cents: PRICE, reference: placed.payment!.reference },
        { secret: keys.wompiEventsSecret },
      );
      expect(await postEvent(api, approved)).toBe(401);
      expect(await postEvent(api, approved, organization.id)).toBe(200);
      expect((await moneyOf(placed.id)).status).toBe('PAID');
    });
  });

  describe('error', () => {
    const invalid: [string, Partial<MerchantKeys>, string[]][] = [
      [
        'a public key without its prefix',
        { wompiPublicKey: 'key_test_0123456789abcdef' },
        ['wompiPublicKey'],
      ],
      [
        'a private key as the public key',
        { wompiPublicKey: `prv_test_${'a'.repeat(32)}` },
        ['wompiPublicKey'],
      ],
      [
        'a public key as the private key',
        { wompiPrivateKey: `pub_test_${'a'.repeat(32)}` },
        ['wompiPrivateKey'],
      ],
      [
        'a sandbox private key with a production public key',
        { wompiPublicKey: `pub_prod_${'a'.repeat(32)}` },
        ['wompiPrivateKey'],
      ],
      [
        'blank secrets',
        { wompiEventsSecret: '   ', wompiIntegritySecret: '' },
        ['wompiEventsSecret', 'wompiIntegritySecret'],
      ],
      ['a secret too short', { wompiIntegritySecret: 'short' }, ['wompiIntegritySecret']],
      [
        'a secret with a space inside',
        { wompiEventsSecret: 'test_events_ abc def ghi jkl' },
        ['wompiEventsSecret'],
      ],
      ['a key too long', { wompiPublicKey: `pub_test_${'a'.repeat(200)}` }, ['wompiPublicKey']],
    ];

    it.each(invalid)(
      'refuses %s as BAD_USER_INPUT naming the fields, changing nothing',
      async (_, bad, fields) => {
        const rowBefore = await settingsRow(organization.id);
        const eventsBefore = (await changeEvents(organization.id)).length;
        const { body } = await update(adminStepped, { ...merchantKeys(), ...bad });
        expect(body.data ?? null).toBeNull();
        expect(extensionsOf(body)).toMatchObject({ code: 'BAD_USER_INPUT' });
        expect(Object.keys((extensionsOf(body)?.errors as object) ?? {}).sort()).toEqual(fields);
        expect(await settingsRow(organization.id)).toEqual(rowBefore);
        expect(await changeEvents(organization.id)).toHaveLength(eventsBefore);
      },
    );

    it('refuses a missing or unknown field', async () => {
      const literal = (fields: Record<string, string>) =>
        `mutation { updatePaymentSettings(input: { ${Object.entries(fields)
          .map(([field, value]) => `${field}: ${JSON.stringify(value)}`)
          .join(', ')} }) { ownMerchant } }`;
      const { wompiIntegritySecret: _, ...missing } = merchantKeys();
      const extra = { ...merchantKeys(), merchantId: '123' };
      for (const fields of [missing, extra]) {
        const { body } = await api.graphql(literal(fields), {}, bearer(adminStepped));
        expect(extensionsOf(body)?.code).toBe('BAD_USER_INPUT');
      }
    });
  });

  describe('security', () => {
    it('is for admins only: moderators, door volunteers and buyers are FORBIDDEN', async () => {
      const rowBefore = await settingsRow(organization.id);
      for (const caller of [moderator, volunteer, buyer]) {
        for (const { body } of [
          await read(caller.accessToken),
          await update(caller.accessToken, merchantKeys()),
        ]) {
          expect(body.data ?? null).toBeNull();
          expect(extensionsOf(body)?.code).toBe('FORBIDDEN');
          expect(extensionsOf(body)?.reason).not.toBe('MFA_REQUIRED');
          expect(JSON.stringify(body)).not.toContain(rowBefore?.wompi_public_key ?? 'pub_');
        }
      }
      const { body: anonymous } = await api.graphql(UPDATE, { input: merchantKeys() });
      expect(extensionsOf(anonymous)?.code).toBe('UNAUTHENTICATED');
      expect(await settingsRow(organization.id)).toEqual(rowBefore);
    });

    it('asks an admin for a recent second factor: below it FORBIDDEN with MFA_REQUIRED', async () => {
      const rowBefore = await settingsRow(organization.id);
      const eventsBefore = (await changeEvents(organization.id)).length;
      const { body } = await update(admin.accessToken, merchantKeys());
      expect(body.data ?? null).toBeNull();
      expect(extensionsOf(body)).toMatchObject({ code: 'FORBIDDEN', reason: 'MFA_REQUIRED' });
      expect(await settingsRow(organization.id)).toEqual(rowBefore);
      expect(await changeEvents(organization.id)).toHaveLength(eventsBefore);
    });

    it("never shows or changes another organization's merchant", async () => {
      const rowA = (await settingsRow(organization.id))!;
      const other = await createOrganization('pay-settings-other');
      const adminB = await steppedUpStaff(other.id, 'admin');
      await waitForProfiles(other.id, [adminB.userId]);

      const { body: seen } = await read(adminB.accessToken);
      expect(seen.data!.paymentSettings).toMatchObject({
        ownMerchant: false,
        wompiPublicKey: null,
      });
      expect(JSON.stringify(seen)).not.toContain(rowA.wompi_public_key);
      expect(JSON.stringify(seen)).not.toContain(organization.id);

      const keysB = merchantKeys();
      const { body: changed } = await update(adminB.accessToken, keysB);
      expect(changed.data!.updatePaymentSettings.webhookUrl).toBe(
        `/api/payments/webhooks/wompi/${other.id}`,
      );
      // B's change is B's row; A's is as it was, and A's admins hear nothing of it.
      expect(await settingsRow(organization.id)).toEqual(rowA);
      expect((await settingsRow(other.id))!.wompi_public_key).toBe(keysB.wompiPublicKey);
      const { body: stillA } = await read(adminStepped);
      expect(stillA.data!.paymentSettings.wompiPublicKey).toBe(rowA.wompi_public_key);
      await eventually(
        () => noticesTo(adminB.email),
        (found) => found.length === 1,
      );
      const aboutB = (await noticesTo(admin.email)).filter((mail) =>
        mail.text.includes(keysB.wompiPublicKey.slice(-4)),
      );
      expect(aboutB).toHaveLength(0);
    });
  });
});
