import { randomUUID } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type Identity, staffMember, superAdmin } from './support/auth-service.js';
import { type RunningApp, startApp } from './support/running-app.js';
import { bearer, createOrganization, type TestOrganization } from './support/tenants.js';
import { TEST_DATABASE, withSuperuser } from './support/test-env.js';
import { mailsTo } from './support/mailbox.js';

const CREATE = `mutation ($input: CreateOrganizationInput!) { createOrganization(input: $input) { id name slug } }`;
const UPDATE = `mutation ($input: UpdateOrganizationInput!) { updateOrganization(input: $input) { id name slug } }`;
const BY_SLUG = `query ($slug: String!) { organizationBySlug(slug: $slug) { id name } }`;

describe('organizations (platform and admin operations)', () => {
  let api: RunningApp;
  let operator: Identity;

  beforeAll(async () => {
    api = await startApp();
    operator = await superAdmin();
  });
  afterAll(() => api.close());

  it('creates an organization and invites its owner through the Auth Service', async () => {
    const slug = `created-${randomUUID().slice(0, 8)}`;
    const ownerEmail = `owner-${slug}@example.test`;
    const { body } = await api.graphql<{ createOrganization: { id: string; slug: string } }>(
      CREATE,
      { input: { name: 'Fundación Nueva', slug, ownerEmail } },
      bearer(operator.accessToken),
    );
    expect(body.errors).toBeUndefined();
    expect(body.data!.createOrganization).toMatchObject({ slug, name: 'Fundación Nueva' });

    const deadline = Date.now() + 10_000;
    let mails = await mailsTo(ownerEmail);
    while (mails.length === 0 && Date.now() < deadline) {
      await new Promise((resolve) => setTimeout(resolve, 100));
      mails = await mailsTo(ownerEmail);
    }
    expect(mails).toHaveLength(1);
    expect(mails[0]!.text).toContain('/accept-invitation?token=');
  });

  it('answers CONFLICT for a slug that is taken, and creates nothing', async () => {
    const existing = await createOrganization('taken');
    const { body } = await api.graphql(
      CREATE,
      { input: { name: 'Copy', slug: existing.slug, ownerEmail: 'copy@example.test' } },
      bearer(operator.accessToken),
    );
    expect(body.errors?.[0]?.extensions).toMatchObject({ code: 'CONFLICT', reason: 'SLUG_TAKEN' });
  });

  it('rejects invalid input naming the fields', async () => {
    const { body } = await api.graphql(
      CREATE,
      { input: { name: 'x', slug: 'Not A Slug', ownerEmail: 'nope' } },
      bearer(operator.accessToken),
    );
    expect(body.errors?.[0]?.extensions).toMatchObject({ code: 'BAD_USER_INPUT' });
    expect(Object.keys((body.errors?.[0]?.extensions?.errors as object) ?? {}).sort()).toEqual([
      'name',
      'ownerEmail',
      'slug',
    ]);
  });

  it('lists every organization for the platform operator, page by page', async () => {
    await Promise.all([1, 2, 3].map(() => createOrganization('listed')));
    const first = await api.graphql<{
      organizations: {
        edges: { node: { id: string } }[];
        pageInfo: { endCursor: string; hasNextPage: boolean };
      };
    }>(
      '{ organizations(first: 2) { edges { node { id } } pageInfo { endCursor hasNextPage } } }',
      {},
      bearer(operator.accessToken),
    );
    expect(first.body.data!.organizations.edges).toHaveLength(2);
    expect(first.body.data!.organizations.pageInfo.hasNextPage).toBe(true);
    const second = await api.graphql<{ organizations: { edges: { node: { id: string } }[] } }>(
      'query ($after: String) { organizations(first: 2, after: $after) { edges { node { id } } } }',
      { after: first.body.data!.organizations.pageInfo.endCursor },
      bearer(operator.accessToken),
    );
    const ids = [
      ...first.body.data!.organizations.edges,
      ...second.body.data!.organizations.edges,
    ].map((edge) => edge.node.id);
    expect(new Set(ids).size).toBe(ids.length);
  });

  describe('updateOrganization', () => {
    let organization: TestOrganization;
    let admin: Identity;
    beforeAll(async () => {
      organization = await createOrganization('rename');
      admin = await staffMember(organization.id, 'admin');
    });

    it('renames the active organization and the cached profile follows at once', async () => {
      // Warm the cache under the old slug.
      expect((await api.graphql(BY_SLUG, { slug: organization.slug })).body.data).toBeTruthy();
      const newSlug = `${organization.slug}-renamed`;
      const { body } = await api.graphql<{ updateOrganization: { id: string; slug: string } }>(
        UPDATE,
        { input: { name: 'Renamed Org', slug: newSlug } },
        bearer(admin.accessToken),
      );
      expect(body.data!.updateOrganization).toEqual({
        id: organization.id,
        name: 'Renamed Org',
        slug: newSlug,
      });
      expect((await api.graphql(BY_SLUG, { slug: newSlug })).body.data).toEqual({
        organizationBySlug: { id: organization.id, name: 'Renamed Org' },
      });
      const old = await api.graphql(BY_SLUG, { slug: organization.slug });
      expect(old.body.errors?.[0]?.extensions?.code).toBe('NOT_FOUND');
      const stored = await withSuperuser(TEST_DATABASE, (db) =>
        db.query('SELECT name FROM organizations WHERE id = $1', [organization.id]),
      );
      expect(stored.rows[0].name).toBe('Renamed Org');
    });
  });
});
