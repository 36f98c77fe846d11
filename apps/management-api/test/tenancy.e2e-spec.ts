import { randomUUID } from 'node:crypto';
import pg from 'pg';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  openMerchantSecrets,
  sealMerchantSecrets,
} from '../src/payments/merchants/wompi-merchant.js';
import { type Identity, staffMember, steppedUpStaff } from './support/auth-service.js';
import { type RunningApp, startApp } from './support/running-app.js';
import {
  bearer,
  createOrganization,
  insertProfiles,
  type ProfileRow,
  profilesOf,
  type TestOrganization,
} from './support/tenants.js';
import {
  APP_URL,
  TEST_DATABASE,
  testConfig,
  withOwner,
  withSuperuser,
} from './support/test-env.js';

interface TypeRef {
  kind: string;
  name: string | null;
  ofType: TypeRef | null;
}
interface InputValue {
  name: string;
  type: TypeRef;
}
interface FullType {
  kind: string;
  name: string;
  fields: { name: string; args: InputValue[]; type: TypeRef }[] | null;
  inputFields: InputValue[] | null;
  enumValues: { name: string }[] | null;
}

const INTROSPECTION = `{
  __schema {
    queryType { name } mutationType { name }
    types {
      kind name
      fields { name args { name type { ...T } } type { ...T } }
      inputFields { name type { ...T } }
      enumValues { name }
    }
  }
}
fragment T on __Type { kind name ofType { kind name ofType { kind name ofType { kind name } } } }`;

const named = (type: TypeRef): TypeRef => (type.ofType ? named(type.ofType) : type);

/**
 * The cross-tenant attack suite, generated from the schema itself: every
 * query and mutation that takes an id anywhere in its arguments is called
 * with organization B's token and organization A's ids, so operations added
 * later are attacked too without anyone remembering to write the test.
 */
