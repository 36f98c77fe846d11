import { localStack } from '@trivance/shared/testing';
import { Redis } from 'ioredis';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type Identity, staffMember } from './support/auth-service.js';
import { type RunningApp, startApp } from './support/running-app.js';
import {
  bearer,
  createOrganization,
  insertProfiles,
  type TestOrganization,
} from './support/tenants.js';
import { testConfig } from './support/test-env.js';

/** Apps with tight budgets get a Redis db of their own, so no other spec spends them. */
const LIMITS_REDIS_URL = localStack.redisUrl(7);
const isolated = (overrides: NodeJS.ProcessEnv) =>
  testConfig({ REDIS_URL: LIMITS_REDIS_URL, DOMAIN_EVENTS_CONSUMER: 'false', ...overrides });

const aliases = (count: number, field: string) =>
  `{ ${Array.from({ length: count }, (_, i) => `a${i}: ${field}`).join(' ')} }`;

describe('what one caller may ask', () => {
  let organization: TestOrganization;
  let admin: Identity;
  let otherAdmin: Identity;

  beforeAll(async () => {
    const redis = new Redis(LIMITS_REDIS_URL);
    await redis.flushdb();
    redis.disconnect();
    organization = await createOrganization('limits');
    [admin, otherAdmin] = await Promise.all([
      staffMember(organization.id, 'admin'),
      staffMember(organization.id, 'admin'),
    ]);
    await insertProfiles(organization.id, [{}, {}, {}]);
  });

  describe('with the default limits', () => {
    let api: RunningApp;
    beforeAll(async () => {
      api = await startApp();
    });
    afterAll(() => api.close());

    it('refuses thousands of aliased counts in one request before running any', async () => {
      const { body } = await api.graphql(
        aliases(2500, 'users { totalCount }'),
        {},
        bearer(admin.accessToken),
      );
      expect(body.data ?? null).toBeNull();
      expect(body.errors?.[0]?.extensions).toMatchObject({
        code: 'BAD_USER_INPUT',
        reason: 'TOO_MANY_ROOT_FIELDS',
      });
    });

    it('prices every aliased count, so a dozen of them are too expensive', async () => {
      const { body } = await api.graphql(
        aliases(12, 'users { totalCount }'),
        {},
        bearer(admin.accessToken),
      );
      expect(body.errors?.[0]?.extensions).toMatchObject({ reason: 'QUERY_TOO_EXPENSIVE' });
    });

    it('lets a full page of 100 with its count and every field through', async () => {
      const { body } = await api.graphql(
        `{ users(first: 100) { totalCount pageInfo { hasNextPage hasPreviousPage startCursor endCursor }
           edges { cursor node { id email name role emailVerified createdAt } } } }`,
        {},
        bearer(admin.accessToken),
      );
      expect(body.errors).toBeUndefined();
    });
  });

  describe('with a low cost ceiling', () => {
    let api: RunningApp;
    beforeAll(async () => {
      api = await startApp(isolated({ GRAPHQL_MAX_COST: '50' }));
    });
    afterAll(() => api.close());

    it('prices a list without a page size at the default page size', async () => {
      const unsized = await api.graphql(
        '{ users { edges { node { id email } } } }',
        {},
        bearer(admin.accessToken),
      );
      expect(unsized.body.errors?.[0]?.extensions).toMatchObject({ reason: 'QUERY_TOO_EXPENSIVE' });
      const small = await api.graphql(
        '{ users(first: 5) { edges { node { id email } } } }',
        {},
        bearer(admin.accessToken),
      );
      expect(small.body.errors).toBeUndefined();
    });
  });

  describe('per-caller budgets', () => {
    let api: RunningApp;
    beforeAll(async () => {
      api = await startApp(
        isolated({ GRAPHQL_MUTATIONS_PER_MINUTE: '3', GRAPHQL_COST_PER_MINUTE: '40' }),
      );
    });
    afterAll(() => api.close());

    const rename = (caller: Identity, name: string) =>
      api.graphql(
        'mutation ($input: UpdateOrganizationInput!) { updateOrganization(input: $input) { name } }',
        { input: { name } },
        bearer(caller.accessToken),
      );

    it('refuses a caller past their mutations per minute with RATE_LIMITED, and no one else', async () => {
      for (let attempt = 1; attempt <= 3; attempt++) {
        expect((await rename(admin, `Name ${attempt}`)).body.errors).toBeUndefined();
      }
      const flooded = await rename(admin, 'One too many');
      expect(flooded.body.errors?.[0]?.extensions?.code).toBe('RATE_LIMITED');
      expect(flooded.body.errors?.[0]?.message).toMatch(/retry in \d+ s/);
      expect((await rename(otherAdmin, 'Someone else')).body.errors).toBeUndefined();
    });

    it('spends query cost against a per-caller budget, anonymous callers by address', async () => {
      const query = `{ organizationBySlug(slug: "${organization.slug}") { id name slug } }`;
      const codes: unknown[] = [];
      for (let attempt = 0; attempt < 12; attempt++) {
        codes.push((await api.graphql(query)).body.errors?.[0]?.extensions?.code ?? 'OK');
      }
      expect(codes[0]).toBe('OK');
      expect(codes.at(-1)).toBe('RATE_LIMITED');
    });
  });
});
