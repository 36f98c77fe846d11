import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type Identity, staffMember } from './support/auth-service.js';
import { type RunningApp, startApp } from './support/running-app.js';
import {
  bearer,
  createOrganization,
  insertProfiles,
  type ProfileRow,
  storedProfiles,
  type TestOrganization,
  waitForProfiles,
} from './support/tenants.js';

const USERS = `query Users($first: Int, $after: String, $last: Int, $before: String, $filter: UserFilter, $orderBy: UserOrder) {
  users(first: $first, after: $after, last: $last, before: $before, filter: $filter, orderBy: $orderBy) {
    edges { cursor node { id email name role emailVerified createdAt } }
    pageInfo { hasNextPage hasPreviousPage startCursor endCursor }
  }
}`;
const USERS_WITH_COUNT = `query ($filter: UserFilter) { users(first: 1, filter: $filter) { totalCount } }`;

interface UsersPage {
  users: {
    edges: { cursor: string; node: { id: string; name: string; role: string; email: string } }[];
    pageInfo: {
      hasNextPage: boolean;
      hasPreviousPage: boolean;
      startCursor: string | null;
      endCursor: string | null;
    };
  };
}

describe('users (the member list)', () => {
  let api: RunningApp;
  let organization: TestOrganization;
  let admin: Identity;
  let moderator: Identity;
  let profiles: ProfileRow[];

  const query = async (variables: Record<string, unknown>, token = admin.accessToken) => {
    const { body } = await api.graphql<UsersPage>(USERS, variables, bearer(token));
    return body;
  };

  beforeAll(async () => {
    api = await startApp();
    organization = await createOrganization('users');
    [admin, moderator] = await Promise.all([
      staffMember(organization.id, 'admin'),
      staffMember(organization.id, 'moderator'),
    ]);
    // 45 members; every fifth shares a timestamp with its neighbour to test tie-breaking.
    await insertProfiles(
      organization.id,
      Array.from({ length: 45 }, (_, index) => ({
        name: `Member ${String(44 - index).padStart(2, '0')}`,
        role: index % 9 === 0 ? ('ADMIN' as const) : ('USER' as const),
        emailVerified: index % 4 !== 0,
        createdAt: new Date(Date.UTC(2026, 0, 1) + Math.floor(index / 2) * 60_000),
      })),
    );
    // The staff members join through the Auth Service; its events add them to the projection.
    await waitForProfiles(organization.id, [admin.userId, moderator.userId]);
    profiles = await storedProfiles(organization.id);
  });
  afterAll(() => api.close());

  async function walk(variables: Record<string, unknown>, pageSize: number) {
    const seen: string[] = [];
    let after: string | undefined;
    for (let guard = 0; guard < 50; guard++) {
      const body = await query({ ...variables, first: pageSize, after });
      expect(body.errors).toBeUndefined();
      seen.push(...body.data!.users.edges.map((edge) => edge.node.id));
      if (!body.data!.users.pageInfo.hasNextPage) break;
      after = body.data!.users.pageInfo.endCursor!;
    }
    return seen;
  }

  it('lists members newest first, every member exactly once across pages', async () => {
    const seen = await walk({}, 7);
    const expected = [...profiles]
      .sort((a, b) => b.createdAt.getTime() - a.createdAt.getTime() || (a.id < b.id ? 1 : -1))
      .map((p) => p.userId);
    expect(seen).toEqual(expected);
  });

  it('orders by name ascending and pages backwards with last/before', async () => {
    const orderBy = { field: 'NAME', direction: 'ASC' };
    const forward = await walk({ orderBy }, 10);
    expect(forward).toEqual(
      [...profiles].sort((a, b) => a.name.localeCompare(b.name)).map((p) => p.userId),
    );

    const lastPage = await query({ orderBy, last: 10 });
    const lastIds = lastPage.data!.users.edges.map((e) => e.node.id);
    expect(lastIds).toEqual(forward.slice(-10));
    expect(lastPage.data!.users.pageInfo.hasPreviousPage).toBe(true);

    const before = await query({
      orderBy,
      last: 10,
      before: lastPage.data!.users.pageInfo.startCursor,
    });
    expect(before.data!.users.edges.map((e) => e.node.id)).toEqual(forward.slice(-20, -10));
  });

  it('filters by role, verification and search', async () => {
    const admins = await walk({ filter: { role: 'ADMIN' } }, 100);
    expect(admins.sort()).toEqual(
      profiles
        .filter((p) => p.role === 'ADMIN')
        .map((p) => p.userId)
        .sort(),
    );

    const unverified = await walk({ filter: { emailVerified: false } }, 100);
    expect(unverified.sort()).toEqual(
      profiles
        .filter((p) => !p.emailVerified)
        .map((p) => p.userId)
        .sort(),
    );

    const search = await walk({ filter: { search: 'member 1' } }, 100);
    expect(search.sort()).toEqual(
      profiles
        .filter((p) => p.name.toLowerCase().includes('member 1'))
        .map((p) => p.userId)
        .sort(),
    );
  });

  it('counts only when asked, with the same filter', async () => {
    const { body } = await api.graphql<{ users: { totalCount: number } }>(
      USERS_WITH_COUNT,
      { filter: { role: 'ADMIN' } },
      bearer(admin.accessToken),
    );
    expect(body.data!.users.totalCount).toBe(profiles.filter((p) => p.role === 'ADMIN').length);
  });

  it('skips and repeats nothing while members join during paging', async () => {
    const first = await query({ first: 10 });
    const seen = first.data!.users.edges.map((e) => e.node.id);
    // Newer members arrive: they sort before the cursor and must not shift later pages.
    await insertProfiles(organization.id, [
      { createdAt: new Date(Date.UTC(2026, 5, 1)) },
      { createdAt: new Date(Date.UTC(2026, 5, 2)) },
    ]);
    let after = first.data!.users.pageInfo.endCursor!;
    for (;;) {
      const page = await query({ first: 10, after });
      seen.push(...page.data!.users.edges.map((e) => e.node.id));
      if (!page.data!.users.pageInfo.hasNextPage) break;
      after = page.data!.users.pageInfo.endCursor!;
    }
    expect(new Set(seen).size).toBe(seen.length);
    expect(seen.sort()).toEqual(profiles.map((p) => p.userId).sort());
    profiles = await storedProfiles(organization.id);
  });

  it('refuses a query whose estimated cost is over the limit, before running it', async () => {
    const page =
      'users(first: 100) { edges { cursor node { id email name role emailVerified createdAt } } }';
    const aliases = Array.from({ length: 6 }, (_, index) => `page${index}: ${page}`).join(' ');
    const { body } = await api.graphql(`{ ${aliases} }`, {}, bearer(admin.accessToken));
    expect(body.data ?? null).toBeNull();
    expect(body.errors?.[0]?.extensions).toMatchObject({
      code: 'BAD_USER_INPUT',
      reason: 'QUERY_TOO_EXPENSIVE',
    });
    expect(body.errors?.[0]?.message).toMatch(/cost \d+, limit 5000/);
  });

  it('lets moderators read the list too', async () => {
    const body = await query({ first: 1 }, moderator.accessToken);
    expect(body.errors).toBeUndefined();
    expect(body.data!.users.edges).toHaveLength(1);
  });

  it('refuses more than 100 per page, first with last, and foreign cursors', async () => {
    expect((await query({ first: 101 })).errors?.[0]?.extensions).toMatchObject({
      code: 'BAD_USER_INPUT',
    });
    expect((await query({ first: 5, last: 5 })).errors?.[0]?.extensions).toMatchObject({
      code: 'BAD_USER_INPUT',
    });
    const byName = await query({ first: 1, orderBy: { field: 'NAME', direction: 'ASC' } });
    const cursor = byName.data!.users.pageInfo.endCursor;
    expect((await query({ first: 1, after: cursor })).errors?.[0]?.extensions).toMatchObject({
      code: 'BAD_USER_INPUT',
    });
    expect(
      (await query({ first: 1, after: 'not-a-cursor' })).errors?.[0]?.extensions,
    ).toMatchObject({ code: 'BAD_USER_INPUT' });
  });

  it('answers BAD_USER_INPUT, never INTERNAL, for a forged cursor of the right shape', async () => {
    const forge = (parts: string[]) => Buffer.from(JSON.stringify(parts)).toString('base64url');
    for (const [label, cursor] of [
      ['an id that is not one', forge(['CREATED_AT', '2026-01-01T00:00:00.000Z', "1' OR '1'='1"])],
      ['a time that is not one', forge(['CREATED_AT', 'yesterday', profiles[0]!.id])],
      ['a name too long', forge(['NAME', 'x'.repeat(5_000), profiles[0]!.id])],
    ]) {
      const orderBy = cursor!.length > 200 ? { field: 'NAME', direction: 'ASC' } : undefined;
      const body = await query({ first: 1, after: cursor, orderBy });
      expect(body.errors?.[0]?.extensions, label).toMatchObject({ code: 'BAD_USER_INPUT' });
    }
  });
});