describe('tenant isolation', () => {
  let api: RunningApp;
  let orgA: TestOrganization;
  let orgB: TestOrganization;
  let adminB: Identity;
  let memberA: ProfileRow;
  let catalogA: Awaited<ReturnType<typeof catalogOf>>;
  let types: Map<string, FullType>;
  let operations: { root: 'query' | 'mutation'; name: string; args: InputValue[]; type: TypeRef }[];

  beforeAll(async () => {
    // The attack below sends every id-taking mutation once per foreign id, more
    // than one principal's default budget a minute: the limiter is not under test.
    api = await startApp(testConfig({ GRAPHQL_MUTATIONS_PER_MINUTE: '100000' }));
    [orgA, orgB] = await Promise.all([
      createOrganization('tenant-a'),
      createOrganization('tenant-b'),
    ]);
    adminB = await staffMember(orgB.id, 'admin');
    [memberA] = await insertProfiles(orgA.id, [{ role: 'MODERATOR', name: 'Secret Member A' }]);
    await insertProfiles(orgB.id, [{ role: 'USER' }]);
    catalogA = await catalogOf(orgA);
    await connectMerchantOf(orgA);

    const { body } = await api.graphql<{
      __schema: { queryType: { name: string }; mutationType: { name: string }; types: FullType[] };
    }>(INTROSPECTION);
    const schema = body.data!.__schema;
    types = new Map(schema.types.map((type) => [type.name, type]));
    operations = (['query', 'mutation'] as const).flatMap((root) =>
      (
        types.get(root === 'query' ? schema.queryType.name : schema.mutationType.name)!.fields ?? []
      ).map((field) => ({ root, ...field })),
    );
  });
  afterAll(() => api.close());

  function takesId(type: TypeRef, seen = new Set<string>()): boolean {
    const base = named(type);
    if (base.name === 'ID') return true;
    if (base.kind !== 'INPUT_OBJECT' || seen.has(base.name!)) return false;
    seen.add(base.name!);
    return (types.get(base.name!)!.inputFields ?? []).some((field) => takesId(field.type, seen));
  }

  /** A GraphQL literal for a value of this type: A's id for every ID, plausible values elsewhere. */
  function literal(type: TypeRef, fieldName: string, foreignId: string): string {
    const base = named(type);
    const isList = (t: TypeRef): boolean =>
      t.kind === 'LIST' || (t.ofType ? isList(t.ofType) : false);
    let value: string;
    switch (base.kind) {
      case 'SCALAR':
        value =
          base.name === 'ID'
            ? JSON.stringify(foreignId)
            : base.name === 'Int' || base.name === 'SafeInt'
              ? '1'
              : base.name === 'Boolean'
                ? 'true'
                : base.name === 'DateTime'
                  ? JSON.stringify(new Date().toISOString())
                  : JSON.stringify(
                      /email/i.test(fieldName)
                        ? 'probe@example.test'
                        : /slug/i.test(fieldName)
                          ? 'probe-slug'
                          : 'Probe value',
                    );
        break;
      case 'ENUM':
        value = types.get(base.name!)!.enumValues!.find((v) => v.name !== 'SUPER_ADMIN')!.name;
        break;
      case 'INPUT_OBJECT':
        value = `{ ${(types.get(base.name!)!.inputFields ?? [])
          .map((field) => `${field.name}: ${literal(field.type, field.name, foreignId)}`)
          .join(', ')} }`;
        break;
      default:
        throw new Error(`cannot build a ${base.kind}`);
    }
    return isList(type) ? `[${value}]` : value;
  }

  function selection(type: TypeRef): string {
    const base = named(type);
    return base.kind === 'OBJECT' || base.kind === 'INTERFACE' || base.kind === 'UNION'
      ? '{ __typename }'
      : '';
  }

  it("finds nothing and changes nothing of A's with B's token, for every operation taking an id", async () => {
    const attacked = operations.filter((operation) =>
      operation.args.some((arg) => takesId(arg.type)),
    );
    // The suite must not pass vacuously: these operations exist today and take ids.
    expect(attacked.map((operation) => operation.name)).toEqual(
      expect.arrayContaining(['changeMemberRole', 'removeMember']),
    );

    const before = {
      profiles: await profilesOf(orgA.id),
      organization: await organizationRow(orgA.id),
      catalog: await catalogRows(orgA.id),
      paymentSettings: await paymentSettingsRow(orgA.id),
    };
    const secrets = [
      memberA.email,
      memberA.name,
      orgA.name,
      orgA.slug,
      SECRET_TITLE,
      SECRET_BUYER_NAME,
      MERCHANT_A.publicKey,
    ];
    // Ids of what only A may see: a draft with its ticket type and category, and an order.
    const foreignIds = [
      orgA.id,
      memberA.userId,
      memberA.id,
      catalogA.draft.id,
      catalogA.draft.ticketTypeIds[0]!,
      catalogA.categoryId,
      catalogA.orderId,
      catalogA.waitlistEntryId,
      catalogA.campaignId,
      catalogA.donationId,
      catalogA.recurringDonationId,
      catalogA.draftPublicationId,
      catalogA.notificationId,
    ];

    for (const operation of attacked) {
      for (const foreignId of foreignIds) {
        const args = operation.args
          .map((arg) => `${arg.name}: ${literal(arg.type, arg.name, foreignId)}`)
          .join(', ');
        const document = `${operation.root} { ${operation.name}(${args}) ${selection(operation.type)} }`;
        const { body } = await api.graphql(document, {}, bearer(adminB.accessToken));
        const context = `${document} -> ${JSON.stringify(body)}`;
        for (const secret of secrets) expect(JSON.stringify(body), context).not.toContain(secret);
        expect(body.errors?.[0]?.extensions?.code, context).toMatch(
          /^(NOT_FOUND|BAD_USER_INPUT|FORBIDDEN)$/,
        );
      }
    }

    expect(await profilesOf(orgA.id)).toEqual(before.profiles);
    expect(await organizationRow(orgA.id)).toEqual(before.organization);
    expect(await catalogRows(orgA.id)).toEqual(before.catalog);
    expect(await paymentSettingsRow(orgA.id)).toEqual(before.paymentSettings);
  }, 120_000);

  it("keeps A's draft publication out of the public feed, for anyone and for B's admin", async () => {
    const FEED = `query ($filter: PublicFeedFilter) {
      publicFeed(filter: $filter, first: 100) { edges { node { id title } } }
    }`;
    for (const headers of [{}, bearer(adminB.accessToken)]) {
      for (const filter of [{ organizationId: orgA.id }, {}]) {
        const { body } = await api.graphql(FEED, { filter }, headers);
        expect(body.errors).toBeUndefined();
        expect(JSON.stringify(body)).not.toContain(catalogA.draftPublicationId);
        expect(JSON.stringify(body)).not.toContain(SECRET_TITLE);
      }
    }
  });

  // The payment settings take no id (the organization is the token's): B's admin is attacked by hand.
  it("shows B's admin only B's payment settings, and B's change never reaches A's merchant", async () => {
    const before = await paymentSettingsRow(orgA.id);
    const stepped = await steppedUpStaff(orgB.id, 'admin');
    const read = await api.graphql<{
      paymentSettings: { ownMerchant: boolean; wompiPublicKey: string | null; webhookUrl: string };
    }>(
      '{ paymentSettings { ownMerchant wompiPublicKey webhookUrl } }',
      {},
      bearer(stepped.accessToken),
    );
    expect(read.body.data!.paymentSettings).toEqual({
      ownMerchant: false,
      wompiPublicKey: null,
      webhookUrl: '/api/payments/webhooks/wompi',
    });
    const keysB = {
      wompiPublicKey: `pub_test_${randomUUID().replaceAll('-', '')}`,
      wompiPrivateKey: `prv_test_${randomUUID().replaceAll('-', '')}`,
      wompiEventsSecret: `test_events_${randomUUID().replaceAll('-', '')}`,
      wompiIntegritySecret: `test_integrity_${randomUUID().replaceAll('-', '')}`,
    };
    const changed = await api.graphql<{ updatePaymentSettings: { webhookUrl: string } }>(
      'mutation ($input: UpdatePaymentSettingsInput!) { updatePaymentSettings(input: $input) { webhookUrl } }',
      { input: keysB },
      bearer(stepped.accessToken),
    );
    expect(changed.body.errors).toBeUndefined();
    expect(changed.body.data!.updatePaymentSettings.webhookUrl).toBe(
      `/api/payments/webhooks/wompi/${orgB.id}`,
    );
    for (const body of [read.body, changed.body]) {
      expect(JSON.stringify(body)).not.toContain(MERCHANT_A.publicKey);
      expect(JSON.stringify(body)).not.toContain(orgA.id);
    }
    expect(await paymentSettingsRow(orgA.id)).toEqual(before);
    expect((await paymentSettingsRow(orgB.id))?.wompi_public_key).toBe(keysB.wompiPublicKey);
    // A's sealed secrets still open for A alone, and B's for B alone.
    expect(openMerchantSecrets(SEALING_KEY(), orgA.id, before!.wompi_secrets).privateKey).toBe(
      MERCHANT_A.privateKey,
    );
    const sealedB = (await paymentSettingsRow(orgB.id))!.wompi_secrets;
    expect(() => openMerchantSecrets(SEALING_KEY(), orgA.id, sealedB)).toThrow();
  });

  describe('row-level security (the second line of defence)', () => {
    async function asApplication<T>(
      settings: { organizationId: string; userId?: string },
      work: (db: pg.Client) => Promise<T>,
    ): Promise<T> {
      const db = new pg.Client({ connectionString: APP_URL(TEST_DATABASE) });
      await db.connect();
      try {
        await db.query('BEGIN');
        await db.query(
          "SELECT set_config('app.organization_id', $1, true), set_config('app.user_id', $2, true)",
          [settings.organizationId, settings.userId ?? ''],
        );
        return await work(db);
      } finally {
        await db.query('ROLLBACK').catch(() => undefined);
        await db.end();
      }
    }

    it("hides A's members from a transaction scoped to B, even without a filter", async () => {
      const rows = await asApplication({ organizationId: orgB.id }, (db) =>
        db.query('SELECT organization_id FROM member_profiles'),
      );
      expect(rows.rows.length).toBeGreaterThan(0);
      expect(rows.rows.every((row) => row.organization_id === orgB.id)).toBe(true);
    });

    it("cannot update, delete or insert A's members from B's scope", async () => {
      await asApplication({ organizationId: orgB.id }, async (db) => {
        const updated = await db.query(
          "UPDATE member_profiles SET name = 'hijacked' WHERE organization_id = $1",
          [orgA.id],
        );
        expect(updated.rowCount).toBe(0);
        const deleted = await db.query('DELETE FROM member_profiles WHERE organization_id = $1', [
          orgA.id,
        ]);
        expect(deleted.rowCount).toBe(0);
        const renamed = await db.query("UPDATE organizations SET name = 'hijacked' WHERE id = $1", [
          orgA.id,
        ]);
        expect(renamed.rowCount).toBe(0);
      });
      await expect(
        asApplication({ organizationId: orgB.id }, (db) =>
          db.query(
            `INSERT INTO member_profiles (id, organization_id, user_id, email, name, role, updated_at)
             VALUES (gen_random_uuid(), $1, 'ffffffffffffffffffffffff', 'x@example.test', 'X', 'ADMIN', now())`,
            [orgA.id],
          ),
        ),
      ).rejects.toThrow(/row-level security/);
    });

    it("neither shows, changes, deletes nor adds A's publications from B's scope, even as B's admin", async () => {
      await asApplication({ organizationId: orgB.id }, async (db) => {
        await db.query("SELECT set_config('app.role', 'admin', true)");
        const seen = await db.query('SELECT id FROM publications WHERE id = $1', [
          catalogA.draftPublicationId,
        ]);
        expect(seen.rowCount).toBe(0);
        const updated = await db.query(
          "UPDATE publications SET status = 'PUBLISHED', published_at = now() WHERE id = $1",
          [catalogA.draftPublicationId],
        );
        expect(updated.rowCount).toBe(0);
        const deleted = await db.query('DELETE FROM publications WHERE organization_id = $1', [
          orgA.id,
        ]);
        expect(deleted.rowCount).toBe(0);
        await expect(
          db.query(
            `INSERT INTO publications (id, organization_id, kind, title, created_by, updated_by, updated_at)
             VALUES (gen_random_uuid(), $1, 'POST', 'Planted', 'bbbbbbbbbbbbbbbbbbbbbbbb', 'bbbbbbbbbbbbbbbbbbbbbbbb', now())`,
            [orgA.id],
          ),
        ).rejects.toThrow(/row-level security/);
      });
    });

    it("hides A's drafts and A's orders from B's scope and from a buyer they are not, without a filter", async () => {
      for (const settings of [
        { organizationId: orgB.id },
        { organizationId: '', userId: 'bbbbbbbbbbbbbbbbbbbbbbbb' },
      ]) {
        const seen = await asApplication(settings, async (db) => ({
          drafts: (
            await db.query(
              "SELECT id FROM events WHERE status = 'DRAFT' AND organization_id = $1",
              [orgA.id],
            )
          ).rowCount,
          types: (
            await db.query('SELECT id FROM ticket_types WHERE id = $1', [
              catalogA.draft.ticketTypeIds[0],
            ])
          ).rowCount,
          orders: (await db.query('SELECT id FROM orders WHERE organization_id = $1', [orgA.id]))
            .rowCount,
          tickets: (await db.query('SELECT id FROM tickets WHERE organization_id = $1', [orgA.id]))
            .rowCount,
          waiting: (
            await db.query('SELECT id FROM waitlist_entries WHERE organization_id = $1', [orgA.id])
          ).rowCount,
          published: (
            await db.query('SELECT id FROM events WHERE id = $1', [catalogA.published.id])
          ).rowCount,
        }));
        // The published event is public; nothing else of A's is.
        expect(seen, JSON.stringify(settings)).toEqual({
          drafts: 0,
          types: 0,
          orders: 0,
          tickets: 0,
          waiting: 0,
          published: 1,
        });
      }
      const buyer = await asApplication(
        { organizationId: '', userId: 'aaaaaaaaaaaaaaaaaaaaaaaa' },
        async (db) =>
          (await db.query('SELECT id FROM orders WHERE organization_id = $1', [orgA.id])).rowCount,
      );
      expect(buyer).toBe(1);
    });

    it("hides A's payment settings from B's admins, and from A's own staff below admin", async () => {
      for (const scope of [
        { organizationId: orgB.id, role: 'admin' },
        { organizationId: orgB.id, role: 'super_admin' },
        { organizationId: orgA.id, role: 'moderator' },
        { organizationId: orgA.id, role: 'user' },
      ]) {
        await asApplication({ organizationId: scope.organizationId }, async (db) => {
          await db.query("SELECT set_config('app.role', $1, true)", [scope.role]);
          const seen = await db.query('SELECT organization_id FROM payment_settings');
          expect(seen.rows.some((row) => row.organization_id === orgA.id)).toBe(false);
          const updated = await db.query(
            "UPDATE payment_settings SET wompi_public_key = 'pub_test_hijacked' WHERE organization_id = $1",
            [orgA.id],
          );
          expect(updated.rowCount, JSON.stringify(scope)).toBe(0);
          const deleted = await db.query(
            'DELETE FROM payment_settings WHERE organization_id = $1',
            [orgA.id],
          );
          expect(deleted.rowCount, JSON.stringify(scope)).toBe(0);
        });
      }
      await expect(
        asApplication({ organizationId: orgB.id }, async (db) => {
          await db.query("SELECT set_config('app.role', 'admin', true)");
          await db.query(
            `INSERT INTO payment_settings (organization_id, wompi_public_key, wompi_secrets, updated_by, updated_at)
             VALUES ($1, 'pub_test_planted', 'sealed', 'ffffffffffffffffffffffff', now())
             ON CONFLICT (organization_id) DO UPDATE SET wompi_public_key = EXCLUDED.wompi_public_key`,
            [orgA.id],
          );
        }),
      ).rejects.toThrow(/row-level security/);
      // A's own admin scope does see it: the policy is the organization and the role together.
      const own = await asApplication({ organizationId: orgA.id }, async (db) => {
        await db.query("SELECT set_config('app.role', 'admin', true)");
        return (await db.query('SELECT organization_id FROM payment_settings')).rows;
      });
      expect(own).toEqual([{ organization_id: orgA.id }]);
    });

    it('shows nothing at all when no organization is set', async () => {
      const rows = await asApplication({ organizationId: '' }, (db) =>
        db.query('SELECT 1 FROM member_profiles'),
      );
      expect(rows.rowCount).toBe(0);
    });

    it('cannot be switched off by the application role', async () => {
      await expect(
        asApplication({ organizationId: orgB.id }, (db) =>
          db.query('ALTER TABLE member_profiles DISABLE ROW LEVEL SECURITY'),
        ),
      ).rejects.toThrow(/must be owner/);
      const role = await withOwner(TEST_DATABASE, (db) =>
        db.query("SELECT rolbypassrls, rolsuper FROM pg_roles WHERE rolname = 'trivance_app'"),
      );
      expect(role.rows[0]).toEqual({ rolbypassrls: false, rolsuper: false });
    });
  });
});

