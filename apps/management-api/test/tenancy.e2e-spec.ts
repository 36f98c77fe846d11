import pg from 'pg';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type Identity, staffMember } from './support/auth-service.js';
import { type RunningApp, startApp } from './support/running-app.js';
import {
  bearer,
  createOrganization,
  insertProfiles,
  type ProfileRow,
  profilesOf,
  type TestOrganization,
} from './support/tenants.js';
import { APP_URL, TEST_DATABASE, withOwner, withSuperuser } from './support/test-env.js';

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
  let types: Map<string, FullType>;
  let operations: { root: 'query' | 'mutation'; name: string; args: InputValue[]; type: TypeRef }[];

  beforeAll(async () => {
    api = await startApp();
    [orgA, orgB] = await Promise.all([
      createOrganization('tenant-a'),
      createOrganization('tenant-b'),
    ]);
    adminB = await staffMember(orgB.id, 'admin');
    [memberA] = await insertProfiles(orgA.id, [{ role: 'MODERATOR', name: 'Secret Member A' }]);
    await insertProfiles(orgB.id, [{ role: 'USER' }]);

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
    };
    const secrets = [memberA.email, memberA.name, orgA.name, orgA.slug];
    const foreignIds = [orgA.id, memberA.userId, memberA.id];

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

function organizationRow(id: string) {
  return withSuperuser(TEST_DATABASE, async (db) => {
    const result = await db.query('SELECT id, name, slug FROM organizations WHERE id = $1', [id]);
    return result.rows[0];
  });
}
