import { randomUUID } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type RunningApp, startApp } from './support/running-app.js';
import { TEST_DATABASE, withSuperuser } from './support/test-env.js';

const BY_SLUG = `query ($slug: String!) { organizationBySlug(slug: $slug) { id name slug createdAt } }`;

describe('organizationBySlug', () => {
  let api: RunningApp;
  const slug = `org-${randomUUID().slice(0, 8)}`;
  const id = randomUUID();

  beforeAll(async () => {
    await withSuperuser(TEST_DATABASE, (db) =>
      db.query(
        'INSERT INTO organizations (id, name, slug, updated_at) VALUES ($1, $2, $3, now())',
        [id, 'Fundación Luz', slug],
      ),
    );
    api = await startApp();
  });
  afterAll(() => api.close());

  it('returns the organization read from PostgreSQL', async () => {
    const { status, body } = await api.graphql(BY_SLUG, { slug });
    expect(status).toBe(200);
    expect(body.errors).toBeUndefined();
    expect(body.data).toMatchObject({ organizationBySlug: { id, name: 'Fundación Luz', slug } });
  });

  it('matches the slug case-insensitively', async () => {
    const { body } = await api.graphql(BY_SLUG, { slug: slug.toUpperCase() });
    expect(body.data).toMatchObject({ organizationBySlug: { id } });
  });

  it('serves repeated reads from the cache and counts hits and misses', async () => {
    const lookups = async () => {
      const text = await (await fetch(`${api.url}/metrics`)).text();
      const count = (outcome: string) =>
        Number(
          new RegExp(
            `trivance_cache_lookups_total\\{cache="organization",outcome="${outcome}"\\} (\\d+)`,
          ).exec(text)?.[1] ?? 0,
        );
      return { hit: count('hit'), miss: count('miss') };
    };
    const other = `cached-${randomUUID().slice(0, 8)}`;
    await withSuperuser(TEST_DATABASE, (db) =>
      db.query(
        "INSERT INTO organizations (id, name, slug, updated_at) VALUES ($1, 'Cached', $2, now())",
        [randomUUID(), other],
      ),
    );
    const before = await lookups();
    await api.graphql(BY_SLUG, { slug: other });
    await api.graphql(BY_SLUG, { slug: other });
    const after = await lookups();
    expect(after.miss - before.miss).toBe(1);
    expect(after.hit - before.hit).toBe(1);
  });

  it('answers NOT_FOUND with the request id for an unknown slug', async () => {
    const { body } = await api.graphql(BY_SLUG, { slug: 'no-such-org' }, { 'x-request-id': 'r1' });
    expect(body.data).toBeNull();
    expect(body.errors).toHaveLength(1);
    expect(body.errors?.[0]?.extensions).toEqual({ code: 'NOT_FOUND', requestId: 'r1' });
  });

  it('rejects a malformed slug as BAD_USER_INPUT naming the field', async () => {
    const { body } = await api.graphql(BY_SLUG, { slug: 'not a slug!' });
    expect(body.errors?.[0]?.extensions).toMatchObject({
      code: 'BAD_USER_INPUT',
      errors: { slug: expect.any(Array) },
    });
  });

  it('answers a syntax error as BAD_USER_INPUT without internals', async () => {
    const { body } = await api.graphql('{ organizationBySlug(slug: ');
    expect(body.errors?.[0]?.extensions).toMatchObject({ code: 'BAD_USER_INPUT' });
    expect(JSON.stringify(body)).not.toMatch(/at .*\.(js|ts):\d+/);
  });

  it('rejects queries deeper than the configured limit', async () => {
    const deep = `{ ${'__schema { types { fields { type { ofType { ofType { ofType { ofType { ofType { ofType { name } } } } } } } } } }'} }`;
    const { body } = await api.graphql(deep);
    expect(body.data ?? null).toBeNull();
    expect(body.errors?.[0]?.extensions).toMatchObject({ code: 'BAD_USER_INPUT' });
  });
});