const SECRET_TITLE = 'Secret Draft Gala of A';
const SECRET_BUYER_NAME = 'Buyer of A';

/** What A alone holds: a draft (with its category and ticket type), and an order and a place in line for a published event. */
async function catalogOf(organization: TestOrganization) {
  const categoryId = randomUUID();
  const draft = { id: randomUUID(), ticketTypeIds: [randomUUID()] };
  const published = { id: randomUUID(), ticketTypeIds: [randomUUID()] };
  const orderId = randomUUID();
  const waitlistEntryId = randomUUID();
  const campaignId = randomUUID();
  const openCampaignId = randomUUID();
  const donationId = randomUUID();
  const recurringDonationId = randomUUID();
  const draftPublicationId = randomUUID();
  const notificationId = randomUUID();
  await withSuperuser(TEST_DATABASE, async (db) => {
    // A's buyer's notification from A (the recipient's alone, not even A's staff see it).
    await db.query(
      `INSERT INTO notifications (id, organization_id, user_id, kind, title, body, transaction_id)
       VALUES ($1, $2, 'aaaaaaaaaaaaaaaaaaaaaaaa', 'DONATION_RECEIPT', $3, $3, $4)`,
      [notificationId, organization.id, SECRET_BUYER_NAME, `cause-${notificationId}`],
    );
    // A gift of A's buyer to a published campaign of A, and that buyer's monthly gift.
    await db.query(
      `INSERT INTO campaigns (id, organization_id, status, title, currency, public_since, updated_at)
       VALUES ($1, $2, 'PUBLISHED', 'Open appeal of A', 'COP', now(), now())`,
      [openCampaignId, organization.id],
    );
    await db.query(
      `INSERT INTO recurring_donations (id, organization_id, user_id, campaign_id, amount, currency, donor_email,
         donor_name, payment_source_id, first_due_at, cycle_due_at, next_charge_at, updated_at)
       VALUES ($1, $2, 'aaaaaaaaaaaaaaaaaaaaaaaa', $3, 3000000, 'COP', 'buyer-of-a@example.test', $4, 3001,
         now() + interval '10 days', now() + interval '10 days', now() + interval '10 days', now())`,
      [recurringDonationId, organization.id, openCampaignId, SECRET_BUYER_NAME],
    );
    await db.query(
      `INSERT INTO donations (id, organization_id, user_id, campaign_id, frequency, amount, total, currency,
         donor_email, donor_name, message, updated_at)
       VALUES ($1, $2, 'aaaaaaaaaaaaaaaaaaaaaaaa', $3, 'ONE_TIME', 5000000, 5000000, 'COP',
         'buyer-of-a@example.test', $4, $4, now())`,
      [donationId, organization.id, openCampaignId, SECRET_BUYER_NAME],
    );
    await db.query(
      `INSERT INTO payments (id, organization_id, user_id, donation_id, provider, amount, currency, reference, updated_at)
       VALUES (gen_random_uuid(), $1, 'aaaaaaaaaaaaaaaaaaaaaaaa', $2, 'MANUAL', 5000000, 'COP', $3, now())`,
      [organization.id, donationId, `TRV-A-${randomUUID().slice(0, 8)}`],
    );
    await db.query(
      `INSERT INTO publications (id, organization_id, kind, title, created_by, updated_by, updated_at)
       VALUES ($1, $2, 'POST', $3, 'aaaaaaaaaaaaaaaaaaaaaaaa', 'aaaaaaaaaaaaaaaaaaaaaaaa', now())`,
      [draftPublicationId, organization.id, SECRET_TITLE],
    );
    await db.query('INSERT INTO receipt_sequences (organization_id, last_number) VALUES ($1, 41)', [
      organization.id,
    ]);
    await db.query(
      `INSERT INTO campaigns (id, organization_id, title, currency, updated_at)
       VALUES ($1, $2, $3, 'COP', now())`,
      [campaignId, organization.id, SECRET_TITLE],
    );
    await db.query(
      "INSERT INTO categories (id, organization_id, name, slug, updated_at) VALUES ($1, $2, 'Private', 'private', now())",
      [categoryId, organization.id],
    );
    for (const [event, status, title] of [
      [draft, 'DRAFT', SECRET_TITLE],
      [published, 'PUBLISHED', 'Public Show of A'],
    ] as const) {
      await db.query(
        `INSERT INTO events (id, organization_id, status, title, category_id, starts_at, ends_at, timezone, public_since, updated_at)
         VALUES ($1, $2, $3, $4, $5, now() + interval '2 days', now() + interval '3 days', 'UTC', $6, now())`,
        [
          event.id,
          organization.id,
          status,
          title,
          status === 'DRAFT' ? categoryId : null,
          status === 'DRAFT' ? null : new Date(),
        ],
      );
      await db.query(
        `INSERT INTO ticket_types (id, organization_id, event_id, name, price_amount, currency, public_since, updated_at)
         VALUES ($1, $2, $3, 'General', 1000, 'COP', $4, now())`,
        [event.ticketTypeIds[0], organization.id, event.id, status === 'DRAFT' ? null : new Date()],
      );
      await db.query(
        `INSERT INTO seat_pools (id, organization_id, event_id, ticket_type_id, capacity, sold, on_sale)
         VALUES ($1, $2, $1, NULL, NULL, 1, $4), ($3, $2, $1, $3, 10, 1, $4)`,
        [event.id, organization.id, event.ticketTypeIds[0], status === 'PUBLISHED'],
      );
    }
    await db.query(
      `INSERT INTO orders (id, organization_id, user_id, event_id, status, buyer_email, buyer_name, currency, subtotal, total, paid_at, updated_at)
       VALUES ($1, $2, 'aaaaaaaaaaaaaaaaaaaaaaaa', $3, 'PAID', 'buyer-of-a@example.test', $4, 'COP', 1000, 1000, now(), now())`,
      [orderId, organization.id, published.id, SECRET_BUYER_NAME],
    );
    await db.query(
      `INSERT INTO order_items (id, organization_id, user_id, order_id, ticket_type_id, quantity, unit_price)
       VALUES (gen_random_uuid(), $1, 'aaaaaaaaaaaaaaaaaaaaaaaa', $2, $3, 1, 1000)`,
      [organization.id, orderId, published.ticketTypeIds[0]],
    );
    await db.query(
      `INSERT INTO tickets (id, organization_id, user_id, order_id, event_id, ticket_type_id, code, holder_name, holder_email, updated_at)
       VALUES (gen_random_uuid(), $1, 'aaaaaaaaaaaaaaaaaaaaaaaa', $2, $3, $4, 'SECRETCODE0000000000000A', $5, 'buyer-of-a@example.test', now())`,
      [organization.id, orderId, published.id, published.ticketTypeIds[0], SECRET_BUYER_NAME],
    );
    // Waiting for more seats than are left, so it stays in line.
    await db.query(
      `INSERT INTO waitlist_entries (id, organization_id, user_id, event_id, ticket_type_id, quantity, email, name, updated_at)
       VALUES ($1, $2, 'aaaaaaaaaaaaaaaaaaaaaaaa', $3, $4, 10, 'buyer-of-a@example.test', $5, now())`,
      [
        waitlistEntryId,
        organization.id,
        published.id,
        published.ticketTypeIds[0],
        SECRET_BUYER_NAME,
      ],
    );
  });
  return {
    draft,
    draftPublicationId,
    published,
    orderId,
    categoryId,
    waitlistEntryId,
    campaignId,
    donationId,
    recurringDonationId,
    notificationId,
  };
}

