import { randomUUID } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { PUBLIC_SCOPE, ReadCache } from '../src/cache/read-cache.js';
import { type Identity, staffMember } from './support/auth-service.js';
import { type RunningApp, startApp } from './support/running-app.js';
import { bearer, createOrganization, type TestOrganization } from './support/tenants.js';

describe('the read cache', () => {
  let api: RunningApp;
  let cache: ReadCache;

  beforeAll(async () => {
    api = await startApp();
    cache = api.app.get(ReadCache);
  });
  afterAll(() => api.close());

  it("keys every entry by its scope, so one tenant's entry is never served to another", async () => {
    const key = randomUUID();
    const a = { kind: 'tenant', organizationId: randomUUID() } as const;
    const b = { kind: 'tenant', organizationId: randomUUID() } as const;
    await cache.getOrLoad('probe', a, key, async () => ({ secret: 'of A' }));
    expect(await cache.getOrLoad('probe', b, key, async () => ({ secret: 'of B' }))).toEqual({
      secret: 'of B',
    });
    expect(await cache.getOrLoad('probe', PUBLIC_SCOPE, key, async () => null)).toBeNull();
    // A's own entry is still A's.
    expect(await cache.getOrLoad('probe', a, key, async () => ({ secret: 'reloaded' }))).toEqual({
      secret: 'of A',
    });
  });

  it('gives back exactly what it was given', async () => {
    const value = {
      looksLikeADate: '2026-01-01T00:00:00.000Z',
      isADate: new Date('2026-01-01T00:00:00.000Z'),
      amount: 9_007_199_254_740_993n,
      nothing: null,
    };
    const key = randomUUID();
    await cache.getOrLoad('probe', PUBLIC_SCOPE, key, async () => value);
    const cached = await cache.getOrLoad<typeof value>(
      'probe',
      PUBLIC_SCOPE,
      key,
      async () => null,
    );
    expect(cached).toEqual(value);
    expect(typeof cached!.looksLikeADate).toBe('string');
  });

  describe('for organizations', () => {
    let organization: TestOrganization;
    let admin: Identity;
    beforeAll(async () => {
      organization = await createOrganization('cached');
      admin = await staffMember(organization.id, 'admin');
    });

    it('keeps a name that looks like a date a string, from the database and from the cache', async () => {
      const name = '2026-01-01T00:00:00.000Z';
      const renamed = await api.graphql(
        'mutation ($input: UpdateOrganizationInput!) { updateOrganization(input: $input) { name } }',
        { input: { name } },
        bearer(admin.accessToken),
      );
      expect(renamed.body.errors).toBeUndefined();
      const read = `{ organizationBySlug(slug: "${organization.slug}") { name } }`;
      for (let time = 0; time < 2; time++) {
        const { body } = await api.graphql<{ organizationBySlug: { name: string } }>(read);
        expect(body.data!.organizationBySlug.name).toBe(name);
      }
    });
  });
});