/** Every row of A's catalogue and orders, to compare before and after the attack. */
function catalogRows(organizationId: string) {
  return withSuperuser(TEST_DATABASE, async (db) => {
    const rows: Record<string, unknown[]> = {};
    for (const table of [
      'categories',
      'events',
      'ticket_types',
      'seat_pools',
      'orders',
      'order_items',
      'tickets',
      'payments',
      'refunds',
      'ledger_entries',
      'discount_codes',
      'check_ins',
      'ticket_transfers',
      'waitlist_entries',
      'campaigns',
      'donations',
      'recurring_donations',
      'receipt_sequences',
      'publications',
      'notifications',
    ]) {
      rows[table] = (
        await db.query(`SELECT * FROM ${table} WHERE organization_id = $1 ORDER BY 1`, [
          organizationId,
        ])
      ).rows;
    }
    return rows;
  });
}

const SEALING_KEY = () => Buffer.from(testConfig().SETTINGS_ENCRYPTION_KEY, 'base64');
const MERCHANT_A = {
  publicKey: `pub_test_merchantofa${randomUUID().replaceAll('-', '')}`,
  privateKey: `prv_test_${randomUUID().replaceAll('-', '')}`,
  eventsSecret: `test_events_${randomUUID().replaceAll('-', '')}`,
  integritySecret: `test_integrity_${randomUUID().replaceAll('-', '')}`,
};

/** A's own Wompi merchant, sealed for A as updatePaymentSettings stores it. */
function connectMerchantOf(organization: TestOrganization) {
  const { publicKey, ...secrets } = MERCHANT_A;
  return withSuperuser(TEST_DATABASE, (db) =>
    db.query(
      `INSERT INTO payment_settings (organization_id, wompi_public_key, wompi_secrets, updated_by, updated_at)
       VALUES ($1, $2, $3, 'aaaaaaaaaaaaaaaaaaaaaaaa', now())`,
      [organization.id, publicKey, sealMerchantSecrets(SEALING_KEY(), organization.id, secrets)],
    ),
  );
}

function paymentSettingsRow(organizationId: string) {
  return withSuperuser(TEST_DATABASE, async (db) => {
    const result = await db.query('SELECT * FROM payment_settings WHERE organization_id = $1', [
      organizationId,
    ]);
    return result.rows[0] as { wompi_public_key: string; wompi_secrets: string } | undefined;
  });
}

function organizationRow(id: string) {
  return withSuperuser(TEST_DATABASE, async (db) => {
    const result = await db.query(
      'SELECT id, name, slug, legal_name, tax_id FROM organizations WHERE id = $1',
      [id],
    );
    return result.rows[0];
  });
}
